"""RET meetings as iCalendar (RFC 5545): a stable UID per meeting, SEQUENCE = the number of
changes to its time, place or attendees (and its cancellation), METHOD:REQUEST, or METHOD:CANCEL
once cancelled. Only time, place and a link: no case, no pseudonym."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, url_for
from icalendar import Calendar, Event, vCalAddress
from sqlalchemy import func, select

from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.meetings.models import Meeting, MeetingAttendee, MeetingChange
from caseflow.meetings.vocab import MeetingChangeKind

# A meeting records when it starts, not when it ends: agendas show two hours.
DURATION = timedelta(hours=2)
COUNTED = (MeetingChangeKind.GEWIJZIGD.value, MeetingChangeKind.GEANNULEERD.value)


def uid(meeting: Meeting) -> str:
    region = str(current_app.config.get("REGION_CODE", "ret")).lower()
    return f"ret-meeting-{meeting.id}@{region}.caseflow"


def sequence(meeting: Meeting) -> int:
    return db.session.scalar(
        select(func.count()).select_from(MeetingChange)
        .where(MeetingChange.meeting_id == meeting.id, MeetingChange.kind.in_(COUNTED))
    ) or 0


def meeting_calendar(meeting: Meeting) -> bytes:
    cancelled = meeting.cancelled_at is not None
    calendar = Calendar()
    calendar.add("prodid", "-//caseflow//RET-overleg//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", uid(meeting))
    event.add("sequence", sequence(meeting))
    event.add("dtstamp", utcnow())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + DURATION)
    event.add("summary", "RET-overleg")
    if meeting.location:
        event.add("location", meeting.location)
    event.add("url", url_for("meetings.meeting_detail", meeting_id=meeting.id, _external=True))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if meeting.chair.email:
        event.add("organizer", vCalAddress(f"mailto:{meeting.chair.email}"))
    for attendee in db.session.scalars(
        select(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting.id,
                                      MeetingAttendee.user_id.is_not(None))
    ):
        if attendee.user is not None and attendee.user.email:
            event.add("attendee", vCalAddress(f"mailto:{attendee.user.email}"))
    calendar.add_component(event)
    return calendar.to_ical()
