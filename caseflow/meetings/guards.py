"""Refusals of the meetings domain: the error type, and the checks shared by planning and
correcting (a moment that needs confirmation; a meeting that no longer changes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select

from caseflow.core.clock import start_of_today
from caseflow.extensions import db
from caseflow.meetings.models import Meeting


def N_(message: str) -> str:  # noqa: N802 - the gettext no-op marker, for extraction
    return message


class MeetingError(Exception):
    """A request that cannot be carried out. ``field`` names the form field it belongs to."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def slot_warnings(starts_at: datetime, *, exclude: Meeting | None = None) -> list[str]:
    """Why planning at ``starts_at`` needs an explicit confirmation (Dutch msgids): a day in the
    past (recording a meeting afterwards is fine, by mistake it is not; today counts as planned,
    as on the meeting list), or another meeting (not cancelled) at the same moment."""
    warnings = []
    if starts_at < start_of_today():
        warnings.append(N_("Deze bespreking ligt in het verleden."))
    same = [Meeting.starts_at == starts_at, Meeting.cancelled_at.is_(None)]
    if exclude is not None:
        same.append(Meeting.id != exclude.id)
    if db.session.scalar(select(exists().where(*same))):
        warnings.append(N_("Er is al een bespreking op hetzelfde moment."))
    return warnings


def require_confirmation(
    starts_at: datetime, confirmed: bool, *, exclude: Meeting | None = None
) -> None:
    warnings = slot_warnings(starts_at, exclude=exclude)
    if warnings and not confirmed:
        raise MeetingError(warnings[0], field="confirm")


def require_open(meeting: Meeting) -> None:
    """A cancelled meeting, or one whose minutes are fixed, is not changed any more."""
    if meeting.cancelled:
        raise MeetingError(N_("Deze bespreking is geannuleerd en kan niet meer worden gewijzigd."))
    if meeting.minutes_fixed:
        raise MeetingError(
            N_("Het verslag is vastgesteld; wijzigingen gaan alleen nog via een addendum.")
        )
