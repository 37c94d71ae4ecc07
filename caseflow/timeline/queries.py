"""Reading the timeline, also as it was known on an earlier date ("wat wisten we toen")."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import lazyload, selectinload

from caseflow.auth.models import Organisation
from caseflow.auth.permissions import CaseAccess
from caseflow.cases.models import Case
from caseflow.cases.moves import phase_history_query
from caseflow.core.case_page import read
from caseflow.core.revisions import revisions_of
from caseflow.extensions import db
from caseflow.timeline.models import (
    Placement,
    PlacementRevision,
    TimelineEvent,
    TimelineEventRevision,
    timeline_event_organisation,
)


@dataclass
class TimelineFilters:
    kinds: list[str] = field(default_factory=list)
    organisation_id: int | None = None
    start: date | None = None
    end: date | None = None
    as_of: date | None = None


@dataclass
class TimelineRow:
    """One event as shown: its content (now, or as known on the as-of date) and its history."""

    event: TimelineEvent
    kind: str
    title: str
    description: str
    occurred_on: date
    precision: str
    organisation_ids: list[int]
    revisions: list[TimelineEventRevision]
    retracted: bool
    revision_number: int
    # The message id and values of a title caseflow wrote (None: show ``title``, also for an
    # earlier revision, whose text is what was known then).
    title_msgid: str | None = None
    title_values: dict | None = None
    description_msgid: str | None = None  # the same for a description caseflow wrote
    description_values: dict | None = None

    @property
    def event_id(self) -> int:
        return self.event.id


@dataclass(frozen=True)
class OutlineRow:
    """What the picture and the case page's "latest events" need of an event, as it is now."""

    event_id: int
    kind: str
    title: str
    occurred_on: date
    retracted: bool
    title_msgid: str | None = None
    title_values: dict | None = None


def end_of_day(day: date) -> datetime:
    """Everything recorded up to and including ``day`` (UTC) counts as known on that day."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)


def _content_as_of(
    event: TimelineEvent,
    revisions: list[TimelineEventRevision],
    cutoff: datetime | None,
    organisation_ids: list[int],
) -> TimelineRow:
    retracted = event.retracted_at is not None and (cutoff is None or event.retracted_at < cutoff)
    known = [r for r in revisions if cutoff is None or r.recorded_at < cutoff]
    if known and (cutoff is not None or event.revision_count > 1):
        latest = known[-1]
        current = latest.number == event.revision_count and latest.title == event.title
        described = current and latest.description == event.description
        return TimelineRow(
            event,
            latest.kind,
            latest.title,
            latest.description,
            latest.occurred_on,
            latest.precision,
            list(latest.organisation_ids or []),
            known,
            retracted,
            latest.number,
            event.title_msgid if current else None,
            event.title_values if current else None,
            event.description_msgid if described else None,
            event.description_values if described else None,
        )
    return TimelineRow(
        event,
        event.kind,
        event.title,
        event.description,
        event.occurred_on,
        event.precision,
        organisation_ids,
        known,
        retracted,
        event.revision_count,
        event.title_msgid,
        event.title_values,
        event.description_msgid,
        event.description_values,
    )


def timeline_rows(
    case: Case,
    filters: TimelineFilters | None = None,
    where: ColumnElement[bool] | None = None,
) -> list[TimelineRow]:
    """The case's events in the order they happened, in three queries whatever their number.
    ``where``: a further condition on the events, e.g. a case decision's ``entries_clause``."""
    filters = filters or TimelineFilters()
    cutoff = end_of_day(filters.as_of) if filters.as_of else None
    # Hundreds of events: load only what the pages show. The few users who recorded or retracted
    # them come in one selectin each; placements and organisations are not joined per row (the
    # joined eager loads made this four times slower at 300 events).
    query = (
        select(TimelineEvent)
        .where(TimelineEvent.case_id == case.id)
        .options(
            lazyload(TimelineEvent.placement),
            lazyload(TimelineEvent.organisations),
            selectinload(TimelineEvent.recorded_by),
            selectinload(TimelineEvent.retracted_by),
        )
    )
    if cutoff is not None:
        query = query.where(TimelineEvent.recorded_at < cutoff)
    if where is not None:
        query = query.where(where)
    events = list(db.session.scalars(query.order_by(TimelineEvent.occurred_on, TimelineEvent.id)))
    organisation_ids = _organisation_ids(case)
    revisions = revisions_of(
        TimelineEventRevision.event_id, [e.id for e in events if e.revision_count > 1]
    )
    rows = [
        _content_as_of(e, revisions[e.id], cutoff, organisation_ids.get(e.id, [])) for e in events
    ]
    rows.sort(key=lambda row: (row.occurred_on, row.event.id))
    return filter_rows(rows, filters)


