"""Recording goals (as versions); evaluations are in ``evaluations``, tariffs in ``tariffs``.
Functions flush; views commit. Bad input raises OutcomeError with a Dutch message per field;
nothing is stored then."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _  # problems are message ids; views translate
from sqlalchemy import Select, func, select

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cases.records import latest_analysis
from caseflow.cases.workflow import N_
from caseflow.core.problems import FieldProblems
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.outcome.models import Goal, GoalFor, GoalStatus, GoalVersion
from caseflow.timeline.models import EventKind
from caseflow.timeline.services import add_system_event

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


def case_goals_query(case: Case) -> Select:
    return select(Goal).where(Goal.case_id == case.id).order_by(Goal.number)


def case_goals(case: Case) -> list[Goal]:
    return list(db.session.scalars(case_goals_query(case)))


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
        case, EventKind.OVERIG, N_("Doel %(number)s vastgelegd"),
        values={"number": goal.number}, actor=actor,
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
        case, EventKind.OVERIG, N_("Doel %(number)s bijgewerkt (versie %(version)s)"),
        values={"number": goal.number, "version": goal.version_number}, actor=actor,
        occurred_on=at.date(), recorded_at=at,
    )
    db.session.flush()
    record(actor, case, AuditEvent.CHANGE, grounds=AS_OPENED, target="goal", target_id=goal.id,
           fields=GOAL_FIELDS)
    return version
