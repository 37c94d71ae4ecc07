"""Round-2 attack on the meeting invitations (issue 26, point 3): a recipient the SMTP server
refuses must not hold up everyone else's mail, and a mail outage must not hold up the steps of
the daily run that send no mail (the monitor's summary)."""

from __future__ import annotations

import email
from datetime import date, timedelta
from email import policy

from icalendar import Calendar
from sqlalchemy import select

from caseflow.auth.models import Role
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.jobs import services
from caseflow.jobs.invitations import send_invitations
from caseflow.jobs.models import JobStepDone, MeetingMail
from caseflow.meetings.changes import update_meeting
from caseflow.meetings.services import add_attendee
from tests.case_helpers import chair_user
from tests.factories import UserFactory
from tests.meeting_helpers import make_meeting


def _refuse_rcpt(inbox, address: str) -> None:
    """The server answers 550 for one recipient (a relay that will not take that domain)."""

    async def handle_rcpt(server, session, envelope, rcpt, options):
        if rcpt == address:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(rcpt)
        return "250 OK"

    inbox.handle_RCPT = handle_rcpt  # aiosmtpd reads the hooks per connection


def _recipients(smtp) -> set[str]:
    return {email.message_from_bytes(raw, policy=policy.default)["To"] for raw in smtp.received}


def test_one_refused_recipient_does_not_block_the_other_meetings_mail(app, smtp):
    coordinator = chair_user()
    refused = UserFactory(role=Role.PROFESSIONAL.value, email="weg@nergens.invalid")
    starts = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    first = make_meeting(coordinator, starts_at=starts, attendees=[refused])
    later = UserFactory(role=Role.PROFESSIONAL.value)
    second = make_meeting(coordinator, starts_at=starts + timedelta(days=7), attendees=[later])
    db.session.commit()
    assert first.id < second.id  # the refused address comes first in the outbox
    _refuse_rcpt(smtp, refused.email)

    assert send_invitations()["refused"] == 1  # it used to raise here, the rest unsent
    assert later.email in _recipients(smtp)  # the second meeting's attendee is not held up
    assert refused.email not in _recipients(smtp)
    logged = set(db.session.scalars(select(MeetingMail.address)))
    assert refused.email not in logged  # not marked sent: the next run tries it again
    assert later.email in logged
    seen = len(smtp.received)
    again = send_invitations()
    assert again.get("sent") == 0 and len(smtp.received) == seen  # nothing twice
    assert again.get("refused") == 1


def test_a_mail_outage_does_not_hold_up_the_monitor_summary(app, smtp):
    coordinator = chair_user()
    make_meeting(
        coordinator,
        starts_at=utcnow() + timedelta(days=3),
        attendees=[UserFactory(role=Role.PROFESSIONAL.value)],
    )
    db.session.commit()
    assert "monitor_summary" in [name for name, _step in services.STEPS]
    smtp.refuse = True
    run = services.run_daily(date.today()).run
    assert run.status == "error"
    done = set(db.session.scalars(select(JobStepDone.step).where(JobStepDone.run_id == run.id)))
    assert "monitor_summary" in done, done
    assert [name for name, _step in services.STEPS][-1] == "invitations"  # mail still last


def test_removed_and_added_again_before_a_run_gets_one_change_and_a_valid_ics(app, smtp):
    coordinator = chair_user()
    guest = UserFactory(role=Role.PROFESSIONAL.value)
    other = UserFactory(role=Role.PROFESSIONAL.value)
    starts = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    meeting = make_meeting(coordinator, starts_at=starts, attendees=[guest, other])
    db.session.commit()
    guest.active = False  # inactive at the first run: no mail
    db.session.commit()
    send_invitations()
    assert guest.id not in set(db.session.scalars(select(MeetingMail.user_id)))
    for location in ("Bussum", "Naarden"):  # changed twice between two runs
        update_meeting(meeting, coordinator, starts_at=starts, location=location,
                       attendees=[guest], reason="")
        db.session.commit()
    add_attendee(meeting, other, coordinator)  # taken off and put back before the run
    guest.active = True  # back: an invitation at the meeting as it is now
    db.session.commit()
    seen = len(smtp.received)
    send_invitations()
    mails = [email.message_from_bytes(raw, policy=policy.default) for raw in smtp.received[seen:]]
    by_to = {}
    for mail in mails:
        assert mail["To"] not in by_to  # one mail each
        (part,) = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
        calendar = Calendar.from_ical(part.get_content())
        (event,) = calendar.walk("VEVENT")
        by_to[mail["To"]] = (
            str(calendar["METHOD"]), int(event["SEQUENCE"]), str(event["LOCATION"])
        )
    assert by_to[other.email] == ("REQUEST", 2, "Naarden")
    assert by_to[guest.email] == ("REQUEST", 2, "Naarden")
    assert send_invitations() == {"sent": 0}


def test_send_invitations_while_the_server_refuses_says_so_and_frees_the_lock(app, smtp, runner):
    coordinator = chair_user()
    make_meeting(
        coordinator,
        starts_at=utcnow() + timedelta(days=3),
        attendees=[UserFactory(role=Role.PROFESSIONAL.value)],
    )
    db.session.commit()
    smtp.refuse = True
    failed = runner.invoke(args=["jobs", "send-invitations"])
    assert failed.exit_code == 1
    assert "Mislukt" in failed.output and "volgende run" in failed.output  # not a traceback
    smtp.refuse = False
    again = runner.invoke(args=["jobs", "send-invitations"])
    assert again.exit_code == 0, again.output
    assert "invitations: sent 3" in again.output  # the lock was let go, nothing lost
