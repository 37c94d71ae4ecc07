"""Forms of the outcome domain. Scores arrive as text and are checked by the services, so a
score outside the scale gets a Dutch message next to its field."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from caseflow.cases.vocab import choices
from caseflow.outcome.models import GAS_MAX, GAS_MIN, SCORE_MAX, SCORE_MIN
from caseflow.outcome.vocab import (
    GAS_LABELS,
    GOAL_FOR_LABELS,
    GOAL_STATUS_LABELS,
    MISSING_VOICE_LABELS,
    TARIFF_KIND_LABELS,
)


class GoalForm(FlaskForm):
    description = TextAreaField(_l("Doel"), validators=[Optional(), Length(max=5000)])
    for_whom = SelectField(_l("Voor wie"), choices=choices(GOAL_FOR_LABELS), validate_choice=False)
    indicator = TextAreaField(
        _l("Waaraan ziet u dat het doel bereikt is?"), validators=[Optional(), Length(max=5000)]
    )
    status = SelectField(
        _l("Status"), choices=choices(GOAL_STATUS_LABELS), validate_choice=False
    )
    note = StringField(_l("Toelichting bij deze versie"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Doel vastleggen"))


def _scale(low: int, high: int) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(v), str(v)) for v in range(low, high + 1)]


def _reasons() -> list[tuple[str, str]]:
    return [("", _l("(niet van toepassing: de stem is vastgelegd)"))] + choices(
        MISSING_VOICE_LABELS
    )


class EvaluationForm(FlaskForm):
    held_on = DateField(
        _l("Datum van het evaluatiemoment"),
        default=date.today,
        validators=[InputRequired(_l("Vul de datum van het evaluatiemoment in."))],
    )
    child_view = TextAreaField(
        _l("Wat zegt de jeugdige zelf? (in eigen woorden)"),
        validators=[Optional(), Length(max=5000)],
    )
    child_safety = SelectField(
        _l("Hoe veilig voelt de jeugdige zich? (0–10)"),
        choices=_scale(SCORE_MIN, SCORE_MAX),
        validate_choice=False,
    )
    child_missing = SelectField(
        _l("Stem van de jeugdige ontbreekt, omdat"), choices=_reasons(), validate_choice=False
    )
    parents_view = TextAreaField(
        _l("Wat zeggen de ouders?"), validators=[Optional(), Length(max=5000)]
    )
    parents_score = SelectField(
        _l("Hoe gaat het volgens de ouders? (0–10)"),
        choices=_scale(SCORE_MIN, SCORE_MAX),
        validate_choice=False,
    )
    parents_missing = SelectField(
        _l("Stem van de ouders ontbreekt, omdat"), choices=_reasons(), validate_choice=False
    )
    professionals_view = TextAreaField(
        _l("Visie van de professionals"), validators=[Optional(), Length(max=5000)]
    )
    submit = SubmitField(_l("Evaluatie vastleggen"))


GAS_CHOICES = [("", "—")] + [(str(v), GAS_LABELS[v]) for v in range(GAS_MIN, GAS_MAX + 1)]


class TariffForm(FlaskForm):
    kind = SelectField(
        _l("Soort tarief"),
        choices=[("", _l("(geen tarief bekend)"))] + choices(TARIFF_KIND_LABELS),
        validate_choice=False,
    )
    amount = StringField(_l("Bedrag in euro's"), validators=[Optional(), Length(max=30)])
    funding_gemeente = SelectField(
        _l("Financierende gemeente"), coerce=int, validate_choice=False
    )
    submit = SubmitField(_l("Tarief vastleggen"))