def timeline_outline_query(case: Case) -> Select:
    event = TimelineEvent
    return (
        select(
            event.id,
            event.kind,
            event.title,
            event.occurred_on,
            event.retracted_at,
            event.title_msgid,
            event.title_values,
        )
        .where(event.case_id == case.id)
        .order_by(event.occurred_on, event.id)
    )


def timeline_outline(case: Case) -> list[OutlineRow]:
    """The case's events as they are now, in order, from one narrow query: the event columns
    hold the latest revision, so no revisions, users or organisations are needed (on the case
    page read with the other panels)."""
    return [
        OutlineRow(id_, kind, title, occurred_on, retracted_at is not None, msgid, values)
        for id_, kind, title, occurred_on, retracted_at, msgid, values in read(
            "timeline.outline", timeline_outline_query(case)
        )
    ]


def _organisation_ids(case: Case) -> dict[int, list[int]]:
    """Event id → its organisations' ids (by name), from the link table in one query."""
    link = timeline_event_organisation
    query = (
        select(link.c.event_id, link.c.organisation_id)
        .join(TimelineEvent, TimelineEvent.id == link.c.event_id)
        .join(Organisation, Organisation.id == link.c.organisation_id)
        .where(TimelineEvent.case_id == case.id)
        .order_by(link.c.event_id, Organisation.name)
    )
    ids: dict[int, list[int]] = defaultdict(list)
    for event_id, organisation_id in db.session.execute(query):
        ids[event_id].append(organisation_id)
    return ids


def filter_rows(rows: list[TimelineRow], filters: TimelineFilters) -> list[TimelineRow]:
    return [row for row in rows if _matches(row, filters)]


def _matches(row: TimelineRow, filters: TimelineFilters) -> bool:
    if filters.kinds and row.kind not in filters.kinds:
        return False
    if filters.organisation_id and filters.organisation_id not in row.organisation_ids:
        return False
    if filters.start and row.occurred_on < filters.start:
        return False
    return not (filters.end and row.occurred_on > filters.end)


def placements_as_of(case: Case, as_of: date | None = None) -> list[Placement]:
    """Placements as known on ``as_of``: recorded by then, in the version known by then (a later
    correction is not shown, a later retraction not applied), and an ending only if recorded by
    then (the objects are detached copies, so nothing of this view can be written back).
    Without ``as_of``: as they are now, retracted ones left out."""
    placements = db.session.scalars(
        select(Placement)
        .where(Placement.case_id == case.id)
        .order_by(Placement.start_date, Placement.id)
    ).all()
    if as_of is None:
        return [p for p in placements if p.retracted_at is None]
    cutoff = end_of_day(as_of)
    revisions = revisions_of(
        PlacementRevision.placement_id,
        [p.id for p in placements if p.revision_count > 1],
        before=cutoff,
    )
    known = []
    for placement in placements:
        if placement.recorded_at >= cutoff:
            continue
        if placement.retracted_at is not None and placement.retracted_at < cutoff:
            continue
        latest = revisions[placement.id][-1] if revisions[placement.id] else None
        if (
            latest is None
            and placement.revision_count == 1
            and (placement.ended_recorded_at is None or placement.ended_recorded_at < cutoff)
        ):
            known.append(placement)
            continue
        copy = Placement(**{c.key: getattr(placement, c.key) for c in Placement.__table__.columns})
        if latest is not None:
            for name in _REVISED:
                setattr(copy, name, getattr(latest, name))
        # The first version holds an ending recorded later than the placement itself.
        if (latest is None or latest.number == 1) and (
            placement.ended_recorded_at is not None and placement.ended_recorded_at >= cutoff
        ):
            copy.actual_end = copy.ending = copy.end_reason = None
        known.append(copy)
    known.sort(key=lambda p: (p.start_date, p.id))
    return known


_REVISED = (
    "type",
    "provider_name",
    "provider_id",
    "in_region",
    "start_date",
    "planned_end",
    "actual_end",
    "ending",
    "end_reason",
    "end_note",
)


def phase_periods(case: Case, until: date | None = None) -> list[tuple[str, date, date]]:
    """(phase, from, to) periods from the phase history, for the background bands."""
    # the case page reads the phase history once for all its panels
    transitions = read("phase_history", phase_history_query(case))
    until = until or date.today()
    periods = []
    for index, transition in enumerate(transitions):
        start = transition.at.date()
        if start > until:
            break
        end = transitions[index + 1].at.date() if index + 1 < len(transitions) else until
        periods.append((transition.to_phase, start, min(end, until)))
    return periods


def organisations_for(ids: set[int]) -> dict[int, Organisation]:
    if not ids:
        return {}
    return {
        o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(ids)))
    }


def own_entries(case: Case, decision: CaseAccess) -> list[TimelineRow]:
    """What a former member may still read: the events they recorded themselves, as known on the
    last day of their membership (a later correction or retraction by someone else is not
    theirs)."""
    filters = TimelineFilters(as_of=decision.as_of(None))
    return timeline_rows(case, filters, decision.entries_clause(TimelineEvent.recorded_by_id))
