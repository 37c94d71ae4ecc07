"""Writing timeline events. Callers flush/commit."""

from __future__ import annotations

from datetime import date

from caseflow.auth.models import User
from caseflow.cases.models import Case, PhaseTransition
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.timeline.models import DatePrecision, EventKind, EventSource, TimelineEvent


def add_system_event(
    case: Case,
    kind: EventKind,
    title: str,
    *,
    actor: User | None,
    occurred_on: date | None = None,
    description: str = "",
    phase_transition: PhaseTransition | None = None,
    recorded_at=None,
) -> TimelineEvent:
    """An event caseflow writes itself (phase moves, decisions, member changes)."""
    recorded_at = recorded_at or utcnow()
    event = TimelineEvent(
        case_id=case.id,
        kind=str(kind),
        title=title[:200],
        description=description,
        occurred_on=occurred_on or recorded_at.date(),
        precision=DatePrecision.DAY.value,
        recorded_at=recorded_at,
        recorded_by_id=actor.id if actor else None,
        source=EventSource.SYSTEM.value,
        phase_transition_id=phase_transition.id if phase_transition else None,
    )
    db.session.add(event)
    return event
