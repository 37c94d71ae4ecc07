"""Issue 26, point 3: attendees get the meeting's .ics by mail (text/calendar; method=...) on
invitation, change and cancellation, through a real local SMTP server; each mail is logged
without content, a refusing server makes the next run try again, and nothing goes twice."""

from __future__ import annotations

import email
from datetime import date, timedelta
from email import policy

from icalendar import Calendar
from sqlalchemy import func, select

from caseflow.auth.models import Role
from caseflow.cases.workflow import Phase
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.jobs import services
from caseflow.jobs.invitations import send_invitations
from caseflow.jobs.models import MeetingMail
from caseflow.meetings.changes import cancel_meeting, update_meeting
from caseflow.meetings.services import add_attendee
from tests.case_helpers import chair_user, new_case
from tests.factories import UserFactory
from tests.meeting_helpers import make_item, make_meeting

PSEUDONYM = "Kwikstaart"


def _read(raw: bytes) -> dict:
    mail = email.message_from_bytes(raw, policy=policy.default)
    parts = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, mail["To"]
    part = parts[0]
    assert part.get_filename().endswith(".ics")
    calendar = Calendar.from_ical(part.get_content())
    (event,) = calendar.walk("VEVENT")
    attendees = event.get("ATTENDEE", [])
    attendees = attendees if isinstance(attendees, list) else [attendees]  # one: not a list
    return {
        "to": mail["To"],
        "param": part.get_param("method"),
        "method": str(calendar["METHOD"]),
        "sequence": int(event["SEQUENCE"]),
        "uid": str(event["UID"]),
        "status": str(event["STATUS"]),
        "start": event.decoded("DTSTART"),
        "attendees": [str(a) for a in attendees],
        "subject": mail["Subject"],
        # decoded (the .ics may travel as base64): what a reader of the mail can see
        "text": mail["Subject"]
        + "".join(p.get_content() for p in mail.walk() if p.get_content_maintype() == "text"),
    }


def _new(smtp, seen: int) -> dict[str, dict]:
    """The mails since ``seen``, by address (one each: nothing twice)."""
    read = [_read(raw) for raw in smtp.received[seen:]]
    by_address = {m["to"]: m for m in read}
    assert len(by_address) == len(read)
    return by_address


def _meeting():
    coordinator = chair_user()
    guest = UserFactory(role=Role.PROFESSIONAL.value)
    starts = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    meeting = make_meeting(coordinator, starts_at=starts, attendees=[guest])
    make_item(
        coordinator,
        meeting=meeting,
        case=new_case(coordinator, phase=Phase.RET_BESPREKING, pseudonym=PSEUDONYM),
    )
    db.session.commit()
    return coordinator, guest, meeting, starts


