"""RET meetings as iCalendar (RFC 5545): a stable UID per meeting, SEQUENCE = the number of
changes to its time, place or attendees (and its cancellation), METHOD:REQUEST, or METHOD:CANCEL
once cancelled. Only time, place and a link: no case, no pseudonym."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, has_request_context, url_for
from icalendar import Calendar, Event, vCalAddress
from sqlalchemy import delete, func, select

from caseflow.audit.models import AuditEvent, Grounds
from caseflow.audit.services import record
from caseflow.auth.models import User
from caseflow.auth.permissions import CHAIRS
from caseflow.core.clock import region_today, start_of_today
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.jobs.models import CalendarToken
from caseflow.meetings.actions import my_open_actions
from caseflow.meetings.models import Meeting, MeetingAttendee, MeetingChange
from caseflow.meetings.vocab import MeetingChangeKind

# A meeting records when it starts, not when it ends: agendas show two hours.
DURATION = timedelta(hours=2)
COUNTED = (MeetingChangeKind.GEWIJZIGD.value, MeetingChangeKind.GEANNULEERD.value)


def _region() -> str:
    return str(current_app.config.get("REGION_CODE", "ret")).lower()


def uid(meeting: Meeting) -> str:
    return f"ret-meeting-{meeting.id}@{_region()}.caseflow"


def sequence(meeting: Meeting) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(MeetingChange)
            .where(MeetingChange.meeting_id == meeting.id, MeetingChange.kind.in_(COUNTED))
        )
        or 0
    )


def _link(meeting: Meeting) -> str:
    if has_request_context():
        return url_for("meetings.meeting_detail", meeting_id=meeting.id, _external=True)
    base = current_app.config.get("MAIL_LINK_BASE") or "http://127.0.0.1:5000"
    with current_app.test_request_context(base_url=base):
        return url_for("meetings.meeting_detail", meeting_id=meeting.id, _external=True)


def meeting_link(meeting: Meeting) -> str:
    return _link(meeting)


def _meeting_event(meeting: Meeting, *, cancelled: bool | None = None) -> Event:
    if cancelled is None:
        cancelled = meeting.cancelled_at is not None
    event = Event()
    event.add("uid", uid(meeting))
    event.add("sequence", sequence(meeting))
    event.add("dtstamp", utcnow())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + DURATION)
    event.add("summary", "RET-overleg")
    if meeting.location:
        event.add("location", meeting.location)
    event.add("url", _link(meeting))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if meeting.chair.email:
        event.add("organizer", vCalAddress(f"mailto:{meeting.chair.email}"))
    for attendee in db.session.scalars(
        select(MeetingAttendee).where(
            MeetingAttendee.meeting_id == meeting.id, MeetingAttendee.user_id.is_not(None)
        )
    ):
        if attendee.user is not None and attendee.user.email:
            event.add("attendee", vCalAddress(f"mailto:{attendee.user.email}"))
    return event


def meeting_calendar(meeting: Meeting, *, removed: User | None = None) -> bytes:
    """The meeting as METHOD:REQUEST, or METHOD:CANCEL once cancelled; for an attendee taken
    off the list (``removed``) a CANCEL naming only them, as RFC 5546 (3.2.5) has it."""
    cancel = meeting.cancelled_at is not None or removed is not None
    calendar = Calendar()
    calendar.add("prodid", "-//caseflow//RET-overleg//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = _meeting_event(meeting, cancelled=cancel)
    if removed is not None and removed.email:
        event.pop("ATTENDEE", None)
        event.add("attendee", vCalAddress(f"mailto:{removed.email}"))
    calendar.add_component(event)
    return calendar.to_ical()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_feed_token(user: User, actor: User) -> str:
    """A new secret feed URL token for ``user`` (the old one stops working); shown once."""
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(CalendarToken).where(CalendarToken.user_id == user.id))
    db.session.add(CalendarToken(user_id=user.id, token_hash=_token_hash(token)))
    record(
        actor,
        None,
        AuditEvent.CREATE,
        grounds=Grounds.ROLE,
        target="calendar_token",
        target_id=user.id,
    )
    db.session.flush()
    return token


def revoke_feed_token(user: User, actor: User) -> bool:
    gone = db.session.execute(
        delete(CalendarToken).where(CalendarToken.user_id == user.id)
    ).rowcount
    if gone:
        record(
            actor,
            None,
            AuditEvent.DELETE,
            grounds=Grounds.ROLE,
            target="calendar_token",
            target_id=user.id,
        )
    db.session.flush()
    return bool(gone)


def has_feed(user: User) -> bool:
    return db.session.get(CalendarToken, user.id) is not None


def feed_user(token: str) -> User | None:
    found = db.session.scalar(
        select(CalendarToken).where(CalendarToken.token_hash == _token_hash(token))
    )
    if found is None:
        return None
    user = db.session.get(User, found.user_id)
    return user if user is not None and user.active else None


def personal_feed(user: User) -> bytes:
    """The user's meetings (a chair: all planned ones) and the due dates of their open actions,
    from today on; the actions by case reference only."""
    calendar = Calendar()
    calendar.add("prodid", "-//caseflow//RET-overleg//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "caseflow")
    today = region_today()
    query = (
        select(Meeting)
        .where(Meeting.starts_at >= start_of_today(), Meeting.cancelled_at.is_(None))
        .order_by(Meeting.starts_at)
    )
    if user.role not in CHAIRS:
        query = query.where(
            Meeting.id.in_(
                select(MeetingAttendee.meeting_id).where(MeetingAttendee.user_id == user.id)
            )
        )
    for meeting in db.session.scalars(query):
        calendar.add_component(_meeting_event(meeting))
    for action in my_open_actions(user, limit=500):
        if action.due_on is None:
            continue
        event = Event()
        event.add("uid", f"ret-action-{action.id}@{_region()}.caseflow")
        event.add("dtstamp", utcnow())
        event.add("dtstart", action.due_on)
        event.add(
            "summary",
            f"Actie uiterste datum ({action.case.reference})"
            if action.due_on >= today
            else f"Actie over tijd ({action.case.reference})",
        )
        calendar.add_component(event)
    return calendar.to_ical()
