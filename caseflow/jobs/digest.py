"""What a user's reminder digest holds: counts and case references only (mail leaves the care
domain: no pseudonym, no event text, no name). The same questions as the start page's panels.

The chairs (voorzitter and procesbegeleider, ``CHAIRS``) also get the escalations (issue 26,
point 4): a follow-up overdue by more than two rhythms, and an evaluation overdue. caseflow
records no planned evaluation date, so "evaluation overdue" is read from the phases and the
timeline: a case in ``evaluatie`` for more than ``EVALUATION_PHASE_WEEKS`` (the evaluation
started but nobody concluded it: close, or back to blijven volgen), or a case in
``blijven_volgen`` whose last evaluatiemoment (or, without one, its entry into the phase) is
more than ``EVALUATION_INTERVAL_WEEKS`` ago: contacts alone are no evaluation of whether the
help works."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import func, select

from caseflow.auth.models import User
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
from caseflow.search.models import Search, SearchRequest
from caseflow.search.queries import reminder_days
from caseflow.timeline.models import EventKind, TimelineEvent

DUE_SOON_DAYS = 7
# Defaults of the config keys of the same name (see the module's docstring).
EVALUATION_PHASE_WEEKS = 6
EVALUATION_INTERVAL_WEEKS = 26


@dataclass
class Digest:
    follow_ups_overdue: list[str] = field(default_factory=list)  # case references
    actions_overdue: int = 0
    actions_due_soon: int = 0
    action_cases: list[str] = field(default_factory=list)  # only cases the user may open
    proposals_waiting: list[str] = field(default_factory=list)
    new_high_signals: list[str] = field(default_factory=list)
    # searches with requests unanswered after SEARCH_REMINDER_DAYS: how many, in which cases
    requests_unanswered: int = 0
    search_cases: list[str] = field(default_factory=list)
    # the chairs': follow-up overdue by more than two rhythms, evaluation overdue (point 4)
    escalated: list[str] = field(default_factory=list)
    evaluation_overdue: list[str] = field(default_factory=list)
    next_meeting: Meeting | None = None

    def empty(self) -> bool:
        """Nothing to remind of (the next meeting alone is no reason to mail)."""
        return not (
            self.follow_ups_overdue
            or self.actions_overdue
            or self.actions_due_soon
            or self.proposals_waiting
            or self.new_high_signals
            or self.escalated
            or self.evaluation_overdue
            or self.requests_unanswered
        )


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
        select(Case.reference, Case.follow_up_due_on, Case.follow_up_weeks).where(
            Case.id.in_(select(cases.c.id)),
            Case.phase == Phase.BLIJVEN_VOLGEN.value,
            Case.follow_up_due_on < day,
        )
    ).all()
    digest.follow_ups_overdue = sorted({row.reference for row in overdue})
    if user.role in CHAIRS:
        digest.evaluation_overdue = _evaluation_overdue(cases, day)
        digest.escalated = sorted(
            {
                row.reference
                for row in overdue
                if row.follow_up_weeks
                and day - row.follow_up_due_on > timedelta(weeks=2 * row.follow_up_weeks)
            }
        )
    actions = [
        a
        for a in my_open_actions(user, limit=500)
        if a.due_on is not None and a.due_on <= day + timedelta(days=DUE_SOON_DAYS)
    ]
    digest.actions_overdue = sum(1 for a in actions if a.due_on < day)
    digest.actions_due_soon = len(actions) - digest.actions_overdue
    if actions:
        digest.action_cases = _refs(
            select(Case.reference).where(
                Case.id.in_({a.case_id for a in actions}), Case.id.in_(select(cases.c.id))
            )
        )
    if user.role in CHAIRS:
        digest.proposals_waiting = _refs(
            select(Case.reference)
            .join(PhaseProposal, PhaseProposal.case_id == Case.id)
            .where(PhaseProposal.status == "open")
        )
    digest.new_high_signals = _refs(
        select(Case.reference)
        .join(RiskFlag, RiskFlag.case_id == Case.id)
        .where(
            Case.id.in_(select(cases.c.id)),
            RiskFlag.severity == "hoog",
            RiskFlag.cleared_at.is_(None),
            RiskFlag.acknowledged_at.is_(None),
            RiskFlag.raised_at > since,
        )
    )
    digest.requests_unanswered, digest.search_cases = _unanswered_requests(user, day)
    digest.next_meeting = _next_meeting(user, day)
    return digest


def evaluation_limits() -> dict[str, int]:
    """The two limits of "evaluation overdue" in weeks, as set, for the help on /account."""
    return {
        "evaluation_phase_weeks": int(
            current_app.config.get("EVALUATION_PHASE_WEEKS", EVALUATION_PHASE_WEEKS)
        ),
        "evaluation_interval_weeks": int(
            current_app.config.get("EVALUATION_INTERVAL_WEEKS", EVALUATION_INTERVAL_WEEKS)
        ),
    }


def _weeks(name: str, default: int) -> timedelta:
    return timedelta(weeks=int(current_app.config.get(name, default)))


def _evaluation_overdue(cases, day: date) -> list[str]:
    """The chairs' escalation besides the two rhythms (the module's docstring says why so)."""
    in_phase = set(
        db.session.scalars(
            select(Case.reference).where(
                Case.id.in_(select(cases.c.id)),
                Case.phase == Phase.EVALUATIE.value,
                Case.phase_since
                < _start(day - _weeks("EVALUATION_PHASE_WEEKS", EVALUATION_PHASE_WEEKS)),
            )
        )
    )
    last = (
        select(TimelineEvent.case_id, func.max(TimelineEvent.occurred_on).label("on"))
        .where(
            TimelineEvent.kind == EventKind.EVALUATIEMOMENT.value,
            TimelineEvent.retracted_at.is_(None),
        )
        .group_by(TimelineEvent.case_id)
        .subquery()
    )
    cutoff = day - _weeks("EVALUATION_INTERVAL_WEEKS", EVALUATION_INTERVAL_WEEKS)
    following = db.session.execute(
        select(Case.reference, Case.phase_since, last.c.on)
        .outerjoin(last, last.c.case_id == Case.id)
        .where(
            Case.id.in_(select(cases.c.id)),
            Case.phase == Phase.BLIJVEN_VOLGEN.value,
            Case.phase_since < _start(cutoff),
        )
    ).all()
    lapsed = {row.reference for row in following if row.on is None or row.on < cutoff}
    return sorted(in_phase | lapsed)


def _start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=local_zone())


def _unanswered_requests(user: User, day: date) -> tuple[int, list[str]]:
    """Requests without an answer after ``SEARCH_REMINDER_DAYS`` in open searches: of the cases
    the digest speaks of (a chair: the region's) and the ones this user asked, if the user may
    still see that case. The count and the case references; never the provider asked."""
    cases = _my_cases(user, day).with_only_columns(Case.id)
    visible = visible_cases(user).with_only_columns(Case.id)
    rows = db.session.execute(
        select(SearchRequest.id, Case.reference)
        .join(Search, Search.id == SearchRequest.search_id)
        .join(Case, Case.id == SearchRequest.case_id)
        .where(
            SearchRequest.answer.is_(None),
            Search.closed_on.is_(None),
            SearchRequest.requested_on <= day - timedelta(days=reminder_days()),
            Case.id.in_(cases) | (SearchRequest.recorded_by_id == user.id) & Case.id.in_(visible),
        )
    ).all()
    return len(rows), sorted({row.reference for row in rows})


def _next_meeting(user: User, day: date) -> Meeting | None:
    query = (
        select(Meeting)
        .where(
            Meeting.starts_at >= datetime.combine(day, time(0), tzinfo=local_zone()),
            Meeting.cancelled_at.is_(None),
            Meeting.minutes_status == MinutesStatus.CONCEPT.value,
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )
    if user.role not in CHAIRS:
        attends = select(MeetingAttendee.meeting_id).where(MeetingAttendee.user_id == user.id)
        query = query.where(Meeting.id.in_(attends))
    return db.session.scalar(query)
