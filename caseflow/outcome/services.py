"""Recording goals (as versions), evaluations and placement tariffs. Functions flush; views
commit. Bad input raises OutcomeError with a Dutch message per field; nothing is stored then."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import User
from caseflow.auth.permissions import sees_costs
from caseflow.cases.models import Case, Gemeente
from caseflow.cases.records import latest_analysis
from caseflow.core.problems import FieldProblems
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.outcome.models import (
    GAS_MAX,
    GAS_MIN,
    SCORE_MAX,
    SCORE_MIN,
    Evaluation,
    Goal,
    GoalFor,
    GoalScore,
    GoalStatus,
    GoalVersion,
    MissingVoice,
)
from caseflow.outcome.vocab import MISSING_VOICE_LABELS, TariffKind
from caseflow.timeline.models import EventKind, Placement
from caseflow.timeline.services import EventContent, add_system_event, log_event

TEXT_MAX = 5000


class OutcomeError(FieldProblems):
    """Outcome input that cannot be stored (see ``FieldProblems``)."""


@dataclass(frozen=True)
class GoalContent:
    description: str
    for_whom: str
    indicator: str
    status: str = GoalStatus.ACTIEF.value
    note: str = ""


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


def case_goals(case: Case) -> list[Goal]:
    return list(
        db.session.scalars(select(Goal).where(Goal.case_id == case.id).order_by(Goal.number))
    )


def active_goals(case: Case) -> list[Goal]:
    return [goal for goal in case_goals(case) if goal.is_active]


def goal_versions(goal: Goal) -> list[GoalVersion]:
    return list(
        db.session.scalars(
            select(GoalVersion)
            .where(GoalVersion.goal_id == goal.id)
            .order_by(GoalVersion.version_number.desc())
        )
    )


def _check_goal(content: GoalContent) -> None:
    problems: dict[str, str] = {}
    if not content.description.strip():
        problems["description"] = _("Beschrijf het doel.")
    elif len(content.description) > TEXT_MAX:
        problems["description"] = _("De beschrijving is te lang (hooguit 5000 tekens).")
    if content.for_whom not in set(GoalFor):
        problems["for_whom"] = _("Kies voor wie het doel is.")
    if not content.indicator.strip():
        problems["indicator"] = _("Beschrijf waaraan u ziet dat het doel bereikt is.")
    elif len(content.indicator) > TEXT_MAX:
        problems["indicator"] = _("De beschrijving is te lang (hooguit 5000 tekens).")
    if content.status not in set(GoalStatus):
        problems["status"] = _("Kies een status uit de lijst.")
    if problems:
        raise OutcomeError(problems)


def _snapshot(goal: Goal, actor: User, at: datetime, note: str) -> GoalVersion:
    return GoalVersion(
        goal_id=goal.id,
        version_number=goal.version_number,
        description=goal.description,
        for_whom=goal.for_whom,
        indicator=goal.indicator,
        status=goal.status,
        note=note.strip()[:TEXT_MAX],
        recorded_at=at,
        recorded_by_id=actor.id,
    )


GOAL_FIELDS = ("description", "for_whom", "indicator", "status")


def add_goal(
    case: Case, content: GoalContent, actor: User, *, at: datetime | None = None
) -> Goal:
    """A new goal of the plan, linked to the latest version of the explanatory analysis."""
    _check_goal(content)
    at = at or utcnow()
    last = db.session.scalar(select(func.max(Goal.number)).where(Goal.case_id == case.id))
    analysis = latest_analysis(case)
    goal = Goal(
        case_id=case.id,
        number=(last or 0) + 1,
        analysis_id=analysis.id if analysis else None,
        description=content.description.strip(),
        for_whom=content.for_whom,
        indicator=content.indicator.strip(),
        status=content.status,
        status_since=at,
        version_number=1,
        created_at=at,
        created_by_id=actor.id,
    )
    db.session.add(goal)
    db.session.flush()
    db.session.add(_snapshot(goal, actor, at, content.note))
    add_system_event(
        case, EventKind.OVERIG, f"Doel {goal.number} vastgelegd", actor=actor,
        occurred_on=at.date(), description=goal.description, recorded_at=at,
    )
    db.session.flush()
    record(actor, case, AuditEvent.CREATE, grounds=AS_OPENED, target="goal", target_id=goal.id,
           fields=GOAL_FIELDS)
    return goal


def revise_goal(
    goal: Goal, case: Case, content: GoalContent, actor: User, *, at: datetime | None = None
) -> GoalVersion:
    """A change of wording or status adds a version; earlier versions stay as they were."""
    if goal.case_id != case.id:
        raise OutcomeError({"goal": _("Dit doel hoort niet bij deze casus.")})
    _check_goal(content)
    at = at or utcnow()
    if content.status != goal.status:
        goal.status_since = at
    goal.description, goal.for_whom = content.description.strip(), content.for_whom
    goal.indicator, goal.status = content.indicator.strip(), content.status
    goal.version_number += 1
    version = _snapshot(goal, actor, at, content.note)
    db.session.add(version)
    add_system_event(
        case, EventKind.OVERIG, f"Doel {goal.number} bijgewerkt (versie {goal.version_number})",
        actor=actor, occurred_on=at.date(), recorded_at=at,
    )
    db.session.flush()
    record(actor, case, AuditEvent.CHANGE, grounds=AS_OPENED, target="goal", target_id=goal.id,
           fields=GOAL_FIELDS)
    return version


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
    db.session.flush()  # logged as its timeline event (log_event writes the access-log row)
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


def parse_amount(raw: object) -> Decimal | None:
    """'1.234,56', '1234.56' or '1234' as a Decimal; None when empty; ValueError otherwise."""
    text = str(raw or "").strip().replace("€", "").replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not value.is_finite() or value < 0 or value >= Decimal("10000000000"):
        raise ValueError(text)
    return value.quantize(Decimal("0.01"))


def set_tariff(
    placement: Placement,
    case: Case,
    kind: str | None,
    amount: object,
    funding_gemeente_id: int | None,
    actor: User,
) -> None:
    """Set (or clear, with no kind) the placement's tariff and the gemeente that pays. Only who
    may see costs may set them (the page refuses the others before this is reached)."""
    if not sees_costs(actor):
        raise OutcomeError(
            {"kind": _("Tarieven legt de gemeente, de voorzitter of de procesbegeleider vast.")}
        )
    if placement.case_id != case.id:
        raise OutcomeError({"placement": _("Deze plaatsing hoort niet bij deze casus.")})
    problems: dict[str, str] = {}
    kind = kind or None
    try:
        value = parse_amount(amount)
    except ValueError:
        value = None
        problems["amount"] = _("Geef een bedrag in euro's, bijvoorbeeld 312,50.")
    if kind is not None and kind not in set(TariffKind):
        problems["kind"] = _("Kies per dag of een totaalbedrag.")
    if kind is not None and value is None and "amount" not in problems:
        problems["amount"] = _("Vul het bedrag in.")
    if kind is None and value is not None:
        problems["kind"] = _("Kies per dag of een totaalbedrag.")
    if funding_gemeente_id and db.session.get(Gemeente, funding_gemeente_id) is None:
        problems["funding_gemeente"] = _("Kies een gemeente uit de lijst.")
    if problems:
        raise OutcomeError(problems)
    placement.tariff_kind = kind
    placement.tariff_amount = value
    placement.funding_gemeente_id = funding_gemeente_id or None
    add_system_event(case, EventKind.OVERIG, "Tarief van een plaatsing vastgelegd", actor=actor)
    db.session.flush()
    record(actor, case, AuditEvent.CHANGE, grounds=AS_OPENED, target="placement",
           target_id=placement.id, fields=("tariff_kind", "tariff_amount", "funding_gemeente"))
