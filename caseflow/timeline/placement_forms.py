"""Forms for correcting a placement and retracting one entered by mistake."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from caseflow.cases.vocab import choices
from caseflow.timeline.vocab import END_REASON_LABELS, ENDING_LABELS, PLACEMENT_TYPE_LABELS

# Whether the placement is within the region's contracted supply; "" = not recorded.
CONTRACTED_CHOICES = [("", _l("onbekend")), ("ja", _l("ja, gecontracteerd")),
                      ("nee", _l("nee, niet gecontracteerd"))]


def contracted_value(choice: str | None) -> bool | None:
    return {"ja": True, "nee": False}.get(choice or "")


def contracted_choice(value: bool | None) -> str:
    return "" if value is None else ("ja" if value else "nee")


class CorrectPlacementForm(FlaskForm):
    type = SelectField(_l("Soort plaatsing"), choices=choices(PLACEMENT_TYPE_LABELS))
    provider_id = SelectField(_l("Zorgaanbieder"), coerce=int, validate_choice=False)
    provider_name = StringField(
        _l("Of een nieuwe aanbieder"), validators=[Optional(), Length(max=200)],
        description=_l("Alleen als de aanbieder niet in de lijst staat."),
    )
    in_region = BooleanField(_l("Binnen de regio"))
    contracted = SelectField(_l("Gecontracteerd"), choices=CONTRACTED_CHOICES, default="")
    start_date = DateField(
        _l("Startdatum"), validators=[InputRequired(_l("Vul de startdatum in."))]
    )
    planned_end = DateField(_l("Gepland einde"), validators=[Optional()])
    actual_end = DateField(
        _l("Einddatum"), validators=[Optional()],
        description=_l("Leeg als de plaatsing nog loopt."),
    )
    ending = SelectField(
        _l("Hoe eindigde de plaatsing?"),
        choices=[("", _l("—"))] + choices(ENDING_LABELS), validators=[Optional()],
    )
    end_reason = SelectField(
        _l("Reden (bij onplanmatig einde)"),
        choices=[("", _l("—"))] + choices(END_REASON_LABELS), validators=[Optional()],
    )
    end_note = TextAreaField(_l("Toelichting bij het einde"), validators=[Optional(),
                                                                         Length(max=2000)])
    reason = TextAreaField(
        _l("Reden van de correctie"),
        validators=[DataRequired(_l("Geef een reden voor de correctie.")), Length(max=2000)],
    )
    submit = SubmitField(_l("Correctie opslaan"))


class RetractPlacementForm(FlaskForm):
    reason = TextAreaField(
        _l("Reden van intrekken"),
        validators=[DataRequired(_l("Geef een reden voor het intrekken.")), Length(max=2000)],
        description=_l("Bijvoorbeeld: per ongeluk bij de verkeerde casus vastgelegd."),
    )
    submit = SubmitField(_l("Plaatsing intrekken"))
