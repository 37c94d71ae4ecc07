"""What a doorplaatsing is, counted one way everywhere (DOMAIN.md, "Doorplaatsing vs overgang").

A *doorplaatsing* is the start of a placement after the one before it broke down: that one
ended unplanned (crisis, the provider gave up, ran away), or ended earlier than planned at the
provider's request, and the new one starts within ``WINDOW_DAYS`` of that ending. Every other
start after an earlier placement is an *overgang* (a planned step): the planned follow-on of a
short stay or of any placement that ended as planned, going home, a short stay (respite) beside
a running placement, a change of tariff or contract at the same place.

Pure functions over plain placement records: anything with ``id``, ``type``, ``start_date`` and
``actual_end``, ``ending``, optionally ``planned_end``, ``end_reason``, ``provider_id``,
``provider_name`` and ``retracted_at`` (the ORM ``Placement``, ``risk.history.Placement``, a
test's namedtuple). Used by the case page, the risk rules, the monitor and the backtest.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

WINDOW_DAYS = 30  # "within about a month"
SHORT_STAY = "kortdurend_verblijf"  # may run beside another placement (timeline OVERLAP_ALLOWED)
HOME = "thuis_ambulant"  # living at home with ambulant help: going home, not a new place
UNPLANNED = "onplanmatig"
PROVIDER_STOPS = "aanbieder_stopt"
SAME_PLACE_GAP = timedelta(days=1)  # a new tariff starts the day the old one ends (or the next)


class PlacementRecord(Protocol):
    id: int
    type: str
    start_date: date
    actual_end: date | None
    ending: str | None


class Kind(enum.StrEnum):
    """How the start of a placement counts."""

    EERSTE = "eerste"  # the first placement of the case (nothing before it)
    DOORPLAATSING = "doorplaatsing"  # after a breakdown, within the window
    VERVOLG = "vervolg"  # overgang: after a planned ending (or a breakdown longer ago)
    NAAR_HUIS = "naar_huis"  # overgang: going home
    NAAST_LOPENDE = "naast_lopende"  # overgang: respite / short stay beside a running placement
    ZELFDE_PLEK = "zelfde_plek"  # overgang: new tariff or contract at the same place


OVERGANGEN = frozenset({Kind.VERVOLG, Kind.NAAR_HUIS, Kind.NAAST_LOPENDE, Kind.ZELFDE_PLEK})


@dataclass(frozen=True)
class Start:
    """One placement's start, how it counts, and the placement before it (if any)."""

    placement: Any
    kind: Kind
    after: Any | None = None  # the placement whose ending this start follows


def _get(record: Any, name: str) -> Any:
    return getattr(record, name, None)


def _active(placements: Iterable[Any]) -> list[Any]:
    """By start; a retracted placement (entered by mistake) counts for nothing."""
    kept = [p for p in placements if _get(p, "retracted_at") is None]
    return sorted(kept, key=lambda p: (p.start_date, p.id))


def broke_down(placement: Any) -> bool:
    """Ended unplanned, or ended earlier than planned at the provider's request."""
    if placement.actual_end is None:
        return False
    if placement.ending == UNPLANNED:
        return True
    planned = _get(placement, "planned_end")
    return (
        _get(placement, "end_reason") == PROVIDER_STOPS
        and planned is not None
        and placement.actual_end < planned
    )


def _running_on(placement: Any, day: date) -> bool:
    return placement.start_date <= day and (
        placement.actual_end is None or placement.actual_end > day
    )


def beside_running(placement: Any, placements: Sequence[Any]) -> bool:
    """A short stay (respite, crisis bed) that starts while another, longer placement runs."""
    if placement.type != SHORT_STAY:
        return False
    return any(
        other is not placement and other.type != SHORT_STAY
        and _running_on(other, placement.start_date)
        for other in placements
    )


def _same_place(before: Any, after: Any) -> bool:
    """The same provider and kind of care, without a gap: a new tariff or contract."""
    if before.actual_end is None or before.type != after.type:
        return False
    if not timedelta(0) <= after.start_date - before.actual_end <= SAME_PLACE_GAP:
        return False
    ids = _get(before, "provider_id"), _get(after, "provider_id")
    if ids[0] is not None and ids[1] is not None:
        return ids[0] == ids[1]
    names = (_get(before, "provider_name") or "", _get(after, "provider_name") or "")
    return bool(names[0].strip()) and names[0].strip().casefold() == names[1].strip().casefold()


def _predecessor(placement: Any, own: Sequence[Any]) -> Any | None:
    """The placement of its own that ended last on or before this one's start."""
    ended = [
        p for p in own
        if p is not placement and p.actual_end is not None
        and p.start_date <= placement.start_date and p.actual_end <= placement.start_date
    ]
    return max(ended, key=lambda p: (p.actual_end, p.start_date, p.id)) if ended else None


def classify(placements: Iterable[Any]) -> list[Start]:
    """Every placement's start, by start date, with how it counts."""
    ordered = _active(placements)
    starts: list[Start] = []
    own: list[Any] = []  # placements of their own so far (no respite beside a running one)
    for placement in ordered:
        if beside_running(placement, ordered):
            starts.append(Start(placement, Kind.NAAST_LOPENDE))
            continue
        before = _predecessor(placement, own)
        own.append(placement)
        if before is None:
            kind = Kind.EERSTE if len(own) == 1 else Kind.VERVOLG
        elif _same_place(before, placement) and not broke_down(before):
            kind = Kind.ZELFDE_PLEK
        elif placement.type == HOME:
            kind = Kind.NAAR_HUIS
        elif broke_down(before) and (placement.start_date - before.actual_end).days <= WINDOW_DAYS:
            kind = Kind.DOORPLAATSING
        elif before.type == HOME and (broken := _broken_before_home(before, own, placement)):
            kind, before = Kind.DOORPLAATSING, broken  # a few weeks at home between two places
        else:
            kind = Kind.VERVOLG
        starts.append(Start(placement, kind, before))
    return starts


def _broken_before_home(home: Any, own: Sequence[Any], placement: Any) -> Any | None:
    """The placement that broke down right before a spell at home, if ``placement`` starts
    within the window of that breakdown."""
    before = _predecessor(home, own)
    if before is None or not broke_down(before):
        return None
    return before if (placement.start_date - before.actual_end).days <= WINDOW_DAYS else None


def doorplaatsingen(placements: Iterable[Any]) -> list[Start]:
    """The starts that are doorplaatsingen (each with ``after``, the placement that broke down)."""
    return [s for s in classify(placements) if s.kind is Kind.DOORPLAATSING]


def unplanned_endings(placements: Iterable[Any]) -> list[Any]:
    """The placements that broke down (``broke_down``), by start; running ones never."""
    return [p for p in _active(placements) if broke_down(p)]


def counted_placements(placements: Iterable[Any]) -> list[Any]:
    """The placements that count as a placement of their own (the 'many placements' rules):
    not a short stay beside a running placement, not a new tariff at the same place."""
    return [
        s.placement for s in classify(placements)
        if s.kind not in (Kind.NAAST_LOPENDE, Kind.ZELFDE_PLEK)
    ]
