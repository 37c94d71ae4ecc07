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
    make_item(
        chair,
        meeting=meeting,
        case=new_case(chair, phase=Phase.RET_BESPREKING, pseudonym="Kwikstaart"),
    )
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

    update_meeting(
        meeting,
        chair,
        starts_at=starts + timedelta(hours=1),
        location="Bussum",
        attendees=[guest],
        reason="Zaal bezet",
        confirmed=True,
    )
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


def test_personal_feed_lists_meetings_and_actions_without_content_and_can_be_revoked(
    app, client, auth
):
    from caseflow.audit.models import AccessLogEntry
    from caseflow.core.clock import region_today
    from caseflow.jobs.models import CalendarToken
    from tests.helpers import csrf_token
    from tests.meeting_helpers import make_action

    professional = auth.login(Role.PROFESSIONAL)
    chair = UserFactory(role=Role.PROCESBEGELEIDER.value)
    meeting = make_meeting(chair, starts_at=utcnow() + timedelta(days=5), attendees=[professional])
    case = new_case(chair, phase=Phase.RET_BESPREKING, pseudonym="Roodborstje")
    item = make_item(chair, meeting=meeting, case=case)
    make_action(chair, item=item, owner=professional, due_on=region_today() + timedelta(days=3))
    db.session.commit()
    page = client.get("/account/herinneringen").get_data(as_text=True)
    assert "nog geen agendalink" in page
    token = csrf_token(client, "/account/herinneringen")
    logged = db.session.query(AccessLogEntry).count()
    made = client.post(
        "/account/agendalink", data={"csrf_token": token, "new": "1"}, follow_redirects=True
    ).get_data(as_text=True)
    assert db.session.query(AccessLogEntry).count() > logged
    link = made.split("/calendar/")[1].split(".ics")[0]
    stored = db.session.get(CalendarToken, professional.id)
    assert stored is not None and link not in stored.token_hash  # only the hash is kept
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    feed = client.get(f"/calendar/{link}.ics")
    assert feed.status_code == 200
    body = feed.get_data()
    events = list(Calendar.from_ical(body).walk("VEVENT"))
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == [f"Actie uiterste datum ({case.reference})", "RET-overleg"]
    assert b"Roodborstje" not in body and b"Schoolplek" not in body

    auth.login(user=professional)
    token = csrf_token(client, "/account/herinneringen")
    revoked = client.post("/account/agendalink", data={"csrf_token": token, "revoke": "1"})
    assert revoked.status_code == 302
    db.session.expire_all()
    assert db.session.get(CalendarToken, professional.id) is None
    assert client.get(f"/calendar/{link}.ics").status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404
