"""Reading meetings, agendas and actions, each page in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from caseflow.cases.models import Case
from caseflow.cases.workflow import Phase
from caseflow.core.case_page import read_all
from caseflow.extensions import db
from caseflow.meetings.clock import region_today, start_of_today
from caseflow.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingAction,
    MeetingAttendee,
    MeetingChange,
    MeetingDecision,
)
from caseflow.meetings.vocab import ActionStatus, MeetingChangeKind, MinutesStatus

OPEN = ActionStatus.OPEN.value


def meeting_list() -> tuple[list[tuple[Meeting, int]], list[tuple[Meeting, int]]]:
    """(upcoming, past) meetings with their number of agenda items; one query."""
    items = (
        select(func.count(AgendaItem.id))
        .where(AgendaItem.meeting_id == Meeting.id)
        .correlate(Meeting)
        .scalar_subquery()
    )
    rows = db.session.execute(select(Meeting, items).order_by(Meeting.starts_at.desc())).all()
    threshold = start_of_today()
    upcoming = [(m, n) for m, n in reversed(rows) if m.starts_at >= threshold]
    past = [(m, n) for m, n in rows if m.starts_at < threshold]
    return upcoming, past


def _planned_clause():
    """The case is on the agenda of a planned meeting (from today on, not cancelled)."""
    return (
        select(AgendaItem.id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(
            AgendaItem.case_id == Case.id,
            Meeting.starts_at >= start_of_today(),
            Meeting.cancelled_at.is_(None),
        )
        .correlate(Case)
        .exists()
    )


def _cancelled_clause():
    """The case was on the agenda of a cancelled meeting and on no meeting held or planned
    after it: it is to be scheduled again."""
    cancelled, later = aliased(Meeting), aliased(Meeting)
    cancelled_item, later_item = aliased(AgendaItem), aliased(AgendaItem)
    rescheduled = (
        select(later_item.id)
        .join(later, later.id == later_item.meeting_id)
        .where(
            later_item.case_id == Case.id,
            later.cancelled_at.is_(None),
            later.starts_at >= cancelled.starts_at,
        )
        .exists()
    )
    return (
        select(cancelled_item.id)
        .join(cancelled, cancelled.id == cancelled_item.meeting_id)
        .where(
            cancelled_item.case_id == Case.id,
            cancelled.cancelled_at.is_not(None),
            ~rescheduled,
        )
        .correlate(Case)
        .exists()
    )


def proposed_cases(limit: int = 50) -> list[Case]:
    """To be scheduled: cases in ret_bespreking that are on no planned meeting's agenda and have
    no meeting decision since they entered the phase, and open cases whose meeting was
    cancelled and that have not been scheduled again."""
    decided = exists().where(
        MeetingDecision.case_id == Case.id, MeetingDecision.decided_at >= Case.phase_since
    )
    waiting = and_(Case.phase == Phase.RET_BESPREKING.value, ~decided)
    return list(
        db.session.scalars(
            select(Case)
            .where(
                Case.phase != Phase.AFGESLOTEN.value,
                ~_planned_clause(),
                or_(waiting, _cancelled_clause()),
            )
            .order_by(Case.phase_since)
            .limit(limit)
        ).unique()
    )


def other_open_cases(exclude: set[int], limit: int = 500) -> list[Case]:
    """Any open case can be put on an agenda (a case in blijven_volgen comes back for an
    evaluation); these come after the proposed ones in the agenda form."""
    query = (
        select(Case)
        .where(Case.phase != Phase.AFGESLOTEN.value)
        .order_by(Case.reference)
        .limit(limit + len(exclude))
    )
    return [c for c in db.session.scalars(query).unique() if c.id not in exclude][:limit]


def next_meeting() -> Meeting | None:
    return db.session.scalar(
        select(Meeting)
        .where(
            Meeting.starts_at >= start_of_today(),
            Meeting.cancelled_at.is_(None),
            Meeting.minutes_status == MinutesStatus.CONCEPT.value,  # fixed: it took place
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )


def open_meetings(exclude: Meeting) -> list[Meeting]:
    """Meetings an agenda item can move to: from today on, not cancelled, minutes not fixed."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.starts_at >= start_of_today(),
                Meeting.cancelled_at.is_(None),
                Meeting.minutes_status == MinutesStatus.CONCEPT.value,
                Meeting.id != exclude.id,
            )
            .order_by(Meeting.starts_at)
        ).unique()
    )


