"""What a user's reminder digest holds: counts and case references only (mail leaves the care
domain: no pseudonym, no event text, no name). The same questions as the start page's panels."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from caseflow.auth.models import Role, User
from caseflow.auth.permissions import CHAIRS
from caseflow.cases.access import current_member_clause, visible_cases
from caseflow.cases.models import Case, CaseMember, PhaseProposal
from caseflow.cases.workflow import Phase
from caseflow.core.clock import local_zone
from caseflow.extensions import db
from caseflow.meetings.actions import my_open_actions
from caseflow.meetings.models import Meeting, MeetingAttendee
from caseflow.meetings.vocab import MinutesStatus
from caseflow.risk.models import RiskFlag

DUE_SOON_DAYS = 7


@dataclass
class Digest:
    follow_ups_overdue: list[str] = field(default_factory=list)  # case references
    actions_overdue: int = 0
    actions_due_soon: int = 0
    action_cases: list[str] = field(default_factory=list)  # only cases the user may open
    proposals_waiting: list[str] = field(default_factory=list)
    new_high_signals: list[str] = field(default_factory=list)
    # the chair's: follow-up overdue by more than two rhythms (issue 26, point 4)
    escalated: list[str] = field(default_factory=list)
    next_meeting: Meeting | None = None

    def empty(self) -> bool:
        """Nothing to remind of (the next meeting alone is no reason to mail)."""
        return not (self.follow_ups_overdue or self.actions_overdue or self.actions_due_soon
                    or self.proposals_waiting or self.new_high_signals or self.escalated)


def _my_cases(user: User, day: date):
    """The cases the digest speaks of: the region's for a chair, else the user's own."""
    query = visible_cases(user)
    if user.role not in CHAIRS:
        mine = select(CaseMember.case_id).where(current_member_clause(user.id, day))
        query = query.where(Case.id.in_(mine))
    return query


def _refs(query) -> list[str]:
    return sorted(set(db.session.scalars(query)))


def build_digest(user: User, day: date, since: datetime) -> Digest:
    """The digest for ``day``; new signals are the ones raised after ``since`` (the last mail)."""
    cases = _my_cases(user, day).with_only_columns(Case.id).subquery()
    digest = Digest()
    overdue = db.session.execute(
        select(Case.reference, Case.follow_up_due_on, Case.follow_up_weeks)
        .where(Case.id.in_(select(cases.c.id)), Case.phase == Phase.BLIJVEN_VOLGEN.value,
               Case.follow_up_due_on < day)).all()
    digest.follow_ups_overdue = sorted({row.reference for row in overdue})
    if user.role == Role.VOORZITTER.value:
        digest.escalated = sorted({
            row.reference for row in overdue
            if row.follow_up_weeks
            and day - row.follow_up_due_on > timedelta(weeks=2 * row.follow_up_weeks)})
    actions = [a for a in my_open_actions(user, limit=500)
               if a.due_on is not None and a.due_on <= day + timedelta(days=DUE_SOON_DAYS)]
    digest.actions_overdue = sum(1 for a in actions if a.due_on < day)
    digest.actions_due_soon = len(actions) - digest.actions_overdue
    if actions:
        digest.action_cases = _refs(select(Case.reference).where(
            Case.id.in_({a.case_id for a in actions}), Case.id.in_(select(cases.c.id))))
    if user.role in CHAIRS:
        digest.proposals_waiting = _refs(
            select(Case.reference).join(PhaseProposal, PhaseProposal.case_id == Case.id)
            .where(PhaseProposal.status == "open"))
    digest.new_high_signals = _refs(
        select(Case.reference).join(RiskFlag, RiskFlag.case_id == Case.id)
        .where(Case.id.in_(select(cases.c.id)), RiskFlag.severity == "hoog",
               RiskFlag.cleared_at.is_(None), RiskFlag.acknowledged_at.is_(None),
               RiskFlag.raised_at > since))
    digest.next_meeting = _next_meeting(user, day)
    return digest


def _next_meeting(user: User, day: date) -> Meeting | None:
    query = (select(Meeting)
             .where(Meeting.starts_at >= datetime.combine(day, time(0), tzinfo=local_zone()),
                    Meeting.cancelled_at.is_(None),
                    Meeting.minutes_status == MinutesStatus.CONCEPT.value)
             .order_by(Meeting.starts_at).limit(1))
    if user.role not in CHAIRS:
        attends = select(MeetingAttendee.meeting_id).where(MeetingAttendee.user_id == user.id)
        query = query.where(Meeting.id.in_(attends))
    return db.session.scalar(query)
