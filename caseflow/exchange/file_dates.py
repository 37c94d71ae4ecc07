"""The times an imported row is known from, computed from the file's dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from caseflow.cases.workflow import Phase
from caseflow.timeline.models import FOLLOW_UP_KINDS, DatePrecision


def follow_up_due(phase: str, since: datetime, weeks: int | None, dates: list[date]) -> date | None:
    """As ``caseflow.timeline.services.refresh_follow_up``, computed from the file."""
    if phase != Phase.BLIJVEN_VOLGEN.value or not weeks:
        return None
    start = max([since.date(), *dates])
    return start + timedelta(weeks=weeks)


def follow_up_dates(events: list[dict[str, Any]]) -> list[date]:
    return [
        date.fromisoformat(e["on"])
        for e in events
        if e["kind"] in FOLLOW_UP_KINDS and not e.get("retracted_reason")
    ]


def stored_precision(item: dict[str, Any]) -> str | None:
    """A phase's or an analysis's precision as stored: None for a day (the usual case)."""
    value = item.get("precision")
    return None if value in (None, DatePrecision.DAY.value) else value


def iso_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
