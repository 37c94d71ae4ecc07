"""A case's history as plain data, and what of it was known on a given date.

The bulk loader (``loading.py``) reads everything for many cases in a fixed number of queries;
``snapshot`` then cuts one case's history at a date (pure Python), with the same meaning as the
timeline's "as known on" view: recorded by the end of that day, retractions and revisions too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from caseflow.timeline.queries import end_of_day

CLOSED = "afgesloten"


@dataclass(frozen=True)
class EventVersion:
    recorded_at: datetime
    kind: str
    occurred_on: date


@dataclass
class RawEvent:
    id: int
    kind: str
    occurred_on: date
    recorded_at: datetime
    retracted_at: datetime | None
    placement_id: int | None
    versions: list[EventVersion] = field(default_factory=list)  # revisions, oldest first


@dataclass(frozen=True)
class RawPlacement:
    id: int
    type: str
    in_region: bool
    start_date: date
    actual_end: date | None
    ending: str | None
    recorded_at: datetime
    ended_recorded_at: datetime | None
    # what the doorplaatsing definition (timeline.doorplaatsing) needs besides the above
    planned_end: date | None = None
    end_reason: str | None = None
    provider_id: int | None = None
    provider_name: str = ""


@dataclass(frozen=True)
class RawSearch:
    """A search for a place (caseflow.search): known from when it was recorded."""

    opened_on: date
    closed_on: date | None
    recorded_at: datetime


@dataclass
class RawCase:
    id: int
    reference: str
    birth_year: int
    birth_month: int
    registered_on: date
    problem_areas: frozenset[str]
    follow_up_weeks: int | None
    events: list[RawEvent] = field(default_factory=list)
    placements: list[RawPlacement] = field(default_factory=list)
    transitions: list[tuple[datetime, str]] = field(default_factory=list)  # (at, to_phase)
    analyses: list[datetime] = field(default_factory=list)  # recorded_at of each version
    # casusregisseur memberships (id, since); a membership counts as known from its start
    regisseurs: list[tuple[int, date]] = field(default_factory=list)
    searches: list[RawSearch] = field(default_factory=list)  # searches for a place


@dataclass(frozen=True)
class Event:
    id: int
    kind: str
    occurred_on: date
    placement_id: int | None


@dataclass(frozen=True)
class Placement:
    id: int
    type: str
    in_region: bool
    start_date: date
    actual_end: date | None
    ending: str | None
    event_id: int | None  # the timeline event of its start, for the evidence link
    planned_end: date | None = None
    end_reason: str | None = None  # known with the ending
    provider_id: int | None = None
    provider_name: str = ""


@dataclass
class CaseHistory:
    """What was known about one case at the end of ``as_of``."""

    case_id: int
    reference: str
    as_of: date
    phase: str | None
    phase_since: date | None
    birth_year: int
    birth_month: int
    problem_areas: frozenset[str]
    follow_up_weeks: int | None
    events: list[Event]  # not retracted, happened by as_of, sorted by date
    placements: list[Placement]  # started by as_of, sorted by start
    analyses: list[datetime]
    regisseur_since: list[tuple[int, date]]  # casusregisseur memberships, by start
    # start dates of the searches for a place still open on as_of, oldest first
    open_searches: list[date] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.phase == CLOSED

    def running_placements(self) -> list[Placement]:
        return [p for p in self.placements if p.actual_end is None or p.actual_end > self.as_of]

    def current_placement(self) -> Placement | None:
        """The running placement, preferring a longer one over a short stay beside it."""
        running = self.running_placements()
        longer = [p for p in running if p.type != "kortdurend_verblijf"]
        chosen = longer or running
        return chosen[-1] if chosen else None


def _event_as_of(event: RawEvent, cutoff: datetime) -> Event | None:
    if event.recorded_at >= cutoff:
        return None
    if event.retracted_at is not None and event.retracted_at < cutoff:
        return None
    known = [v for v in event.versions if v.recorded_at < cutoff]
    kind, occurred_on = (known[-1].kind, known[-1].occurred_on) if known else (
        event.kind,
        event.occurred_on,
    )
    return Event(event.id, kind, occurred_on, event.placement_id)


def snapshot(raw: RawCase, as_of: date) -> CaseHistory:
    cutoff = end_of_day(as_of)
    events = [e for e in (_event_as_of(r, cutoff) for r in raw.events) if e is not None]
    events = sorted(
        (e for e in events if e.occurred_on <= as_of), key=lambda e: (e.occurred_on, e.id)
    )
    start_events: dict[int, int] = {}
    for event in events:
        if event.placement_id is not None:
            start_events.setdefault(event.placement_id, event.id)
    placements = []
    for p in raw.placements:
        if p.recorded_at >= cutoff or p.start_date > as_of:
            continue
        ended = p.ended_recorded_at is not None and p.ended_recorded_at < cutoff
        placements.append(
            Placement(
                p.id, p.type, p.in_region, p.start_date,
                p.actual_end if ended else None, p.ending if ended else None,
                start_events.get(p.id), p.planned_end, p.end_reason if ended else None,
                p.provider_id, p.provider_name,
            )
        )
    placements.sort(key=lambda p: (p.start_date, p.id))
    transitions = [t for t in raw.transitions if t[0] < cutoff]
    phase, since = (transitions[-1][1], transitions[-1][0].date()) if transitions else (None, None)
    return CaseHistory(
        case_id=raw.id,
        reference=raw.reference,
        as_of=as_of,
        phase=phase,
        phase_since=since,
        birth_year=raw.birth_year,
        birth_month=raw.birth_month,
        problem_areas=raw.problem_areas,
        follow_up_weeks=raw.follow_up_weeks,
        events=events,
        placements=placements,
        analyses=sorted(a for a in raw.analyses if a < cutoff),
        regisseur_since=sorted(
            (r for r in raw.regisseurs if r[1] <= as_of),
            key=lambda r: (r[1], r[0]),
        ),
        open_searches=sorted(
            s.opened_on for s in raw.searches
            if s.recorded_at < cutoff and s.opened_on <= as_of
            and (s.closed_on is None or s.closed_on > as_of)
        ),
    )
