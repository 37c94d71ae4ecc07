"""Archiving: when a closed case stops being everyday work.

A case that has been closed (phase ``afgesloten``) for longer than ``ARCHIVE_AFTER_DAYS`` (default
365) is *gearchiveerd*. It is kept until its retention period ends (``RETENTION_YEARS``, 20 by the
Jeugdwet), but nobody has a routine need to read it any more: need-to-know (AVG art. 5 lid 1c,
NEN 7510) then asks for a reason each time. So an archived case opens for no one by role or
membership — chair, procesbegeleider and members alike — only through break-glass (noodtoegang),
read-only, with a reason the chair reviews.

Why a year: the regional monitor counts *terugkeer* (a case reopened within a year of closing), so
during that year a closed case may still be reopened by the chair as usual. A child that comes back
later is registered as a new aanmelding; the archived file can be read next to it via noodtoegang.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, has_app_context

from caseflow.database import utcnow

DEFAULT_ARCHIVE_AFTER_DAYS = 365
CLOSED_PHASE = "afgesloten"


def archive_after() -> timedelta:
    """How long a case stays closed before it is archived (``ARCHIVE_AFTER_DAYS``)."""
    days = DEFAULT_ARCHIVE_AFTER_DAYS
    if has_app_context():
        days = int(current_app.config.get("ARCHIVE_AFTER_DAYS", DEFAULT_ARCHIVE_AFTER_DAYS))
    return timedelta(days=days)


def is_archived(phase: str, closed_at: datetime | None, now: datetime | None = None) -> bool:
    """True when a case in ``phase`` closed at ``closed_at`` is archived at ``now``."""
    if str(phase) != CLOSED_PHASE or closed_at is None:
        return False
    return closed_at <= (now or utcnow()) - archive_after()
