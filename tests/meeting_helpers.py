"""Building meetings, agenda items and actions for tests through the real services."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from caseflow.auth.models import Organisation, Role, User
from caseflow.cases.models import Case
from caseflow.cases.workflow import Phase
from caseflow.database import utcnow
from caseflow.meetings.actions import add_action
from caseflow.meetings.clock import region_today
from caseflow.meetings.models import AgendaItem, Meeting, MeetingAction
from caseflow.meetings.services import add_agenda_item, plan_meeting
from tests.case_helpers import chair_user, new_case
from tests.factories import UserFactory


def make_meeting(
    actor: User | None = None, *, starts_at: datetime | None = None, attendees=()
) -> Meeting:
    actor = actor or chair_user()
    chair = UserFactory(role=Role.VOORZITTER.value)
    coordinator = actor if actor.role == Role.PROCESBEGELEIDER else chair_user()
    return plan_meeting(
        starts_at or utcnow(), chair, coordinator, actor, location="Hilversum",
        attendees=attendees, confirmed=True,
    )


def make_item(
    actor: User | None = None, *, meeting: Meeting | None = None, case: Case | None = None
) -> AgendaItem:
    actor = actor or chair_user()
    meeting = meeting or make_meeting(actor)
    case = case or new_case(actor, phase=Phase.RET_BESPREKING)
    return add_agenda_item(meeting, case, actor)


def make_action(
    actor: User | None = None,
    *,
    item: AgendaItem | None = None,
    owner: User | None = None,
    organisation: Organisation | None = None,
    due_on: date | None = None,
    at: datetime | None = None,
) -> MeetingAction:
    actor = actor or chair_user()
    item = item or make_item(actor)
    if owner is None and organisation is None:
        owner = UserFactory()
    return add_action(
        item, actor, description="Schoolplek regelen", due_on=due_on or region_today()
        + timedelta(days=7), owner_user=owner, owner_organisation=organisation, at=at,
    )
