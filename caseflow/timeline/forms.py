"""Forms of the timeline: logging an event, correcting it, retracting it, placements."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from caseflow.cases.vocab import choices
from caseflow.privacy.forms import IdentifierWarningsMixin
from caseflow.timeline.placement_forms import CONTRACTED_CHOICES
from caseflow.timeline.vocab import (
    END_REASON_LABELS,
    ENDING_LABELS,
    EVENT_KIND_LABELS,
    LOGGABLE_KINDS,
    PLACEMENT_TYPE_LABELS,
    PRECISION_LABELS,
)


class EventForm(IdentifierWarningsMixin, FlaskForm):
    identifier_fields = ("title", "description")

    kind = SelectField(
        _l("Soort"),
        # An empty first choice: a forgotten choice is an error, never silently "crisis".
        choices=[("", _l("— kies —"))] + [(k.value, EVENT_KIND_LABELS[k]) for k in LOGGABLE_KINDS],
        validators=[DataRequired(_l("Kies een soort gebeurtenis."))],
    )
    title = StringField(
        _l("Wat gebeurde er?"),
        validators=[DataRequired(_l("Geef de gebeurtenis een korte titel.")), Length(max=200)],
        render_kw={"autocomplete": "off"},
    )
    occurred_on = DateField(
        _l("Wanneer"),
        default=date.today,
        validators=[InputRequired(_l("Vul de datum in waarop het gebeurde."))],
    )
    precision = SelectField(_l("Hoe precies is die datum?"), choices=choices(PRECISION_LABELS))
    description = TextAreaField(_l("Toelichting"), validators=[Optional(), Length(max=5000)])
    organisations = SelectMultipleField(
        _l("Betrokken organisaties"), coerce=int, validate_choice=False
    )
    placement = SelectField(_l("Hoort bij plaatsing"), coerce=int, validate_choice=False)
    change_note = StringField(
        _l("Waarom deze correctie?"), validators=[Optional(), Length(max=500)]
    )
    submit = SubmitField(_l("Vastleggen"))


class RetractForm(FlaskForm):
    reason = TextAreaField(
        _l("Reden van intrekken"),
        validators=[DataRequired(_l("Geef een reden voor het intrekken.")), Length(max=2000)],
    )
    submit = SubmitField(_l("Gebeurtenis intrekken"))


class PlacementForm(FlaskForm):
    type = SelectField(_l("Soort plaatsing"), choices=choices(PLACEMENT_TYPE_LABELS))
    provider_name = StringField(
        _l("Aanbieder"),
        validators=[DataRequired(_l("Vul de aanbieder in.")), Length(max=200)],
    )
    in_region = BooleanField(_l("Binnen de regio"), default=True)
    contracted = SelectField(_l("Gecontracteerd"), choices=CONTRACTED_CHOICES, default="")
    start_date = DateField(
        _l("Startdatum"), validators=[InputRequired(_l("Vul de startdatum in."))]
    )
    planned_end = DateField(_l("Gepland einde"), validators=[Optional()])
    submit = SubmitField(_l("Plaatsing vastleggen"))


class EndPlacementForm(FlaskForm):
    end_date = DateField(
        _l("Einddatum"), default=date.today, validators=[InputRequired(_l("Vul de einddatum in."))]
    )
    ending = SelectField(_l("Hoe eindigde de plaatsing?"), choices=choices(ENDING_LABELS))
    end_reason = SelectField(
        _l("Reden (bij onplanmatig einde)"),
        choices=[("", _l("—"))] + choices(END_REASON_LABELS),
        validators=[Optional()],
    )
    note = TextAreaField(_l("Toelichting"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Plaatsing beëindigen"))


class TimelineFilterForm(FlaskForm):
    class Meta:
        csrf = False

    kind = SelectMultipleField(
        _l("Soort"), choices=choices(EVENT_KIND_LABELS), validators=[Optional()]
    )
    organisation = SelectField(
        _l("Organisatie"), coerce=str, validators=[Optional()], validate_choice=False
    )
    start = DateField(_l("Vanaf"), validators=[Optional()])
    end = DateField(_l("Tot en met"), validators=[Optional()])
    as_of = DateField(_l("Zoals bekend op"), validators=[Optional()])
