"""RET meetings: agenda proposal, decisions and actions on the timeline, overdue at the boundary,
the guard on leaving ret_bespreking, and refused input (issue 6)."""

from datetime import date, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from caseflow.auth.models import Role
from caseflow.cases.models import CaseDecision
from caseflow.cases.records import record_decision
from caseflow.cases.services import MoveRefused, move_case
from caseflow.cases.vocab import DecisionKind
from caseflow.cases.workflow import GUARD_MESSAGES, Phase, Trigger
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.meetings import queries
from caseflow.meetings.actions import (
    actions_per_organisation,
    add_action,
    overdue_actions,
    set_action_status,
)
from caseflow.meetings.clock import region_today
from caseflow.meetings.models import MeetingAction, MeetingDecision
from caseflow.meetings.services import MeetingError, add_agenda_item, record_meeting_decision
from caseflow.timeline.models import EventKind, TimelineEvent
from tests.case_helpers import chair_user, new_case
from tests.factories import OrganisationFactory, UserFactory
from tests.meeting_helpers import make_action, make_item, make_meeting


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _events(case, kind: EventKind) -> list[TimelineEvent]:
    return list(db.session.scalars(
        select(TimelineEvent).where(TimelineEvent.case_id == case.id, TimelineEvent.kind == kind)
    ))


def test_cases_waiting_for_the_ret_without_a_planned_meeting_are_proposed(app):
    actor = chair_user()
    waiting = new_case(actor, phase=Phase.RET_BESPREKING, pseudonym="Wacht")
    planned = new_case(actor, phase=Phase.RET_BESPREKING, pseudonym="Gepland")
    only_past = new_case(actor, phase=Phase.RET_BESPREKING, pseudonym="Eerder")
    decided = new_case(actor, phase=Phase.RET_BESPREKING, pseudonym="Besloten")
    elsewhere = new_case(actor, phase=Phase.VERKLARENDE_ANALYSE, pseudonym="Analyse")
    upcoming = make_meeting(actor, starts_at=utcnow() + timedelta(days=7))
    past = make_meeting(actor, starts_at=utcnow() - timedelta(days=7))
    add_agenda_item(upcoming, planned, actor)
    add_agenda_item(past, only_past, actor)
    record_meeting_decision(
        add_agenda_item(past, decided, actor), actor, text="Gezinshuis.", mandate="advies"
    )
    proposed = {case.id for case in queries.proposed_cases()}
    assert waiting.id in proposed and only_past.id in proposed
    assert not proposed & {planned.id, decided.id, elsewhere.id}


def test_agenda_item_takes_the_question_from_the_analysis_and_refuses_duplicates(app):
    actor = chair_user()
    item = make_item(actor)
    assert item.question == "Wat is er nodig?"  # the analysis of tests/case_helpers.py
    with pytest.raises(MeetingError) as refused:
        add_agenda_item(item.meeting, item.case, actor)
    assert refused.value.field == "case"


def test_decision_and_action_are_written_to_the_case_timeline(app):
    actor = chair_user()
    owner = UserFactory(name="Sanne Eigenaar")
    item = make_item(actor)
    decision = record_meeting_decision(
        item, actor, text="Plaatsing in gezinshuis.", mandate="doorzettingsmacht",
        escalated_to="Bestuurlijk overleg",
    )
    add_action(item, actor, description="Kennismaking plannen", owner_user=owner,
               due_on=region_today() + timedelta(days=14))
    (besluit,) = [e for e in _events(item.case, EventKind.BESLUIT) if "RET-bespreking" in e.title]
    assert besluit.title == "RET-bespreking: Doorzettingsmacht"
    assert "Plaatsing in gezinshuis." in besluit.description
    assert "Opgeschaald naar: Bestuurlijk overleg" in besluit.description
    assert besluit.recorded_by_id == actor.id and decision.case_id == item.case_id
    (actie,) = [e for e in _events(item.case, EventKind.OVERIG) if e.title.startswith("Actie")]
    assert actie.title == "Actie RET: Kennismaking plannen"
    assert "Sanne Eigenaar" in actie.description


def test_closing_an_action_is_written_to_the_timeline_too(app):
    actor = chair_user()
    action = make_action(actor)
    set_action_status(action, "gedaan", action.owner_user)
    assert action.status == "gedaan" and action.closed_by_id == action.owner_user_id
    titles = [e.title for e in _events(action.case, EventKind.OVERIG)]
    assert "Actie gedaan: Schoolplek regelen" in titles


@pytest.mark.parametrize("frozen, overdue", [
    ("2026-03-09 23:00:01", False),  # 00:00:01 on the due day in Amsterdam (UTC+1)
    ("2026-03-10 22:59:59", False),  # the last second of the due day in Amsterdam
    ("2026-03-10 23:00:01", True),  # one second into the next day there: overdue
])
def test_overdue_is_computed_at_the_day_boundary(app, frozen, overdue):
    actor = chair_user()
    owner = UserFactory()
    with freeze_time("2026-03-01 09:00:00"):
        action = make_action(actor, owner=owner, due_on=date(2026, 3, 10))
    with freeze_time(frozen):
        assert action.is_overdue() is overdue
        assert [a.id for a in overdue_actions()] == ([action.id] if overdue else [])
        (row,) = actions_per_organisation()
        assert (row.organisation, row.open, row.overdue) == (
            owner.organisation.name, 1, int(overdue)
        )


