"""Forms for the case facts (issue 24, point 1): a legal framework period, its correction and
retraction, a sibling link and its removal, the number of siblings outside caseflow."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from caseflow.cases.forms import TEXT_MAX
from caseflow.cases.vocab import LEGAL_FRAMEWORK_LABELS, choices


class FrameworkForm(FlaskForm):
    framework = SelectField(_l("Juridisch kader"), choices=choices(LEGAL_FRAMEWORK_LABELS))
    from_date = DateField(_l("Vanaf"), validators=[InputRequired(_l("Vul de begindatum in."))])
    until_date = DateField(
        _l("Tot en met"), validators=[Optional()],
        description=_l("Leeg als het kader nog geldt."),
    )
    submit = SubmitField(_l("Kader vastleggen"))


class CorrectFrameworkForm(FrameworkForm):
    reason = TextAreaField(
        _l("Reden van de correctie"),
        validators=[DataRequired(_l("Geef een reden voor de correctie.")), Length(max=TEXT_MAX)],
    )
    submit = SubmitField(_l("Correctie opslaan"))


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Reden"),
        validators=[DataRequired(_l("Geef een reden.")), Length(max=TEXT_MAX)],
        description=_l("Bijvoorbeeld: per ongeluk bij de verkeerde casus vastgelegd."),
    )
    submit = SubmitField(_l("Bevestigen"))


class SiblingForm(FlaskForm):
    sibling = StringField(
        _l("Kenmerk van de casus van de broer of zus"),
        validators=[DataRequired(_l("Vul het kenmerk van de andere casus in.")),
                    Length(max=40)],
        description=_l("Bijvoorbeeld GV-2025-0012."),
    )
    submit = SubmitField(_l("Koppelen"))


class OutsideForm(FlaskForm):
    count = IntegerField(
        _l("Aantal broers en zussen buiten caseflow"),
        validators=[InputRequired(_l("Vul een aantal in.")),
                    NumberRange(min=0, max=30,
                                message=_l("Vul een aantal van 0 tot en met 30 in."))],
    )
    reason = TextAreaField(
        _l("Reden (bij een wijziging)"), validators=[Optional(), Length(max=TEXT_MAX)]
    )
    submit = SubmitField(_l("Aantal opslaan"))
