"""The demo region comes with RET meetings: past ones with decisions and actions, one upcoming."""

from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.meetings import queries
from caseflow.meetings.actions import actions_per_organisation, overdue_actions
from caseflow.meetings.models import MeetingAction, MeetingDecision
from caseflow.timeline.models import TimelineEvent


def test_demo_has_past_meetings_with_decisions_and_an_upcoming_agenda(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    upcoming, past = queries.meeting_list()
    assert len(past) == 3 and all(count >= 1 for _meeting, count in past)
    ((next_meeting, agenda),) = upcoming
    assert agenda == 3
    assert db.session.scalar(select(func.count()).select_from(MeetingDecision)) >= 3
    statuses = set(db.session.scalars(select(MeetingAction.status)))
    assert {"open", "gedaan"} <= statuses
    assert overdue_actions(), "the demo shows the chair some overdue actions"
    assert actions_per_organisation()
    assert queries.proposed_cases(), "some cases wait for the next agenda"
    ret_events = db.session.scalar(
        select(func.count()).select_from(TimelineEvent)
        .where(TimelineEvent.title.like("RET-bespreking:%"))
    )
    assert ret_events == db.session.scalar(select(func.count()).select_from(MeetingDecision))
