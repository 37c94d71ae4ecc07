"""Freezing a case's timeline for a retrospective, and comparing it with the live timeline.

At preparation the timeline *as known on* the chosen date is copied, de-identified (see
``spans``), into the retrospective's own tables: what was discussed stays what it was, whatever is
edited later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select

from caseflow.auth.models import OrganisationKind
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.retrospectives.frozen_models import (
    FrozenEvent,
    FrozenPhase,
    FrozenPlacement,
    NameFlag,
)
from caseflow.retrospectives.models import Retrospective
from caseflow.timeline.queries import (
    TimelineFilters,
    organisations_for,
    phase_periods,
    placements_as_of,
    timeline_rows,
)

Record = Callable[[str, str], str]  # (field, text) -> the text to store (spans.Recorder)


def freeze_timeline(retro: Retrospective, case: Case, record: Record) -> None:
    """Copy events, placements and phase periods as known on ``retro.as_of``, every text through
    the de-identification engine (``record`` notes the spans it found)."""
    rows = timeline_rows(case, TimelineFilters(as_of=retro.as_of))
    organisations = organisations_for({i for row in rows for i in row.organisation_ids})
    for position, row in enumerate(rows):
        kinds = sorted(
            {str(OrganisationKind(organisations[i].kind).label) for i in row.organisation_ids
             if i in organisations}
        )
        event = FrozenEvent(
            retrospective_id=retro.id,
            source_event_id=row.event.id,
            position=position,
            kind=row.kind,
            title=record(f"event.{position}.title", row.title),
            description=record(f"event.{position}.description", row.description),
            occurred_on=row.occurred_on,
            precision=row.precision,
            retracted=row.retracted,
            revision_number=row.revision_number,
            organisations=", ".join(kinds),
        )
        db.session.add(event)
    for placement in placements_as_of(case, retro.as_of):
        db.session.add(
            FrozenPlacement(
                retrospective_id=retro.id,
                source_placement_id=placement.id,
                type=placement.type,
                provider_name=str(OrganisationKind.ZORGAANBIEDER.label),
                in_region=placement.in_region,
                start_date=placement.start_date,
                planned_end=placement.planned_end,
                actual_end=placement.actual_end,
                ending=placement.ending,
                end_reason=placement.end_reason,
            )
        )
    for phase, start, end in phase_periods(case, until=retro.as_of):
        db.session.add(FrozenPhase(retrospective_id=retro.id, phase=phase, start=start, end=end))
    db.session.flush()


def drop_frozen(retro: Retrospective) -> None:
    """Remove the frozen copy (consent withdrawn before the session took place)."""
    for model in (FrozenEvent, FrozenPlacement, FrozenPhase, NameFlag):
        db.session.execute(delete(model).where(model.retrospective_id == retro.id))


def frozen_events(retro: Retrospective) -> list[FrozenEvent]:
    return list(
        db.session.scalars(
            select(FrozenEvent)
            .where(FrozenEvent.retrospective_id == retro.id)
            .order_by(FrozenEvent.position)
        )
    )


def frozen_placements(retro: Retrospective) -> list[FrozenPlacement]:
    return list(
        db.session.scalars(
            select(FrozenPlacement)
            .where(FrozenPlacement.retrospective_id == retro.id)
            .order_by(FrozenPlacement.start_date, FrozenPlacement.id)
        )
    )


def frozen_periods(retro: Retrospective) -> list[tuple[str, date, date]]:
    rows = db.session.scalars(
        select(FrozenPhase)
        .where(FrozenPhase.retrospective_id == retro.id)
        .order_by(FrozenPhase.start, FrozenPhase.id)
    )
    return [(row.phase, row.start, row.end) for row in rows]


BEFORE_RET = "voor_ret"


def phase_lookup(retro_ids: list[int]):
    """A function giving the case phase in which an annotation's event (or period) fell."""
    periods: dict[int, list[tuple[str, date, date]]] = {}
    dates: dict[int, date] = {}
    if retro_ids:
        for row in db.session.scalars(
            select(FrozenPhase)
            .where(FrozenPhase.retrospective_id.in_(retro_ids))
            .order_by(FrozenPhase.start, FrozenPhase.id)
        ):
            periods.setdefault(row.retrospective_id, []).append((row.phase, row.start, row.end))
        dates = dict(
            db.session.execute(
                select(FrozenEvent.id, FrozenEvent.occurred_on).where(
                    FrozenEvent.retrospective_id.in_(retro_ids)
                )
            ).all()
        )

    def phase_of(annotation) -> str | None:
        day = dates.get(annotation.event_id) if annotation.event_id else annotation.period_start
        if day is None:
            return None
        found = BEFORE_RET  # happened before the case came to the RET
        for phase, start, _end in periods.get(annotation.retrospective_id, []):
            if start <= day:
                found = phase
        return found

    return phase_of


@dataclass
class Change:
    kind: str  # 'nieuw' | 'gewijzigd' | 'ingetrokken' | 'plaatsing_nieuw' | 'plaatsing_beeindigd'
    occurred_on: date
    event_kind: str
    title: str


def changes_since(
    retro: Retrospective, case: Case, pseudonymise: Callable[[str], str]
) -> list[Change]:
    """What the live timeline knows now that the frozen one does not (every span replaced)."""
    frozen = {e.source_event_id: e for e in frozen_events(retro)}
    changes: list[Change] = []
    for row in timeline_rows(case):
        before = frozen.get(row.event.id)
        if before is None:
            what = "nieuw"
        elif row.retracted and not before.retracted:
            what = "ingetrokken"
        elif row.revision_number != before.revision_number:
            what = "gewijzigd"
        else:
            continue  # unchanged: no need to de-identify its title (deduce costs per text)
        changes.append(Change(what, row.occurred_on, row.kind, pseudonymise(row.title)))
    known = {p.source_placement_id: p for p in frozen_placements(retro)}
    for placement in placements_as_of(case):
        before = known.get(placement.id)
        if before is None:
            changes.append(Change("plaatsing_nieuw", placement.start_date, placement.type, ""))
        elif placement.actual_end and before.actual_end is None:
            changes.append(
                Change("plaatsing_beeindigd", placement.actual_end, placement.type, "")
            )
    changes.sort(key=lambda c: c.occurred_on)
    return changes
