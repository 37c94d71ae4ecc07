"""The timeline entries caseflow wrote for a placement (its start, its end), kept in step with
corrections and a retraction: revised (the first version kept) or retracted, never rewritten."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.timeline.models import (
    EventKind,
    EventSource,
    Placement,
    TimelineEvent,
    TimelineEventRevision,
)
from caseflow.timeline.services import TEXT_MAX, add_system_event
from caseflow.timeline.titles import (
    Title,
    dutch_text,
    dutch_title,
    placement_end_title,
    placement_start_title,
    region_description,
)


def own_events(placement: Placement) -> list[TimelineEvent]:
    """The entries caseflow wrote for the placement: its start, and its end if it ended."""
    return list(
        db.session.scalars(
            select(TimelineEvent)
            .where(
                TimelineEvent.placement_id == placement.id,
                TimelineEvent.source == EventSource.SYSTEM.value,
                TimelineEvent.kind == EventKind.PLAATSING.value,
            )
            .order_by(TimelineEvent.id)
        )
    )


def _revise_event(
    event: TimelineEvent, titled: Title, on: date, about: str | Title, actor: User, note: str,
    now: datetime,
) -> None:
    """``about``: the description, a person's text or caseflow's (a message id and values)."""
    msgid, values = titled
    title = dutch_title(msgid, values)
    # The message ids follow too (also on an entry written before there were message ids).
    event.title_msgid, event.title_values = msgid, values
    if isinstance(about, tuple):
        description = dutch_text(*about)
        event.description_msgid, event.description_values = about[0], about[1] or None
    else:
        description = about
        event.description_msgid = event.description_values = None
    if (event.title, event.occurred_on, event.description) == (title, on, description):
        return

    def snapshot(number: int, at: datetime, by: int | None, why: str) -> TimelineEventRevision:
        return TimelineEventRevision(
            event_id=event.id, number=number, kind=event.kind, title=event.title,
            description=event.description, occurred_on=event.occurred_on,
            precision=event.precision, organisation_ids=[], placement_id=event.placement_id,
            recorded_at=at, recorded_by_id=by, change_note=why,
        )

    if event.revision_count == 1:
        db.session.add(snapshot(1, event.recorded_at, event.recorded_by_id, ""))
    event.title, event.occurred_on, event.description = title, on, description
    event.revision_count += 1
    event.last_revised_at = now
    db.session.add(snapshot(event.revision_count, now, actor.id, note[:TEXT_MAX]))


def follow_on_timeline(
    placement: Placement, case: Case, actor: User, note: str, now: datetime, *, end_added: bool
) -> None:
    events = [e for e in own_events(placement) if e.retracted_at is None]
    start_title, end_title = placement_start_title(placement), placement_end_title(placement)
    region = region_description(placement.in_region)
    if events:
        _revise_event(events[0], start_title, placement.start_date, region, actor, note, now)
    ends = events[1:]
    if placement.actual_end is None:
        for event in ends:  # the end was a mistake
            event.retracted_at, event.retracted_by_id, event.retraction_reason = now, actor.id, note
    elif ends:
        _revise_event(ends[0], end_title, placement.actual_end, placement.end_note, actor, note,
                      now)
    elif end_added:
        add_system_event(
            case, EventKind.PLAATSING, end_title[0], values=end_title[1], actor=actor,
            occurred_on=placement.actual_end,
            description=placement.end_note, placement=placement, recorded_at=now,
        )
    db.session.flush()
