"""Two facts the monitor derives from placements and timeline events (issue 24, point 1), as
pure functions over plain records, beside ``doorplaatsing.py``:

- *na crisis*: a placement away from home that starts within ``CRISIS_DAYS`` days after a
  crisis on the timeline (the regiovisie's indicator "crisis leidt tot uithuisplaatsing"). Only
  crises dated to the day count: "March" cannot say whether it was within a week.
- *samen / apart*: brothers and sisters placed at the same time, with the same provider (same
  organisation, or the same name where no organisation is linked) or not (seed 002: keeping
  siblings together).

Records need ``start_date``, ``actual_end``, ``type``, optionally ``provider_id``,
``provider_name`` and ``retracted_at`` (the ORM ``Placement``, a test's namedtuple); crisis
events ``occurred_on``, optionally ``precision``, ``kind`` and ``retracted_at``."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

CRISIS_DAYS = 7
CRISIS = "crisis"
HOME = "thuis_ambulant"  # living at home: not an uithuisplaatsing, not "placed"
DAY = "day"


def _counts(record: Any) -> bool:
    return getattr(record, "retracted_at", None) is None


def crisis_days(events: Iterable[Any]) -> list[date]:
    """The days of the crises among ``events`` that count (not retracted, dated to the day)."""
    return sorted(
        e.occurred_on for e in events
        if getattr(e, "kind", CRISIS) == CRISIS and _counts(e)
        and getattr(e, "precision", DAY) == DAY
    )


def crisis_before(
    start: date, crises: Iterable[date], days: int = CRISIS_DAYS
) -> date | None:
    """The latest crisis at most ``days`` days before ``start`` (the same day included), or
    None: a crisis after the start did not lead to it."""
    earlier = [day for day in crises if timedelta(0) <= start - day <= timedelta(days=days)]
    return max(earlier) if earlier else None


def after_crisis(placement: Any, events: Iterable[Any], days: int = CRISIS_DAYS) -> bool:
    """Did this placement away from home follow a crisis within ``days`` days?"""
    if not _counts(placement) or placement.type == HOME:
        return False
    return crisis_before(placement.start_date, crisis_days(events), days) is not None


class Together(enum.StrEnum):
    SAMEN = "samen"  # at some time in the window placed with the same provider
    APART = "apart"  # placed at the same time, never with the same provider


def _provider(placement: Any) -> tuple[str, object]:
    if getattr(placement, "provider_id", None):
        return ("id", placement.provider_id)
    return ("name", " ".join((getattr(placement, "provider_name", "") or "").lower().split()))


def _placed(placements: Iterable[Any]) -> list[Any]:
    return [p for p in placements if _counts(p) and p.type != HOME]


def _overlap(a: Any, b: Any, start: date | None, end: date | None) -> bool:
    first = max(d for d in (a.start_date, b.start_date, start) if d is not None)
    ends = [d for d in (a.actual_end, b.actual_end, end) if d is not None]
    return not ends or first <= min(ends)


def placed_together(
    first: Iterable[Any], second: Iterable[Any], start: date | None = None,
    end: date | None = None,
) -> Together | None:
    """Two siblings' placements within [start, end] (open: all of them): SAMEN if they were at
    some time placed with the same provider, APART if placed at the same time but never with
    the same provider, None if they were never both placed at the same time."""
    mine, theirs = _placed(first), _placed(second)
    both = [(a, b) for a in mine for b in theirs if _overlap(a, b, start, end)]
    if not both:
        return None
    same = any(_provider(a) == _provider(b) and _provider(a)[1] for a, b in both)
    return Together.SAMEN if same else Together.APART
