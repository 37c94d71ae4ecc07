"""Forms of the case screens. Messages are Dutch and shown next to the fields."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from caseflow.cases.closing import PENDING_CHOICE_LABELS
from caseflow.cases.vocab import (
    CLOSING_REASON_LABELS,
    DECISION_LABELS,
    MEMBER_ROLE_LABELS,
    PROBLEM_AREA_LABELS,
    REFERRER_LABELS,
    choices,
)
from caseflow.core.dates import DateProblem, date_message
from caseflow.privacy.checks import pseudonym_problem
from caseflow.privacy.forms import IdentifierWarningsMixin

# Jeugdhulp can run to 23 (verlengde jeugdhulp); older birth years are almost surely typos.
OLDEST_AGE = 27
TEXT_MAX = 5000


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _required(message):
    return DataRequired(message=message)


class IntakeForm(IdentifierWarningsMixin, FlaskForm):
    identifier_fields = ("question", "current_situation")

    pseudonym = StringField(
        _l("Roepnaam of pseudoniem"),
        validators=[_required(_l("Vul een roepnaam of pseudoniem in.")), Length(max=60)],
        description=_l("Geen achternaam: alleen de naam waarmee u de jeugdige in het team noemt."),
    )
    birth_year = IntegerField(
        _l("Geboortejaar"),
        validators=[InputRequired(_l("Vul het geboortejaar in (vier cijfers)."))],
    )
    birth_month = SelectField(
        _l("Geboortemaand"), coerce=int,
        choices=[(0, _l("Kies een maand"))] + [(m, str(m)) for m in range(1, 13)],
        validators=[NumberRange(min=1, max=12, message=_l("Kies de geboortemaand."))],
    )
    gemeente = SelectField(
        _l("Gemeente (woonplaatsbeginsel)"), coerce=int, validate_choice=False,
        validators=[NumberRange(min=1, message=_l("Kies een gemeente uit de lijst."))],
    )
    referrer_type = SelectField(
        _l("Verwijzer"), choices=[("", _l("Kies wie verwijst"))] + choices(REFERRER_LABELS),
        validators=[_required(_l("Kies wie de jeugdige aanmeldt."))],
    )
    referrer_organisation = SelectField(_l("Verwijzende organisatie"), coerce=int)
    registered_on = DateField(
        _l("Datum aanmelding"), default=date.today,
        validators=[InputRequired(_l("Vul de datum van aanmelding in."))],
    )
    question = TextAreaField(
        _l("Hulpvraag"),
        validators=[_required(_l("Beschrijf de hulpvraag.")), Length(max=TEXT_MAX)],
    )
    problem_areas = MultiCheckboxField(
        _l("Probleemgebieden"), choices=choices(PROBLEM_AREA_LABELS),
        validators=[_required(_l("Kies ten minste één probleemgebied."))],
    )
    current_situation = TextAreaField(
        _l("Huidige situatie"), validators=[Optional(), Length(max=TEXT_MAX)]
    )
    casusregisseur = SelectField(_l("Casusregisseur"), coerce=int)
    submit = SubmitField(_l("Aanmelding registreren"))

    def validate_pseudonym(self, field: StringField) -> None:
        problem = pseudonym_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_birth_year(self, field: IntegerField) -> None:
        today = date.today()
        if field.data is None:
            return
        if field.data > today.year:
            raise ValidationError(_l("Het geboortejaar ligt in de toekomst."))
        if field.data < today.year - OLDEST_AGE:
            raise ValidationError(
                _l("Een jeugdige is hooguit %(n)d jaar; controleer het geboortejaar.", n=OLDEST_AGE)
            )

    def validate_birth_month(self, field: SelectField) -> None:
        today = date.today()
        if self.birth_year.data == today.year and field.data and field.data > today.month:
            raise ValidationError(_l("De geboortedatum ligt in de toekomst."))

    def validate_registered_on(self, field: DateField) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(_l("De datum van aanmelding ligt in de toekomst."))
        year = self.birth_year.data
        if field.data and isinstance(year, int) and field.data.year < year:
            raise ValidationError(date_message(DateProblem.BEFORE_BIRTH, year))


class MoveForm(FlaskForm):
    trigger = HiddenField(validators=[DataRequired()])
    version = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Toelichting"), validators=[Optional(), Length(max=TEXT_MAX)])
    closing_reason = SelectField(
        _l("Reden van afsluiten"),
        choices=[("", _l("Kies een reden"))] + choices(CLOSING_REASON_LABELS),
        validators=[Optional()],
    )
    follow_up_weeks = IntegerField(
        _l("Ritme van blijven volgen (weken)"),
        validators=[Optional(), NumberRange(min=1, max=52, message=_l(
            "Kies een ritme tussen 1 en 52 weken."))],
    )
    # Closing with open actions or a planned agenda slot: what happens to them (cases.closing).
    pending_choice = SelectField(
        _l("Open acties en geplande besprekingen"),
        choices=[("", _l("Kies wat ermee gebeurt"))] + choices(PENDING_CHOICE_LABELS),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Bevestigen"))


class ProposalDecisionForm(FlaskForm):
    version = HiddenField()
    note = TextAreaField(_l("Toelichting"), validators=[Optional(), Length(max=TEXT_MAX)])


class DecisionForm(IdentifierWarningsMixin, FlaskForm):
    identifier_fields = ("text",)

    kind = SelectField(_l("Soort besluit"), choices=choices(DECISION_LABELS))
    text = TextAreaField(
        _l("Besluit"), validators=[_required(_l("Beschrijf het besluit.")), Length(max=TEXT_MAX)]
    )
    submit = SubmitField(_l("Besluit vastleggen"))


class MemberForm(FlaskForm):
    user = SelectField(
        _l("Professional"), coerce=int,
        validators=[NumberRange(min=1, message=_l("Kies een professional."))],
    )
    role = SelectField(_l("Rol in de casus"), choices=choices(MEMBER_ROLE_LABELS))
    since = DateField(_l("Betrokken vanaf"), default=date.today, validators=[Optional()])
    submit = SubmitField(_l("Toevoegen"))


class EndMemberForm(FlaskForm):
    submit = SubmitField(_l("Betrokkenheid beëindigen"))


def _text(label, message):
    return TextAreaField(label, validators=[_required(message), Length(max=TEXT_MAX)])


class AnalysisForm(IdentifierWarningsMixin, FlaskForm):
    identifier_fields = (
        "question", "problems", "strengths", "hypotheses", "hypotheses_child",
        "hypotheses_family", "hypotheses_care", "working_theory", "goals", "scenarios",
    )

    question = _text(_l("Verhelderde vraag"), _l("Beschrijf de verhelderde vraag."))
    problems = _text(_l("Problemen"), _l("Beschrijf de problemen."))
    strengths = _text(_l("Krachten"), _l("Beschrijf ook de krachten."))
    # The general text of the exchange format (and of imported history), beside the detail.
    hypotheses = TextAreaField(
        _l("Verklarende hypothesen — algemeen"), validators=[Optional(), Length(max=TEXT_MAX)]
    )
    hypotheses_child = TextAreaField(
        _l("Verklarende hypothesen — jeugdige"), validators=[Optional(), Length(max=TEXT_MAX)]
    )
    hypotheses_family = TextAreaField(
        _l("Verklarende hypothesen — gezin en netwerk"),
        validators=[Optional(), Length(max=TEXT_MAX)],
    )
    hypotheses_care = TextAreaField(
        _l("Verklarende hypothesen — de zorg eromheen"),
        validators=[Optional(), Length(max=TEXT_MAX)],
    )
    working_theory = _text(_l("Gedeelde werkhypothese"), _l("Beschrijf de gedeelde werkhypothese."))
    goals = _text(_l("Doelen"), _l("Beschrijf de doelen."))
    scenarios = _text(_l("Scenario's"), _l("Beschrijf de scenario's."))
    made_with_family = BooleanField(_l("Samen met het gezin opgesteld"))
    behavioural_scientist_involved = BooleanField(_l("Gedragswetenschapper betrokken"))
    submit = SubmitField(_l("Nieuwe versie opslaan"))

    def validate_hypotheses_care(self, field: TextAreaField) -> None:
        parts = (
            self.hypotheses.data, self.hypotheses_child.data, self.hypotheses_family.data,
            field.data,
        )
        if not any((p or "").strip() for p in parts):
            raise ValidationError(
                _l("Beschrijf ten minste één verklarende hypothese: waarom ontstaan de problemen, "
                   "en waarom blijven ze bestaan?")
            )


class LongSelect(widgets.Select):
    """WTForms' select, for hundreds of options (a national region's gemeenten and its more than
    a thousand casusregisseurs): the same HTML, each plain option built with one f-string
    instead of ``html_params`` (8 ms for 1,600 options on every case list page)."""

    @classmethod
    def render_option(cls, value, label, selected, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs or value is True:
            return super().render_option(value, label, selected, **kwargs)
        chosen = "selected " if selected else ""
        # Both inserted values are escaped here; ``chosen`` is one of two literals.
        return Markup(f'<option {chosen}value="{escape(value)}">{escape(label)}</option>')  # nosec B704


class CaseFilterForm(FlaskForm):
    """The case list's filters; a GET form without CSRF, so filters live in the URL."""

    class Meta:
        csrf = False

    q = StringField(_l("Zoek op referentie of naam"), validators=[Optional(), Length(max=60)])
    phase = SelectField(_l("Fase"), validators=[Optional()])
    gemeente = SelectField(_l("Gemeente"), validators=[Optional()], widget=LongSelect())
    regisseur = SelectField(_l("Casusregisseur"), validators=[Optional()], widget=LongSelect())
    area = SelectField(_l("Probleemgebied"), validators=[Optional()])
    status = SelectField(
        _l("Status"),
        choices=[("open", _l("Open")), ("closed", _l("Afgesloten")), ("all", _l("Alle"))],
        default="open", validators=[Optional()],
    )
    sort = HiddenField(default="reference")
