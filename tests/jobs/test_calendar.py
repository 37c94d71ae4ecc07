"""/meetings/<id>.ics: RFC 5545 read back with icalendar; the UID stays, SEQUENCE rises with each
change, a cancellation is METHOD:CANCEL; no pseudonym of any case on the agenda."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar

from caseflow.auth.models import Role
from caseflow.cases.workflow import Phase
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.meetings.changes import cancel_meeting, update_meeting
from tests.case_helpers import new_case
from tests.factories import UserFactory
from tests.meeting_helpers import make_item, make_meeting


def _read(client, meeting_id: int):
    response = client.get(f"/meetings/{meeting_id}.ics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/calendar")
    body = response.get_data()
    calendar = Calendar.from_ical(body)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return calendar, events[0], body


def test_ics_is_valid_stable_and_follows_changes_and_cancellation(app, client, auth):
    chair = auth.login(Role.PROCESBEGELEIDER)
    guest = UserFactory(role=Role.PROFESSIONAL.value)
    starts = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    meeting = make_meeting(chair, starts_at=starts, attendees=[guest])
    make_item(chair, meeting=meeting, case=new_case(chair, phase=Phase.RET_BESPREKING,
                                                    pseudonym="Kwikstaart"))
    db.session.commit()
    calendar, event, body = _read(client, meeting.id)
    assert calendar["METHOD"] == "REQUEST" and calendar["VERSION"] == "2.0"
    assert int(event["SEQUENCE"]) == 0 and event["STATUS"] == "CONFIRMED"
    assert event.decoded("DTSTART") == starts
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=2)
    assert str(event["SUMMARY"]) == "RET-overleg"
    assert f"mailto:{guest.email}" in [str(a) for a in event.get("ATTENDEE", [])]
    assert f"/meetings/{meeting.id}" in str(event["URL"])
    assert b"Kwikstaart" not in body
    first_uid = str(event["UID"])

    update_meeting(meeting, chair, starts_at=starts + timedelta(hours=1), location="Bussum",
                   attendees=[guest], reason="Zaal bezet", confirmed=True)
    db.session.commit()
    _calendar, moved, _body = _read(client, meeting.id)
    assert str(moved["UID"]) == first_uid
    assert int(moved["SEQUENCE"]) == 1
    assert str(moved["LOCATION"]) == "Bussum"
    assert moved.decoded("DTSTART") == starts + timedelta(hours=1)

    cancel_meeting(meeting, chair, reason="Voorzitter ziek")
    db.session.commit()
    cancelled_calendar, cancelled, body = _read(client, meeting.id)
    assert cancelled_calendar["METHOD"] == "CANCEL" and cancelled["STATUS"] == "CANCELLED"
    assert str(cancelled["UID"]) == first_uid and int(cancelled["SEQUENCE"]) == 2
    assert b"ziek" not in body  # the reason stays in caseflow


def test_ics_of_an_unknown_meeting_is_404(app, client, auth):
    auth.login(Role.PROCESBEGELEIDER)
    assert client.get("/meetings/999999.ics").status_code == 404
