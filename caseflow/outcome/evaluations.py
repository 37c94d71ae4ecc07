"""Recording an evaluatiemoment (goal scores, the voices of child and parents, the
professionals' view) and reading a case's evaluations. Functions flush; views commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.outcome.models import (
    GAS_MAX,
    GAS_MIN,
    SCORE_MAX,
    SCORE_MIN,
    Evaluation,
    GoalScore,
    MissingVoice,
)
from caseflow.outcome.services import TEXT_MAX, OutcomeError, active_goals
from caseflow.outcome.vocab import MISSING_VOICE_LABELS
from caseflow.timeline.models import EventKind
from caseflow.timeline.services import EventContent, log_event


@dataclass(frozen=True)
class EvaluationInput:
    """Raw values as typed; the service checks and converts them (scores may be strings)."""

    held_on: date
    professionals_view: str
    scores: dict[int, object] = field(default_factory=dict)  # goal id -> GAS score
    child_view: str = ""
    child_safety: object = None
    child_missing: str | None = None
    parents_view: str = ""
    parents_score: object = None
    parents_missing: str | None = None


def _score(raw: object, low: int, high: int) -> int | None:
    """The integer in ``raw`` or None when empty; ValueError when not a whole number in range."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    value = int(str(raw).strip().replace("+", ""))
    if not low <= value <= high:
        raise ValueError(value)
    return value


def _voice(
    problems: dict[str, str],
    prefix: str,
    score_field: str,
    view: str,
    raw_score: object,
    missing: str | None,
) -> tuple[str, int | None, str | None]:
    """(view, score, missing reason) of the child or the parents, with the problems found."""
    try:
        score = _score(raw_score, SCORE_MIN, SCORE_MAX)
    except ValueError:
        score = None
        problems[score_field] = _("Geef een score van 0 tot en met 10.")
    missing = missing or None
    if missing is not None and missing not in set(MissingVoice):
        problems[f"{prefix}_missing"] = _("Kies een reden uit de lijst.")
    if len(view) > TEXT_MAX:
        problems[f"{prefix}_view"] = _("De tekst is te lang (hooguit 5000 tekens).")
    heard = bool(view.strip()) or score is not None
    if heard and missing is not None:
        problems[f"{prefix}_missing"] = _(
            "Er is een mening of score vastgelegd; laat de reden van ontbreken dan leeg."
        )
    if not heard and missing is None and score_field not in problems:
        problems[f"{prefix}_view"] = (
            _("Leg vast wat de jeugdige zelf zegt, in eigen woorden, of waarom dat ontbreekt.")
            if prefix == "child"
            else _("Leg vast wat de ouders zeggen, of waarom dat ontbreekt.")
        )
    return view.strip(), score, missing


def record_evaluation(
    case: Case, data: EvaluationInput, actor: User, *, at: datetime | None = None
) -> Evaluation:
    """An evaluatiemoment: every active goal scored -2..+2, the voices of child and parents (or
    why they are missing) and the professionals' view. Writes an ``evaluatiemoment`` on the
    timeline (which also resets the follow-up clock)."""
    at = at or utcnow()
    problems: dict[str, str] = {}
    goals = {goal.id: goal for goal in active_goals(case)}
    scores: dict[int, int] = {}
    for goal_id, goal in goals.items():
        try:
            value = _score(data.scores.get(goal_id), GAS_MIN, GAS_MAX)
        except ValueError:
            problems[f"score_{goal_id}"] = _(
                "Doel %(number)d: geef een score van -2 tot en met +2.", number=goal.number
            )
            continue
        if value is None:
            problems[f"score_{goal_id}"] = _(
                "Doel %(number)d: geef een score van -2 tot en met +2.", number=goal.number
            )
        else:
            scores[goal_id] = value
    unknown = set(data.scores) - set(goals)
    if unknown:
        problems["scores"] = _("Alleen actieve doelen van deze casus krijgen een score.")
    child = _voice(
        problems, "child", "child_safety", data.child_view, data.child_safety, data.child_missing
    )
    parents = _voice(
        problems, "parents", "parents_score", data.parents_view, data.parents_score,
        data.parents_missing,
    )
    if not data.professionals_view.strip():
        problems["professionals_view"] = _("Beschrijf de visie van de professionals.")
    elif len(data.professionals_view) > TEXT_MAX:
        problems["professionals_view"] = _("De tekst is te lang (hooguit 5000 tekens).")
    if data.held_on is None or data.held_on > at.date():
        problems["held_on"] = _("Deze datum ligt in de toekomst; leg vast wat al gebeurd is.")
    if problems:
        raise OutcomeError(problems)
    event = log_event(
        case,
        EventContent(
            kind=EventKind.EVALUATIEMOMENT.value,
            title=_title(child[1], child[2]),
            occurred_on=data.held_on,
        ),
        actor,
        recorded_at=at,
    )
    evaluation = Evaluation(
        case_id=case.id,
        held_on=data.held_on,
        phase=case.phase,
        child_view=child[0],
        child_safety=child[1],
        child_missing=child[2],
        parents_view=parents[0],
        parents_score=parents[1],
        parents_missing=parents[2],
        professionals_view=data.professionals_view.strip(),
        timeline_event_id=event.id,
        recorded_at=at,
        recorded_by_id=actor.id,
        scores=[GoalScore(goal_id=goal_id, score=value) for goal_id, value in scores.items()],
    )
    db.session.add(evaluation)
    db.session.flush()
    return evaluation


def _title(safety: int | None, missing: str | None) -> str:
    """The timeline title: no free text of the child in it, only the score or why it is missing."""
    with force_locale("nl"):
        if safety is not None:
            return f"Evaluatie: veiligheid volgens de jeugdige {safety}/10"
        if missing is not None:
            reason = MISSING_VOICE_LABELS[MissingVoice(missing)]
            return f"Evaluatie: stem jeugdige ontbreekt ({reason})"
        return "Evaluatie met jeugdige, ouders en professionals"


def case_evaluations(case: Case) -> list[Evaluation]:
    """Oldest first."""
    return list(
        db.session.scalars(
            select(Evaluation)
            .where(Evaluation.case_id == case.id)
            .order_by(Evaluation.held_on, Evaluation.id)
        )
    )


def evaluation_since_phase_start(case: Case) -> bool:
    """The guard's fact for entering evaluatie: an evaluation recorded in the current phase."""
    return bool(
        db.session.scalar(
            select(func.count(Evaluation.id)).where(
                Evaluation.case_id == case.id, Evaluation.recorded_at >= case.phase_since
            )
        )
    )
