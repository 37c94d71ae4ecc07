"""Forms of the retrospective screens. Messages are Dutch and shown next to the fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from caseflow.auth.models import ORGANISATION_KIND_LABELS
from caseflow.cases.vocab import choices
from caseflow.privacy.forms import IdentifierWarningsMixin
from caseflow.retrospectives.vocab import (
    ACTION_STATUS_LABELS,
    ANNOTATION_LABELS,
    CONSENT_GIVER_CHOICES,
    CONSENT_SCOPE_LABELS,
    PART_OF_DAY_LABELS,
)

TEXT_MAX = 5000
REQUIRED_DATE = _l("Vul een datum in.")


class ConsentForm(FlaskForm):
    given_by = SelectField(_l("Wie geeft toestemming"), choices=choices(CONSENT_GIVER_CHOICES))
    given_on = DateField(_l("Datum toestemming"), validators=[InputRequired(REQUIRED_DATE)])
    scope = SelectField(_l("Reikwijdte"), choices=choices(CONSENT_SCOPE_LABELS))
    reflection = TextAreaField(
        _l("Reflectie van het gezin (optioneel)"), validators=[Optional(), Length(max=TEXT_MAX)]
    )
    learning_question = TextAreaField(
        _l("Leervraag van het gezin (optioneel)"), validators=[Optional(), Length(max=TEXT_MAX)]
    )
    submit = SubmitField(_l("Toestemming vastleggen"))


class WithdrawForm(FlaskForm):
    party = HiddenField()  # empty: every party's consent ("the family withdraws")
    submit = SubmitField(_l("Toestemming intrekken"))


class FamilyLinkForm(FlaskForm):
    # Its own id: the consent form on the same page has a given_by field too.
    given_by = SelectField(_l("Link voor"), choices=choices(CONSENT_GIVER_CHOICES),
                           id="link_given_by")
    submit = SubmitField(_l("Persoonlijke link maken"))


class FamilyForm(FlaskForm):
    """The family's page (plain Dutch, B1): the labels are set per reader in the template."""

    consent = RadioField(
        choices=[("geven", ""), ("geven_alleen_retrospectief", ""), ("intrekken", "")],
        validators=[InputRequired(_l("Kies een antwoord."))],
    )
    reflection = TextAreaField(validators=[Optional(), Length(max=TEXT_MAX)])
    learning_question = TextAreaField(validators=[Optional(), Length(max=TEXT_MAX)])
    submit = SubmitField(_l("Versturen"))


class QuestionsMixin:
    main_question = TextAreaField(
        _l("Hoofdvraag"),
        validators=[DataRequired(_l("Vul de hoofdvraag in.")), Length(max=TEXT_MAX)],
    )
    sub_questions = TextAreaField(
        _l("Subvragen (één per regel)"), validators=[Optional(), Length(max=TEXT_MAX)]
    )
    held_on = DateField(_l("Datum (dagdeel)"), validators=[InputRequired(REQUIRED_DATE)])
    part_of_day = SelectField(_l("Dagdeel"), choices=choices(PART_OF_DAY_LABELS))


class PrepareForm(QuestionsMixin, FlaskForm):
    case = SelectField(
        _l("Casus (alleen met toestemming van het gezin)"), coerce=int, validate_choice=False,
        validators=[NumberRange(min=1, message=_l("Kies een casus."))],
    )
    facilitator = SelectField(
        _l("Facilitator"), coerce=int, validate_choice=False,
        validators=[NumberRange(min=1, message=_l("Kies een facilitator."))],
    )
    session = SelectField(_l("Leerbijeenkomst"), coerce=int, validate_choice=False)
    as_of = DateField(
        _l("Tijdlijn zoals bekend op"), validators=[InputRequired(REQUIRED_DATE)]
    )
    submit = SubmitField(_l("Retrospectief voorbereiden"))


class QuestionsForm(QuestionsMixin, FlaskForm):
    submit = SubmitField(_l("Vragen opslaan"))


