"""RET meetings mailed to their attendees as .ics (issue 26, point 3): an invitation when a user
is put on the list, a new REQUEST when the meeting changes (its SEQUENCE rose), a CANCEL when it
is cancelled or the user is taken off the list.

No outbox row is written by the meetings domain (it may not know jobs): the outbox is derived.
What each attendee should have (the meeting's METHOD and SEQUENCE as they are now) is compared
with what ``MeetingMail`` says was sent; the difference is mailed, and logged one mail at a time,
so a failing SMTP server loses nothing (the next run tries again) and a rerun sends nothing
twice. Runs as the daily run's last step and, for the same day, by ``jobs send-invitations``
(a timer every few minutes). Only meetings that have not yet ended are mailed."""

from __future__ import annotations

from dataclasses import dataclass
from email.mime.text import MIMEText
from smtplib import SMTPRecipientsRefused

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_mailman import EmailMessage
from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.core.clock import local_zone
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.jobs.calendar import DURATION, meeting_calendar, meeting_link, sequence
from caseflow.jobs.mail import connection, mail_configured, sender
from caseflow.jobs.models import MeetingMail
from caseflow.meetings.models import Meeting, MeetingAttendee

INVITATION, CHANGE, CANCELLATION = "uitnodiging", "wijziging", "annulering"
REQUEST, CANCEL = "REQUEST", "CANCEL"


@dataclass(frozen=True)
class Due:
    meeting: Meeting
    user: User
    kind: str
    method: str
    sequence: int
    removed: bool = False  # taken off the list of a meeting that still takes place


def due_mails() -> list[Due]:
    """What the attendees of the meetings not yet ended should get and have not had."""
    meetings = list(
        db.session.scalars(
            select(Meeting).where(Meeting.starts_at > utcnow() - DURATION).order_by(Meeting.id)
        )
    )
    if not meetings:
        return []
    ids = [m.id for m in meetings]
    attending: dict[int, dict[int, User]] = {m: {} for m in ids}
    for attendee in db.session.scalars(
        select(MeetingAttendee).where(
            MeetingAttendee.meeting_id.in_(ids), MeetingAttendee.user_id.is_not(None)
        )
    ):
        attending[attendee.meeting_id][attendee.user_id] = attendee.user
    last: dict[tuple[int, int], MeetingMail] = {}
    sent: set[tuple[int, int, str, int]] = set()
    for mail in db.session.scalars(
        select(MeetingMail).where(MeetingMail.meeting_id.in_(ids)).order_by(MeetingMail.id)
    ):
        last[mail.meeting_id, mail.user_id] = mail
        sent.add((mail.meeting_id, mail.user_id, mail.method, mail.sequence))
    due: list[Due] = []
    for meeting in meetings:
        number = sequence(meeting)
        invited = attending[meeting.id] if meeting.cancelled_at is None else {}
        for user_id, user in invited.items():
            before = last.get((meeting.id, user_id))
            if before is None or before.method == CANCEL:
                due.append(Due(meeting, user, INVITATION, REQUEST, number))
            elif before.sequence != number:
                due.append(Due(meeting, user, CHANGE, REQUEST, number))
        for (meeting_id, user_id), before in last.items():
            if meeting_id == meeting.id and before.method == REQUEST and user_id not in invited:
                user = db.session.get(User, user_id)
                due.append(
                    Due(
                        meeting,
                        user,
                        CANCELLATION,
                        CANCEL,
                        number,
                        removed=meeting.cancelled_at is None,
                    )
                )
    return [
        d
        for d in due
        if d.user is not None
        and d.user.active
        and d.user.email
        and (d.meeting.id, d.user.id, d.method, d.sequence) not in sent
    ]


def send_invitations(_day=None) -> dict[str, int]:
    """Mails what is due; each mail is logged and committed before the next is tried."""
    due = due_mails()
    if not due:
        return {"sent": 0}
    if not mail_configured():
        return {"sent": 0, "mail_not_configured": len(due)}
    sent = refused = 0
    with connection() as outbox:
        for item in due:
            try:
                outbox.send_messages([compose(item)])  # raises when SMTP fails: retried next run
            except SMTPRecipientsRefused:
                # One address the server will not take must not hold up everyone after it
                # (each run would stop at the same mail). Not logged: tried again next run.
                current_app.logger.warning(
                    "invitation refused by SMTP: meeting %s, user %s", item.meeting.id, item.user.id
                )
                refused += 1
                continue
            db.session.add(
                MeetingMail(
                    meeting_id=item.meeting.id,
                    user_id=item.user.id,
                    address=item.user.email,
                    kind=item.kind,
                    method=item.method,
                    sequence=item.sequence,
                    sent_at=utcnow(),
                )
            )
            db.session.commit()
            sent += 1
    return {"sent": sent, "refused": refused} if refused else {"sent": sent}


def _text(item: Due, moment: str) -> tuple[str, str]:
    if item.kind == INVITATION:
        return (
            _("caseflow: uitnodiging RET-overleg %(moment)s", moment=moment),
            _("U bent uitgenodigd voor het RET-overleg van %(moment)s.", moment=moment),
        )
    if item.kind == CHANGE:
        return (
            _("caseflow: RET-overleg gewijzigd, nu %(moment)s", moment=moment),
            _("Het RET-overleg is gewijzigd. Het is nu op %(moment)s.", moment=moment),
        )
    if item.removed:
        return (
            _("caseflow: RET-overleg %(moment)s zonder u", moment=moment),
            _("U staat niet meer op de lijst voor het RET-overleg van %(moment)s.", moment=moment),
        )
    return (
        _("caseflow: RET-overleg %(moment)s gaat niet door", moment=moment),
        _("Het RET-overleg van %(moment)s gaat niet door.", moment=moment),
    )


def compose(item: Due) -> EmailMessage:
    """Time, place, a link and the .ics: nothing of the cases on the agenda."""
    meeting = item.meeting
    moment = f"{meeting.starts_at.astimezone(local_zone()):%Y-%m-%d %H:%M}"
    with force_locale(item.user.locale or "nl"):
        subject, opening = _text(item, moment)
        lines = [opening]
        if meeting.location:
            lines.append(_("Plaats: %(location)s", location=meeting.location))
        lines += [
            "",
            _("De agenda staat in caseflow: %(link)s", link=meeting_link(meeting)),
            _("Met de bijlage zet u het overleg in uw agenda (of haalt u het eruit)."),
        ]
    message = EmailMessage(
        subject=subject, body="\n".join(lines) + "\n", from_email=sender(), to=[item.user.email]
    )
    ics = meeting_calendar(meeting, removed=item.user if item.removed else None)
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", item.method)
    part.add_header("Content-Disposition", "attachment", filename=f"ret-{meeting.id}.ics")
    message.attach(part)
    return message