@dataclass
class MeetingPage:
    meeting: Meeting
    attendees: list[MeetingAttendee]
    items: list[AgendaItem]
    decisions: dict[int, list[MeetingDecision]]
    actions: dict[int, list[MeetingAction]]


def meeting_page(meeting: Meeting) -> MeetingPage:
    attendees = list(
        db.session.scalars(
            select(MeetingAttendee)
            .where(MeetingAttendee.meeting_id == meeting.id)
            .order_by(MeetingAttendee.guest_role.is_not(None), MeetingAttendee.id)
        ).unique()
    )
    items = list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position, AgendaItem.id)
        ).unique()
    )
    item_ids = [item.id for item in items]
    decisions: dict[int, list[MeetingDecision]] = defaultdict(list)
    actions: dict[int, list[MeetingAction]] = defaultdict(list)
    for decision in db.session.scalars(
        select(MeetingDecision)
        .where(MeetingDecision.agenda_item_id.in_(item_ids))
        .order_by(MeetingDecision.decided_at, MeetingDecision.id)
    ).unique():
        decisions[decision.agenda_item_id].append(decision)
    for action in db.session.scalars(
        select(MeetingAction)
        .where(MeetingAction.agenda_item_id.in_(item_ids))
        .order_by(MeetingAction.due_on, MeetingAction.id)
    ).unique():
        actions[action.agenda_item_id].append(action)
    return MeetingPage(meeting, attendees, items, decisions, actions)


CASE_PANEL_READS = (
    "meetings.items", "meetings.decisions", "meetings.open_actions", "meetings.removals"
)


def case_panel_reads(case: Case) -> dict[str, Select]:
    """What the case page's RET panel reads (with the other panels, in one statement)."""
    return {
        "meetings.items": (
            select(AgendaItem)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(AgendaItem.case_id == case.id)
            .order_by(Meeting.starts_at.desc(), AgendaItem.id)
        ),
        # A decision is made on an agenda item of its own case (``record_meeting_decision``)
        # and keeps its item (one with results is never removed).
        "meetings.decisions": (
            select(MeetingDecision)
            .join(AgendaItem, MeetingDecision.agenda_item_id == AgendaItem.id)
            .where(AgendaItem.case_id == case.id)
            .order_by(MeetingDecision.decided_at.desc(), MeetingDecision.id.desc())
        ),
        "meetings.open_actions": (
            select(MeetingAction)
            .where(MeetingAction.case_id == case.id, MeetingAction.status == OPEN)
            .order_by(MeetingAction.due_on, MeetingAction.id)
        ),
        "meetings.removals": (
            select(MeetingChange)
            .where(
                MeetingChange.case_id == case.id,
                MeetingChange.kind == MeetingChangeKind.AGENDA_VERWIJDERD.value,
            )
            .order_by(MeetingChange.at.desc(), MeetingChange.id)
        ),
    }


def case_panel(case: Case) -> dict[str, Any]:
    """For the case page: the case's meetings (a cancelled one with its reason), removals from
    an agenda, meeting decisions and open actions (on the case page read with the other
    panels; alone, in one statement)."""
    found = read_all(lambda: case_panel_reads(case), CASE_PANEL_READS)
    items = found["meetings.items"]
    decisions = found["meetings.decisions"]
    actions = found["meetings.open_actions"]
    changes = found["meetings.removals"]
    planned = [
        i for i in items if not i.meeting.cancelled and i.meeting.starts_at >= start_of_today()
    ]
    return {
        "agenda_items": items,
        "planned_items": planned,
        "agenda_removals": changes,
        "to_be_scheduled": not planned and any(i.meeting.cancelled for i in items[:1]),
        "meeting_decisions": decisions,
        "open_actions": actions,
        "today": region_today(),
    }
