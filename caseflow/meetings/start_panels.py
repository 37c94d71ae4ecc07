"""Start-page panels of the meetings domain: my actions, and for the chair overdue actions with
the open/overdue counts per organisation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.auth.permissions import CASE_WORKERS, CHAIRS
from caseflow.cases.access import current_member_clause
from caseflow.cases.models import CaseMember
from caseflow.core.start import register_panel
from caseflow.extensions import db
from caseflow.meetings import queries
from caseflow.meetings.actions import actions_per_organisation, my_open_actions, overdue_actions
from caseflow.meetings.clock import region_today


def _my_actions(user: User) -> dict[str, Any] | None:
    actions = my_open_actions(user)
    if not actions:
        return None
    if user.role in CHAIRS:
        linkable = {a.case_id for a in actions}
    else:  # an owner who is not a member of the case sees the action, not the case
        linkable = set(
            db.session.scalars(
                select(CaseMember.case_id).where(
                    CaseMember.case_id.in_({a.case_id for a in actions}),
                    current_member_clause(user.id),
                )
            )
        )
    return {"actions": actions, "today": region_today(), "linkable": linkable}


def _overdue(user: User) -> dict[str, Any] | None:
    today = region_today()
    per_organisation = actions_per_organisation(today)
    if not per_organisation:
        return None
    return {
        "overdue": overdue_actions(today),
        "per_organisation": per_organisation,
        "today": today,
    }


def _next_meeting(user: User) -> dict[str, Any] | None:
    """The chair's next meeting with its agenda (cases by reference and pseudonym)."""
    meeting = queries.next_meeting()
    if meeting is None:
        return None
    page = queries.meeting_page(meeting)
    return {"meeting": meeting, "items": page.items, "attendees": len(page.attendees)}


def register() -> None:
    register_panel(
        "meetings.next_meeting",
        roles=CHAIRS,
        template="meetings/start/next_meeting.html",
        load=_next_meeting,
        order=4,
    )
    register_panel(
        "meetings.my_actions",
        roles=CASE_WORKERS,
        template="meetings/start/my_actions.html",
        load=_my_actions,
        order=5,
    )
    register_panel(
        "meetings.overdue_actions",
        roles=CHAIRS,
        template="meetings/start/overdue.html",
        load=_overdue,
        order=15,
    )
