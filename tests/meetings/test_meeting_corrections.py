"""Issue 20 point 4: a meeting can be corrected. Edit date, time, place and attendees; cancel
with a reason (its cases are to be scheduled again); take an agenda item off or move it; any
open case on the agenda; past or double moments need a confirmation; minutes concept →
vastgesteld, then only an addendum; the chair's start page shows the next meeting. Every change
is kept (who, when, reason) and in the access log; bad input changes nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Role
from caseflow.cases.workflow import Phase
from caseflow.extensions import db
from caseflow.meetings import queries
from caseflow.meetings.changes import (
    add_addendum,
    cancel_meeting,
    fix_minutes,
    move_agenda_item,
    remove_agenda_item,
)
from caseflow.meetings.clock import local_moment, region_today
from caseflow.meetings.guards import MeetingError
from caseflow.meetings.models import AgendaItem, Meeting, MeetingAttendee, MeetingChange
from caseflow.meetings.services import add_agenda_item, record_meeting_decision
from tests.case_helpers import new_case
from tests.factories import UserFactory
from tests.helpers import csrf_token
from tests.meeting_helpers import make_item, make_meeting


@pytest.fixture
def chair(auth):
    return auth.login(Role.PROCESBEGELEIDER)


def _post(client, url, data, form_page):
    return client.post(url, data={"csrf_token": csrf_token(client, form_page), **data})


def _in_days(days: int, hour: int = 14):
    return local_moment(region_today() + timedelta(days=days), time(hour))


def _changes(meeting, kind=None) -> list[MeetingChange]:
    query = select(MeetingChange).where(MeetingChange.meeting_id == meeting.id)
    if kind:
        query = query.where(MeetingChange.kind == kind)
    return list(db.session.scalars(query.order_by(MeetingChange.id)))


def _log(meeting, reason=None) -> list[AccessLogEntry]:
    query = select(AccessLogEntry).where(
        AccessLogEntry.object_type == "meeting", AccessLogEntry.object_id == str(meeting.id),
        AccessLogEntry.event_type == "change",
    )
    if reason:
        query = query.where(AccessLogEntry.reason == reason)
    return list(db.session.scalars(query))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- planning: past or double moments need a confirmation ------------------------------------

def test_a_meeting_in_the_past_needs_an_explicit_confirmation(client, chair):
    voorzitter = UserFactory(role=Role.VOORZITTER.value)
    data = {"day": (region_today() - timedelta(days=3)).isoformat(), "starts": "14:00",
            "chair": voorzitter.id, "coordinator": chair.id}
    response = _post(client, "/meetings/new", data, "/meetings/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Deze bespreking ligt in het verleden." in html
    assert 'name="confirm"' in html and _count(Meeting) == 0
    response = _post(client, "/meetings/new", {**data, "confirm": "y"}, "/meetings/new")
    assert response.status_code == 302 and _count(Meeting) == 1


def test_a_second_meeting_at_the_same_moment_needs_a_confirmation(client, chair):
    first = make_meeting(chair, starts_at=_in_days(7))
    voorzitter = UserFactory(role=Role.VOORZITTER.value)
    data = {"day": (region_today() + timedelta(days=7)).isoformat(), "starts": "14:00",
            "chair": voorzitter.id, "coordinator": chair.id}
    response = _post(client, "/meetings/new", data, "/meetings/new")
    assert response.status_code == 400
    assert "Er is al een bespreking op hetzelfde moment." in response.get_data(as_text=True)
    assert _count(Meeting) == 1
    cancel_meeting(first, chair, reason="Zaal niet beschikbaar")
    db.session.commit()
    assert _post(client, "/meetings/new", data, "/meetings/new").status_code == 302


# --- editing ---------------------------------------------------------------------------------

def test_edit_date_place_and_attendees_keeps_the_change_and_logs_it(client, chair):
    meeting = make_meeting(chair, starts_at=_in_days(7))
    item = make_item(chair, meeting=meeting)
    extra = UserFactory(name="Sanne Professional")
    old_start = meeting.starts_at
    db.session.commit()
    page = f"/meetings/{meeting.id}/bewerken"
    assert client.get(page).status_code == 200
    response = _post(client, page, {
        "day": (region_today() + timedelta(days=9)).isoformat(), "starts": "10:30",
        "location": "Bussum", "attendees": [extra.id], "reason": "Voorzitter ziek",
    }, page)
    assert response.status_code == 302
    db.session.expire_all()
    assert meeting.starts_at == _in_days(9, 10) + timedelta(minutes=30)
    assert meeting.location == "Bussum"
    users = set(db.session.scalars(select(MeetingAttendee.user_id).where(
        MeetingAttendee.meeting_id == meeting.id)))
    assert users == {meeting.chair_id, meeting.coordinator_id, extra.id}, "chair roles stay"
    (change,) = _changes(meeting)
    assert change.kind == "gewijzigd" and change.by_id == chair.id and change.reason
    assert datetime.fromisoformat(change.detail["starts_at"][0]) == old_start
    assert change.detail["location"] == ["Hilversum", "Bussum"]
    (row,) = _log(meeting, "edit")
    assert row.case_id == item.case_id and "starts_at" in row.fields
    html = client.get(page).get_data(as_text=True)
    assert "Voorzitter ziek" in html and "Gewijzigd" in html


def test_edit_into_the_past_is_refused_without_confirmation_and_changes_nothing(client, chair):
    meeting = make_meeting(chair, starts_at=_in_days(7))
    db.session.commit()
    page = f"/meetings/{meeting.id}/bewerken"
    response = _post(client, page, {
        "day": (region_today() - timedelta(days=1)).isoformat(), "starts": "14:00",
        "location": "Elders",
    }, page)
    assert response.status_code == 400
    assert "Deze bespreking ligt in het verleden." in response.get_data(as_text=True)
    db.session.expire_all()
    assert meeting.starts_at == _in_days(7) and meeting.location == "Hilversum"
    assert _changes(meeting) == [] and _log(meeting) == []


# --- cancelling ------------------------------------------------------------------------------

def test_cancel_needs_a_reason_and_puts_the_cases_back_to_be_scheduled(client, chair):
    meeting = make_meeting(chair, starts_at=_in_days(7))
    item = make_item(chair, meeting=meeting)
    case = item.case
    db.session.commit()
    assert case not in queries.proposed_cases()
    url = f"/meetings/{meeting.id}/annuleren"
    page = f"/meetings/{meeting.id}/bewerken"
    response = _post(client, url, {"cancel-reason": "  "}, page)
    assert response.status_code == 400 and "Geef een reden op." in response.get_data(as_text=True)
    db.session.expire_all()
    assert not meeting.cancelled and _changes(meeting) == []
    response = _post(client, url, {"cancel-reason": "Te weinig deelnemers"}, page)
    assert response.status_code == 302
    db.session.expire_all()
    assert meeting.cancelled and meeting.cancel_reason == "Te weinig deelnemers"
    assert db.session.get(AgendaItem, item.id) is not None, "the agenda stays with it"
    assert case in queries.proposed_cases()
    assert queries.next_meeting() is None
    (change,) = _changes(meeting, "geannuleerd")
    assert change.reason == "Te weinig deelnemers" and change.detail["cases"] == [case.id]
    assert [r.case_id for r in _log(meeting, "cancel")] == [case.id]
    html = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "opnieuw worden ingepland" in html and "Te weinig deelnemers" in html
    # scheduled again on another meeting: no longer "to be scheduled"
    add_agenda_item(make_meeting(chair, starts_at=_in_days(14)), case, chair)
    db.session.commit()
    assert case not in queries.proposed_cases()
    assert "opnieuw worden ingepland" not in client.get(
        f"/cases/{case.reference}").get_data(as_text=True)


def test_a_cancelled_meeting_takes_no_more_changes(app):
    meeting = make_meeting(starts_at=_in_days(7))
    actor = meeting.coordinator
    cancel_meeting(meeting, actor, reason="Verzet")
    with pytest.raises(MeetingError, match="geannuleerd"):
        add_agenda_item(meeting, new_case(actor, phase=Phase.RET_BESPREKING), actor)
    with pytest.raises(MeetingError, match="geannuleerd"):
        cancel_meeting(meeting, actor, reason="Nog eens")


def test_a_meeting_with_decisions_is_not_cancelled(app):
    item = make_item(meeting=make_meeting(starts_at=_in_days(0, 9)))
    actor = item.meeting.coordinator
    record_meeting_decision(item, actor, text="Advies.", mandate="advies",
                            at=item.meeting.starts_at + timedelta(hours=1))
    with pytest.raises(MeetingError, match="besluiten"):
        cancel_meeting(item.meeting, actor, reason="Vergissing")
    assert not item.meeting.cancelled


# --- agenda items: remove and move -----------------------------------------------------------

def test_remove_an_agenda_item_with_a_reason_and_the_case_page_says_so(client, chair):
    item = make_item(chair, meeting=make_meeting(chair, starts_at=_in_days(7)))
    meeting, case = item.meeting, item.case
    db.session.commit()
    page = f"/agenda-items/{item.id}/wijzigen"
    assert client.get(page).status_code == 200
    url = f"/agenda-items/{item.id}/verwijderen"
    response = _post(client, url, {"remove-reason": ""}, page)
    assert response.status_code == 400 and db.session.get(AgendaItem, item.id) is not None
    response = _post(client, url, {"remove-reason": "Dubbel aangemeld"}, page)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(AgendaItem).where(AgendaItem.case_id == case.id)) is None
    (change,) = _changes(meeting, "agenda_verwijderd")
    assert change.case_id == case.id and change.reason == "Dubbel aangemeld"
    assert change.detail["case"] == case.reference and change.by_id == chair.id
    assert [r.case_id for r in _log(meeting, "remove")] == [case.id]
    assert case in queries.proposed_cases(), "in ret_bespreking: proposed again"
    assert "Dubbel aangemeld" in client.get(f"/cases/{case.reference}").get_data(as_text=True)


def test_move_an_agenda_item_to_another_meeting(client, chair):
    source = make_meeting(chair, starts_at=_in_days(7))
    target = make_meeting(chair, starts_at=_in_days(14))
    item = make_item(chair, meeting=source)
    db.session.commit()
    page = f"/agenda-items/{item.id}/wijzigen"
    assert str(target.id) in client.get(page).get_data(as_text=True)
    url = f"/agenda-items/{item.id}/verplaatsen"
    response = _post(client, url, {"move-target": target.id, "move-reason": ""}, page)
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).meeting_id == source.id
    response = _post(client, url, {"move-target": target.id, "move-reason": "Meer tijd nodig"},
                     page)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).meeting_id == target.id
    for meeting in (source, target):
        (change,) = _changes(meeting, "agenda_verplaatst")
        assert change.reason == "Meer tijd nodig" and change.detail["to"] == target.id
        assert _log(meeting, "move") == []
    moved = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.reason == "move")).all()
    assert [(r.object_type, r.object_id, r.case_id) for r in moved] == [
        ("agenda_item", str(item.id), item.case_id)
    ]


def test_moving_is_refused_onto_a_meeting_that_has_the_case_or_is_cancelled(app):
    source = make_meeting(starts_at=_in_days(7))
    actor = source.coordinator
    item = make_item(actor, meeting=source)
    busy = make_meeting(actor, starts_at=_in_days(14))
    add_agenda_item(busy, item.case, actor)
    with pytest.raises(MeetingError, match="al op de agenda"):
        move_agenda_item(item, busy, actor, reason="Verzet")
    gone = make_meeting(actor, starts_at=_in_days(21))
    cancel_meeting(gone, actor, reason="Vakantie")
    with pytest.raises(MeetingError):
        move_agenda_item(item, gone, actor, reason="Verzet")
    assert item.meeting_id == source.id


def test_an_item_with_decisions_stays_on_its_agenda(app):
    item = make_item(meeting=make_meeting(starts_at=_in_days(0, 9)))
    actor = item.meeting.coordinator
    record_meeting_decision(item, actor, text="Advies.", mandate="advies",
                            at=item.meeting.starts_at + timedelta(hours=1))
    with pytest.raises(MeetingError, match="besluiten of acties"):
        remove_agenda_item(item, actor, reason="Weg")
    assert db.session.get(AgendaItem, item.id) is not None


# --- any open case can be put on an agenda ---------------------------------------------------

def test_a_case_in_blijven_volgen_comes_back_for_an_evaluation(client, chair):
    meeting = make_meeting(chair, starts_at=_in_days(7))
    followed = new_case(chair, phase=Phase.BLIJVEN_VOLGEN, pseudonym="Volgkind")
    closed = new_case(chair, phase=Phase.AANMELDING, pseudonym="Dichtkind")
    from caseflow.cases.services import move_case
    from caseflow.cases.workflow import Trigger

    move_case(closed, Trigger.AFSLUITEN, chair, reason="Klaar", closing_reason="afgerond")
    db.session.commit()
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Volgkind" in html and "Andere open casussen" in html and "Dichtkind" not in html
    url = f"/meetings/{meeting.id}/agenda"
    assert _post(client, url, {"agenda-case": closed.id}, f"/meetings/{meeting.id}"
                 ).status_code == 400
    response = _post(client, url, {"agenda-case": followed.id}, f"/meetings/{meeting.id}")
    assert response.status_code == 302
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.case_id == followed.id))
    assert item.question.startswith("Evaluatie (blijven volgen)")


# --- minutes: concept → vastgesteld, then only an addendum -----------------------------------

def test_fixed_minutes_change_only_by_an_addendum(client, chair):
    item = make_item(chair, meeting=make_meeting(chair, starts_at=_in_days(0, 0)))
    meeting = item.meeting
    db.session.commit()
    minutes = f"/meetings/{meeting.id}/minutes"
    assert "Concept" in client.get(minutes).get_data(as_text=True)
    response = _post(client, f"/meetings/{meeting.id}/verslag/addendum",
                     {"addendum-text": "Te vroeg"}, minutes)
    assert "Te vroeg" not in client.get(minutes).get_data(as_text=True)
    response = _post(client, f"/meetings/{meeting.id}/verslag/vaststellen", {}, minutes)
    assert response.status_code == 302
    db.session.expire_all()
    assert meeting.minutes_fixed and meeting.minutes_fixed_by_id == chair.id
    assert _changes(meeting, "verslag_vastgesteld") and _log(meeting, "fix")
    with pytest.raises(MeetingError, match="addendum"):
        record_meeting_decision(item, chair, text="Later besluit", mandate="advies")
    page = f"/agenda-items/{item.id}"
    response = _post(client, f"/agenda-items/{item.id}/preparation",
                     {"prep-question": "Andere vraag"}, page)
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).question != "Andere vraag"
    response = _post(client, f"/meetings/{meeting.id}/verslag/addendum",
                     {"addendum-text": "Correctie: de school was ook aanwezig."}, minutes)
    assert response.status_code == 302
    html = client.get(minutes).get_data(as_text=True)
    assert "Vastgesteld" in html and "Correctie: de school was ook aanwezig." in html
    assert _changes(meeting, "addendum")[0].by_id == chair.id


def test_minutes_are_not_fixed_before_the_meeting_day(app):
    meeting = make_meeting(starts_at=_in_days(3))
    with pytest.raises(MeetingError, match="vastgesteld"):
        fix_minutes(meeting, meeting.coordinator)
    with pytest.raises(MeetingError, match="concept"):
        add_addendum(meeting, meeting.coordinator, text="Nog niet")
    assert not meeting.minutes_fixed


# --- the chair's start page ------------------------------------------------------------------

def test_the_chairs_start_page_shows_the_next_meeting_with_its_agenda(client, chair):
    later = make_item(chair, meeting=make_meeting(chair, starts_at=_in_days(14)))
    gone = make_meeting(chair, starts_at=_in_days(3))
    cancel_meeting(gone, chair, reason="Verzet")
    soon = make_meeting(chair, starts_at=_in_days(7))
    item = make_item(chair, meeting=soon)
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "Volgende RET-bespreking" in html
    panel = html.split("Volgende RET-bespreking", 1)[1].split("<h2", 1)[0]
    assert f"/meetings/{soon.id}" in panel and item.case.reference in panel
    assert f"/meetings/{gone.id}\"" not in panel and later.case.reference not in panel