class ParticipantForm(FlaskForm):
    name = StringField(
        _l("Naam (alleen voor de presentielijst)"),
        validators=[DataRequired(_l("Vul een naam in.")), Length(max=200)],
    )
    organisation_kind = SelectField(_l("Soort organisatie"), choices=choices(
        ORGANISATION_KIND_LABELS))
    role = StringField(
        _l("Rol"), validators=[DataRequired(_l("Vul een rol in.")), Length(max=100)]
    )
    skj_number = StringField(_l("SKJ-registratienummer"), validators=[Optional(), Length(max=30)])
    submit = SubmitField(_l("Deelnemer toevoegen"))


class AttendanceForm(FlaskForm):
    attended = HiddenField()
    submit = SubmitField(_l("Aanwezigheid wijzigen"))


class FlagForm(FlaskForm):
    """One group of open spans (the same text): replace by a label, or keep with a reason."""

    word = HiddenField(validators=[DataRequired()])
    replacement = StringField(
        _l("Vervangen door"),
        validators=[Optional(), Length(max=60, message=_l("Ten hoogste 60 tekens."))],
    )
    reason = StringField(
        _l("Reden om te behouden"),
        validators=[Optional(), Length(max=500, message=_l("Ten hoogste 500 tekens."))],
    )
    replace = SubmitField(_l("Vervangen"))
    keep = SubmitField(_l("Behouden"))


class MissedWordForm(FlaskForm):
    """A name the engine did not find: replaced everywhere in this text."""

    word = StringField(
        _l("Woord of naam"),
        validators=[DataRequired(_l("Vul het woord in dat vervangen moet worden.")),
                    Length(max=100, message=_l("Ten hoogste 100 tekens."))],
    )
    label = StringField(
        _l("Vervangen door"),
        validators=[Optional(), Length(max=60, message=_l("Ten hoogste 60 tekens."))],
    )
    submit = SubmitField(_l("Overal vervangen"))


class AnnotationForm(IdentifierWarningsMixin, FlaskForm):
    identifier_fields = ("text",)

    type = SelectField(_l("Soort"), choices=choices(ANNOTATION_LABELS))
    event = SelectField(_l("Bij gebeurtenis"), coerce=int, validate_choice=False)
    period_start = DateField(_l("Of periode vanaf"), validators=[Optional()])
    period_end = DateField(_l("tot en met"), validators=[Optional()])
    text = TextAreaField(
        _l("Tekst"), validators=[DataRequired(_l("Vul de tekst in.")), Length(max=TEXT_MAX)]
    )
    sub_question = SelectField(_l("Beantwoordt subvraag"), coerce=int, validate_choice=False)
    themes = SelectMultipleField(_l("Thema's"), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Annotatie toevoegen"))


class ThemeForm(FlaskForm):
    label = StringField(
        _l("Nieuw thema"), validators=[DataRequired(_l("Vul een thema in.")), Length(max=120)]
    )
    submit = SubmitField(_l("Thema toevoegen"))


class ActionForm(FlaskForm):
    text = TextAreaField(
        _l("Verbeteractie"),
        validators=[DataRequired(_l("Beschrijf de verbeteractie.")), Length(max=TEXT_MAX)],
    )
    owner = StringField(_l("Wie (rol of organisatie)"), validators=[Optional(), Length(max=200)])
    due_on = DateField(_l("Uiterlijk"), validators=[Optional()])
    submit = SubmitField(_l("Actie toevoegen"))


class ActionStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=choices(ACTION_STATUS_LABELS))
    submit = SubmitField(_l("Bijwerken"))


class FinishForm(FlaskForm):
    submit = SubmitField(_l("Retrospectief afronden"))


class SessionForm(FlaskForm):
    title = StringField(
        _l("Titel"), validators=[DataRequired(_l("Vul een titel in.")), Length(max=200)]
    )
    held_on = DateField(_l("Datum"), validators=[InputRequired(REQUIRED_DATE)])
    location = StringField(_l("Locatie"), validators=[Optional(), Length(max=200)])
    facilitator = SelectField(
        _l("Facilitator"), coerce=int, validate_choice=False,
        validators=[NumberRange(min=1, message=_l("Kies een facilitator."))],
    )
    submit = SubmitField(_l("Leerbijeenkomst aanmaken"))
