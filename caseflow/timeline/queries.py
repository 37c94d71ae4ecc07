"""Reading the timeline."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.timeline.models import TimelineEvent


def own_entries(case: Case, user: User) -> list[TimelineEvent]:
    """The events ``user`` recorded in ``case`` (what a former member may still read)."""
    return list(
        db.session.scalars(
            select(TimelineEvent)
            .where(TimelineEvent.case_id == case.id, TimelineEvent.recorded_by_id == user.id)
            .order_by(TimelineEvent.occurred_on, TimelineEvent.id)
        )
    )
