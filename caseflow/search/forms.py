"""Forms of the search. Choices are not validated by WTForms (``validate_choice=False``): the
services check them and answer in Dutch next to the field, so nothing entered is lost."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from caseflow.cases.vocab import choices
from caseflow.search.vocab import (
    ANSWER_LABELS,
    CLOSE_LABELS,
    REFUSAL_LABELS,
    REGION_LABELS,
    SETTING_LABELS,
    WERVING_LABELS,
)
from caseflow.timeline.vocab import PLACEMENT_TYPE_LABELS


class Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:  # the service checks the choices
        pass


class NeedsForm(FlaskForm):
    opened_on = DateField(_l("Start van de zoektocht"), default=date.today,
                          validators=[Optional()])
    care_types = Checkboxes(_l("Gezochte soorten zorg"), choices=choices(PLACEMENT_TYPE_LABELS))
    setting_needs = Checkboxes(_l("Wat de plek moet bieden"), choices=choices(SETTING_LABELS))
    closed_basis = StringField(_l("Wettelijke grond voor gesloten jeugdhulp"))
    school = StringField(_l("Dicht bij welke school"))
    needs_note = TextAreaField(_l("Toelichting op wat de jeugdige nodig heeft"))
    region_preference = SelectField(_l("Voorkeur"), choices=choices(REGION_LABELS),
                                    validate_choice=False)
    weighing = TextAreaField(_l("Afweging bij buiten de regio: wat is gewogen"))
    network_contact = TextAreaField(_l("Contact met gezin en netwerk: wat is afgesproken"))
    werving_status = SelectField(_l("Kindgericht werven"), choices=choices(WERVING_LABELS),
                                 validate_choice=False)
    werving_note = TextAreaField(_l("Toelichting op het werven"))
    reason = StringField(_l("Reden van de wijziging"))
    submit = SubmitField(_l("Vastleggen"))


class AskForm(FlaskForm):
    provider_id = SelectField(_l("Zorgaanbieder"), coerce=int, validate_choice=False)
    care_type = SelectField(_l("Soort zorg"), choices=choices(PLACEMENT_TYPE_LABELS),
                            validate_choice=False)
    requested_on = DateField(_l("Datum van de aanvraag"), default=date.today,
                             validators=[Optional()])
    reasked = BooleanField(_l("Opnieuw gevraagd (deze aanbieder is eerder gevraagd)"))
    reason = StringField(_l("Reden van de correctie"))
    submit = SubmitField(_l("Aanvraag vastleggen"))


class ReplyForm(FlaskForm):
    answer = SelectField(_l("Antwoord"), choices=[("", "—")] + choices(ANSWER_LABELS),
                         validate_choice=False)
    answered_on = DateField(_l("Datum van het antwoord"), default=date.today,
                            validators=[Optional()])
    wait_weeks = IntegerField(_l("Verwachte wachttijd (weken)"), validators=[Optional()])
    refusal_reason = SelectField(_l("Reden van ‘nee’"),
                                 choices=[("", "—")] + choices(REFUSAL_LABELS),
                                 validate_choice=False)
    refusal_other = StringField(_l("Andere reden"))
    reason = StringField(_l("Reden van de correctie (alleen bij een gegeven antwoord)"))
    submit = SubmitField(_l("Antwoord vastleggen"))


class CloseForm(FlaskForm):
    kind = SelectField(_l("Hoe eindigt de zoektocht"), choices=[("", "—")] + choices(CLOSE_LABELS),
                       validate_choice=False)
    placement_id = SelectField(_l("Plaatsing die gestart is"), coerce=int, validate_choice=False)
    closed_on = DateField(_l("Einddatum (zonder plaatsing)"), validators=[Optional()])
    note = TextAreaField(_l("Toelichting"))
    submit = SubmitField(_l("Zoektocht afsluiten"))