def test_invitation_change_removal_and_cancellation_arrive_as_ics(app, smtp):
    coordinator, guest, meeting, starts = _meeting()
    everyone = {meeting.chair.email, coordinator.email, guest.email}

    assert send_invitations() == {"sent": 3}
    invited = _new(smtp, 0)
    assert set(invited) == everyone
    first = invited[guest.email]
    assert first["param"] == first["method"] == "REQUEST" and first["sequence"] == 0
    assert first["status"] == "CONFIRMED" and first["start"] == starts
    assert f"mailto:{guest.email}" in first["attendees"]
    assert "uitnodiging" in first["subject"]
    assert send_invitations() == {"sent": 0}  # nothing twice

    update_meeting(
        meeting,
        coordinator,
        starts_at=starts + timedelta(hours=1),
        location="Bussum",
        attendees=[guest],
        reason="Zaal bezet",
        confirmed=True,
    )
    db.session.commit()
    seen = len(smtp.received)
    assert send_invitations() == {"sent": 3}
    moved = _new(smtp, seen)
    assert set(moved) == everyone
    assert {m["sequence"] for m in moved.values()} == {1}
    assert {m["method"] for m in moved.values()} == {"REQUEST"}
    assert moved[guest.email]["uid"] == first["uid"]
    assert moved[guest.email]["start"] == starts + timedelta(hours=1)
    assert "Bussum" in moved[guest.email]["text"]

    update_meeting(
        meeting,
        coordinator,
        starts_at=starts + timedelta(hours=1),
        location="Bussum",
        attendees=[],
        reason="Niet nodig",
    )
    db.session.commit()
    seen = len(smtp.received)
    send_invitations()
    removed = _new(smtp, seen)
    assert removed[guest.email]["method"] == removed[guest.email]["param"] == "CANCEL"
    assert removed[guest.email]["attendees"] == [f"mailto:{guest.email}"]
    assert removed[coordinator.email]["method"] == "REQUEST"
    assert {m["sequence"] for m in removed.values()} == {2}

    cancel_meeting(meeting, coordinator, reason="Voorzitter ziek")
    db.session.commit()
    seen = len(smtp.received)
    assert send_invitations() == {"sent": 2}
    cancelled = _new(smtp, seen)
    assert set(cancelled) == {meeting.chair.email, coordinator.email}  # not the guest again
    assert {(m["method"], m["param"], m["status"], m["sequence"]) for m in cancelled.values()} == {
        ("CANCEL", "CANCEL", "CANCELLED", 3)
    }
    assert send_invitations() == {"sent": 0}

    for raw in smtp.received:
        text = _read(raw)["text"]
        assert "BEGIN:VCALENDAR" in text and "/meetings/" in text
        for secret in (PSEUDONYM, "ziek", "Zaal", "Hulpvraag", "Niet nodig"):
            assert secret not in text, secret
    logged = db.session.execute(
        select(MeetingMail.address, MeetingMail.kind, MeetingMail.method, MeetingMail.sequence)
        .where(MeetingMail.user_id == guest.id)
        .order_by(MeetingMail.id)
    ).all()
    assert [tuple(row) for row in logged] == [
        (guest.email, "uitnodiging", "REQUEST", 0),
        (guest.email, "wijziging", "REQUEST", 1),
        (guest.email, "annulering", "CANCEL", 2),
    ]


def test_an_attendee_added_later_alone_gets_an_invitation(app, smtp):
    coordinator, _guest, meeting, _starts = _meeting()
    send_invitations()
    late = UserFactory(role=Role.PROFESSIONAL.value)
    add_attendee(meeting, late, coordinator)
    db.session.commit()
    seen = len(smtp.received)
    assert send_invitations() == {"sent": 1}
    assert list(_new(smtp, seen)) == [late.email]


def test_meetings_that_have_ended_are_not_mailed(app, smtp):
    coordinator = chair_user()
    make_meeting(
        coordinator,
        starts_at=utcnow() - timedelta(days=2),
        attendees=[UserFactory(role=Role.PROFESSIONAL.value)],
    )
    db.session.commit()
    assert send_invitations() == {"sent": 0}
    assert smtp.received == []


def test_a_refusing_server_is_retried_by_the_next_run_and_nothing_goes_twice(app, smtp, runner):
    _meeting()
    day = date.today()
    smtp.refuse = True
    first = services.run_daily(day)
    assert first.run.status == "error" and first.run.error.startswith("invitations")
    assert db.session.scalar(select(func.count()).select_from(MeetingMail)) == 0
    smtp.refuse = False
    second = services.run_daily(day)
    assert second.run.status == "ok", second.run.error
    assert second.skipped == ["risk", "retention", "monitor_summary", "reminders"]
    assert second.counts["invitations"]["sent"] == len(smtp.received) == 3
    assert db.session.scalar(select(func.count()).select_from(MeetingMail)) == 3
    services.run_daily(day)
    result = runner.invoke(args=["jobs", "send-invitations"])
    assert result.exit_code == 0, result.output
    assert "invitations: sent 0" in result.output
    assert len(smtp.received) == 3


def test_send_invitations_by_the_command_between_daily_runs(app, smtp, runner):
    _meeting()
    result = runner.invoke(args=["jobs", "send-invitations"])
    assert result.exit_code == 0, result.output
    assert "invitations: sent 3" in result.output and len(smtp.received) == 3