def test_done_or_lapsed_actions_are_never_overdue(app):
    actor = chair_user()
    with freeze_time("2026-03-01 09:00:00"):
        done = make_action(actor, due_on=date(2026, 3, 2))
        lapsed = make_action(actor, due_on=date(2026, 3, 2))
        set_action_status(done, "gedaan", actor)
        set_action_status(lapsed, "vervallen", actor)
    with freeze_time("2026-04-01 09:00:00"):
        assert not done.is_overdue() and not lapsed.is_overdue()
        assert overdue_actions() == [] and actions_per_organisation() == []


def test_actions_per_organisation_counts_organisation_owners_and_users_organisations(app):
    actor = chair_user()
    gemeente = OrganisationFactory(name="Gemeente Laren")
    worker = UserFactory(organisation=gemeente)
    with freeze_time("2026-03-01 09:00:00"):
        make_action(actor, organisation=gemeente, due_on=date(2026, 3, 2))
        make_action(actor, owner=worker, due_on=date(2026, 3, 20))
    with freeze_time("2026-03-05 09:00:00"):
        rows = {r.organisation: (r.open, r.overdue) for r in actions_per_organisation()}
    assert rows == {"Gemeente Laren": (2, 1)}


@pytest.mark.parametrize("kwargs, field, message", [
    ({"due_on": region_today() - timedelta(days=1)}, "due_on",
     "De uiterste datum ligt in het verleden."),
    ({"owner_user": None}, "owner", "Kies een eigenaar: een persoon of een organisatie."),
    ({"description": "  "}, "description", "Beschrijf de actie."),
])
def test_bad_action_input_is_refused_and_nothing_is_stored(app, kwargs, field, message):
    actor = chair_user()
    item = make_item(actor)
    events = _count(TimelineEvent)
    values = {"description": "Schoolplek regelen", "owner_user": UserFactory(),
              "due_on": region_today() + timedelta(days=3), **kwargs}
    with pytest.raises(MeetingError) as refused:
        add_action(item, actor, **values)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert _count(MeetingAction) == 0 and _count(TimelineEvent) == events


def test_due_today_is_accepted(app):
    assert make_action(due_on=region_today()).status == "open"


def test_a_decision_before_the_meeting_day_is_refused(app):
    actor = chair_user()
    item = make_item(actor, meeting=make_meeting(actor, starts_at=utcnow() + timedelta(days=3)))
    with pytest.raises(MeetingError) as refused:
        record_meeting_decision(item, actor, text="Gezinshuis.", mandate="advies")
    assert "nog niet plaatsgevonden" in refused.value.message
    with pytest.raises(MeetingError):
        record_meeting_decision(make_item(actor), actor, text="Gezinshuis.", mandate="veto")
    assert _count(MeetingDecision) == 0


def test_only_chairs_manage_meetings(app):
    professional = UserFactory(role=Role.PROFESSIONAL.value)
    item = make_item()
    with pytest.raises(MeetingError):
        record_meeting_decision(item, professional, text="Zelf besloten.", mandate="besluit")
    with pytest.raises(MeetingError):
        make_meeting(professional)


def test_owner_marks_done_others_may_not_and_only_chairs_let_lapse(app):
    actor = chair_user()
    owner, stranger = UserFactory(), UserFactory()
    action = make_action(actor, owner=owner)
    with pytest.raises(MeetingError):
        set_action_status(action, "gedaan", stranger)
    with pytest.raises(MeetingError):
        set_action_status(action, "vervallen", owner)
    set_action_status(action, "gedaan", owner)
    with pytest.raises(MeetingError):
        set_action_status(action, "gedaan", owner)


# --- the guard on leaving ret_bespreking ----------------------------------------------------


def test_leaving_ret_bespreking_needs_a_meeting_decision(app):
    actor = chair_user()
    item = make_item(actor)
    case = item.case
    with pytest.raises(MoveRefused) as refused:
        move_case(case, Trigger.NAAR_PLAATSING, actor)
    assert refused.value.messages == (GUARD_MESSAGES["has_ret_decision"],)
    record_meeting_decision(item, actor, text="Gezinshuis zoeken.", mandate="advies")
    move_case(case, Trigger.NAAR_PLAATSING, actor)
    assert case.phase == Phase.PLAATSING


def test_a_decision_from_before_the_case_came_back_does_not_count(app):
    actor = chair_user()
    first = make_item(actor)
    case = first.case
    now = utcnow()
    record_meeting_decision(first, actor, text="Gezinshuis.", mandate="besluit", at=now)
    move_case(case, Trigger.NAAR_PLAATSING, actor, at=now + timedelta(minutes=1))
    move_case(case, Trigger.TERUG_NAAR_RET, actor, reason="Plaatsing vastgelopen.",
              at=now + timedelta(minutes=2))
    with pytest.raises(MoveRefused):
        move_case(case, Trigger.NAAR_PLAATSING, actor, at=now + timedelta(minutes=3))
    record_meeting_decision(make_item(actor, case=case), actor, text="Kleinschalig.",
                            mandate="advies", at=now + timedelta(minutes=4))
    move_case(case, Trigger.NAAR_PLAATSING, actor, at=now + timedelta(minutes=5))
    assert case.phase == Phase.PLAATSING


def test_besluit_buiten_vergadering_by_the_chair_is_recorded_as_such(app):
    from tests.case_helpers import voorzitter

    actor = voorzitter()
    case = new_case(actor, phase=Phase.RET_BESPREKING)
    record_decision(case, DecisionKind.BESLUIT_BUITEN_VERGADERING, "Spoed: crisisplek.", actor)
    move_case(case, Trigger.NAAR_PLAATSING, actor)
    kinds = set(
        db.session.scalars(select(CaseDecision.kind).where(CaseDecision.case_id == case.id))
    )
    assert kinds == {DecisionKind.BESLUIT_BUITEN_VERGADERING.value}
    assert _count(MeetingDecision) == 0
