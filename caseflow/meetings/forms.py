"""Forms of the meeting screens. Messages are Dutch and shown next to the fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from caseflow.cases.vocab import choices
from caseflow.meetings.clock import region_today
from caseflow.meetings.vocab import GUEST_ROLE_LABELS, MANDATE_LABELS
from caseflow.privacy.forms import IdentifierWarningsMixin

TEXT_MAX = 5000
REASON_MAX = 2000


class MeetingForm(FlaskForm):
    day = DateField(_l("Datum"), validators=[InputRequired(_l("Vul de datum in."))])
    starts = TimeField(_l("Aanvang"), validators=[InputRequired(_l("Vul de aanvangstijd in."))])
    location = StringField(_l("Locatie"), validators=[Optional(), Length(max=200)])
    chair = SelectField(
        _l("Voorzitter"), coerce=int,
        validators=[NumberRange(min=1, message=_l("Kies een voorzitter."))],
    )
    coordinator = SelectField(
        _l("Procesbegeleider"), coerce=int,
        validators=[NumberRange(min=1, message=_l("Kies een procesbegeleider."))],
    )
    attendees = SelectMultipleField(_l("Deelnemers"), coerce=int, validators=[Optional()])
    confirm = BooleanField(
        _l("Ja, plan deze bespreking toch"),
        description=_l("Nodig voor een bespreking in het verleden of op hetzelfde moment als "
                       "een andere."),
    )
    submit = SubmitField(_l("Bespreking plannen"))


class MeetingEditForm(FlaskForm):
    day = DateField(_l("Datum"), validators=[InputRequired(_l("Vul de datum in."))])
    starts = TimeField(_l("Aanvang"), validators=[InputRequired(_l("Vul de aanvangstijd in."))])
    location = StringField(_l("Locatie"), validators=[Optional(), Length(max=200)])
    attendees = SelectMultipleField(
        _l("Deelnemers"), coerce=int, validators=[Optional()],
        description=_l("De voorzitter en de procesbegeleider blijven altijd op de lijst; gasten "
                       "blijven staan."),
    )
    reason = TextAreaField(
        _l("Toelichting"), validators=[Optional(), Length(max=REASON_MAX)],
        description=_l("Bijvoorbeeld: verzet op verzoek van de school."),
    )
    confirm = BooleanField(
        _l("Ja, verzet deze bespreking toch"),
        description=_l("Nodig voor een moment in het verleden of op hetzelfde moment als een "
                       "andere bespreking."),
    )
    submit = SubmitField(_l("Wijzigingen opslaan"))


def _reason_field() -> TextAreaField:
    return TextAreaField(
        _l("Reden"),
        validators=[DataRequired(_l("Geef een reden op.")), Length(max=REASON_MAX)],
    )


class CancelForm(FlaskForm):
    reason = _reason_field()
    submit = SubmitField(_l("Bespreking annuleren"))


class RemoveItemForm(FlaskForm):
    reason = _reason_field()
    submit = SubmitField(_l("Van de agenda halen"))


class MoveItemForm(FlaskForm):
    target = SelectField(
        _l("Naar bespreking"), coerce=int, validate_choice=False,
        validators=[NumberRange(min=1, message=_l("Kies een bespreking."))],
    )
    reason = _reason_field()
    submit = SubmitField(_l("Verplaatsen"))


class FixMinutesForm(FlaskForm):
    submit = SubmitField(_l("Verslag vaststellen"))


class AddendumForm(FlaskForm):
    text = TextAreaField(
        _l("Addendum"),
        validators=[DataRequired(_l("Schrijf het addendum.")), Length(max=TEXT_MAX)],
    )
    submit = SubmitField(_l("Addendum toevoegen"))


class AgendaForm(FlaskForm):
    case = SelectField(
        _l("Casus"), coerce=int, validate_choice=False,
        validators=[NumberRange(min=1, message=_l("Kies een casus."))],
    )
    submit = SubmitField(_l("Op de agenda zetten"))


class GuestForm(FlaskForm):
    role = SelectField(
        _l("Rol van de gast"),
        choices=[("", _l("Kies een rol"))] + choices(GUEST_ROLE_LABELS),
        validators=[DataRequired(_l("Kies de rol van de gast."))],
        description=_l("Namen van gezinsleden worden niet vastgelegd, alleen hun rol."),
    )
    case = SelectField(_l("Bij casus"), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Gast toevoegen"))


class AttendeeForm(FlaskForm):
    user = SelectField(
        _l("Deelnemer"), coerce=int, validate_choice=False,
        validators=[NumberRange(min=1, message=_l("Kies een deelnemer."))],
    )
    submit = SubmitField(_l("Deelnemer toevoegen"))


class PreparationForm(FlaskForm):
    question = TextAreaField(
        _l("Vraag aan de RET"),
        validators=[DataRequired(_l("Beschrijf de vraag aan de RET.")), Length(max=TEXT_MAX)],
    )
    advice = TextAreaField(_l("Advies"), validators=[Optional(), Length(max=TEXT_MAX)])
    submit = SubmitField(_l("Voorbereiding opslaan"))


class DecisionForm(IdentifierWarningsMixin, FlaskForm):
    identifier_fields = ("text",)

    text = TextAreaField(
        _l("Besluit"),
        validators=[DataRequired(_l("Beschrijf het besluit.")), Length(max=TEXT_MAX)],
    )
    mandate = SelectField(
        _l("Mandaat"),
        choices=[("", _l("Kies het mandaat"))] + choices(MANDATE_LABELS),
        validators=[DataRequired(_l("Kies het mandaat van dit besluit."))],
        description=_l("Wat de RET mag besluiten verschilt per regio: advies, besluit of "
                       "doorzettingsmacht."),
    )
    escalated_to = StringField(
        _l("Opgeschaald naar"), validators=[Optional(), Length(max=200)],
        description=_l("Alleen invullen als het besluit wordt opgeschaald, bijvoorbeeld naar "
                       "de bestuurder of de wethouder."),
    )
    submit = SubmitField(_l("Besluit vastleggen"))


class ActionForm(FlaskForm):
    description = TextAreaField(
        _l("Actie"),
        validators=[DataRequired(_l("Beschrijf de actie.")), Length(max=TEXT_MAX)],
    )
    owner = SelectField(
        _l("Eigenaar"), validate_choice=False,
        validators=[DataRequired(_l("Kies een eigenaar: een persoon of een organisatie."))],
    )
    due_on = DateField(
        _l("Uiterlijk"), validators=[InputRequired(_l("Vul de uiterste datum in."))]
    )
    submit = SubmitField(_l("Actie vastleggen"))

    def validate_due_on(self, field: DateField) -> None:
        if field.data and field.data < region_today():
            raise ValidationError(_l("De uiterste datum ligt in het verleden."))


class ActionStatusForm(FlaskForm):
    status = HiddenField(validators=[DataRequired()])
    next = HiddenField()
