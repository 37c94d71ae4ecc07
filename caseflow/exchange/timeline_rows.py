"""The imported phases, placements and events as rows, with the timeline events they make."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert

from caseflow.cases.models import PhaseTransition
from caseflow.cases.workflow import TRANSITIONS, Phase, _sources
from caseflow.core.dates import noon
from caseflow.exchange.bulk_insert import insert_rows
from caseflow.exchange.case_plan import CasePlan
from caseflow.exchange.file_dates import iso_day, stored_precision
from caseflow.extensions import db
from caseflow.outcome import exchange as outcome_exchange
from caseflow.timeline.models import (
    DatePrecision,
    EventKind,
    Placement,
    TimelineEvent,
    TimelineEventRevision,
    timeline_event_organisation,
)

if TYPE_CHECKING:
    from caseflow.exchange.rows import Writer

TRIGGER_OF = {
    (Phase(source), Phase(t["dest"])): str(t["trigger"])
    for t in TRANSITIONS
    for source in _sources(t)
}


def write_phases(writer: Writer, plans: list[CasePlan], items: list[dict]) -> None:
    rows, meta = [], []
    for plan in plans:
        current = plan.existing.moves[-1][1] if plan.existing else None
        start = len(plan.existing.moves) if plan.existing else 0
        for number, (key, entry) in enumerate(plan.items["phases"]):
            target = Phase(entry["phase"])
            on = date.fromisoformat(entry["on"])
            rows.append(
                {
                    "case_id": plan.case_id,  # type: ignore[attr-defined]
                    "from_phase": current.value if current else None,
                    "to_phase": target.value,
                    "trigger": TRIGGER_OF.get((current, target)) if current else None,
                    "at": noon(on, start + number),
                    "by_id": None,
                    "reason": (entry.get("reason") or "").strip(),
                    "closing_reason": entry.get("closing_reason"),
                    "imported": True,
                    "imported_at": writer.now,
                    "precision": stored_precision(entry),
                }
            )
            meta.append((plan, key, current, target, on, rows[-1]))
            current = target
    ids = insert_rows(PhaseTransition, rows, returning=True)
    events = []
    for transition_id, (plan, key, source, target, on, row) in zip(ids, meta, strict=True):
        precision = row["precision"] or DatePrecision.DAY.value
        if source is None:
            title = "Aanmelding geregistreerd"
        else:
            title = f"Fase: {writer.phase_labels[source]} → {writer.phase_labels[target]}"
        events.append(
            writer.timeline_event(
                plan.case_id,  # type: ignore[attr-defined]
                EventKind.FASE.value,
                title,
                on,
                description=row["reason"] if source else "",
                phase_transition_id=transition_id,
                recorded_at=row["at"],
                precision=precision,
            )
        )
        items.append(writer.exchange_item(plan, "phase", key, transition_id))
    insert_rows(TimelineEvent, events)


def write_placements(writer: Writer, plans: list[CasePlan], items: list[dict]) -> None:
    rows, meta = [], []
    for plan in plans:
        for key, item in plan.items["placements"]:
            end = iso_day(item.get("end"))
            start = date.fromisoformat(item["start"])
            rows.append(
                {
                    "case_id": plan.case_id,  # type: ignore[attr-defined]
                    "type": item["type"],
                    "provider_name": item["provider"].strip(),
                    "in_region": item.get("in_region", True),
                    "contracted": item.get("contracted"),
                    "start_date": start,
                    "planned_end": iso_day(item.get("planned_end")),
                    "actual_end": end,
                    "ending": item.get("ended") if end else None,
                    "end_reason": item.get("end_reason"),
                    "end_note": item.get("end_note", ""),
                    # known from the file's own dates: its recorded_on, else when it happened
                    "ended_recorded_at": (
                        noon(iso_day(item.get("end_recorded_on")) or end) if end else None
                    ),
                    "recorded_at": noon(iso_day(item.get("recorded_on")) or start),
                    "recorded_by_id": writer.actor_id,
                    "imported": True,
                    "imported_at": writer.now,
                    **outcome_exchange.tariff_columns(item, writer.gemeenten),
                }
            )
            meta.append((plan, key, rows[-1]))
    ids = insert_rows(Placement, rows, returning=True)
    events = []
    for placement_id, (plan, key, row) in zip(ids, meta, strict=True):
        label = writer.type_labels[row["type"]]
        provider = row["provider_name"]
        events.append(
            writer.timeline_event(
                row["case_id"],
                EventKind.PLAATSING.value,
                f"Plaatsing gestart: {label} ({provider})",
                row["start_date"],
                description="binnen de regio" if row["in_region"] else "buiten de regio",
                placement_id=placement_id,
                recorded_at=row["recorded_at"],
            )
        )
        if row["actual_end"]:
            how = (
                "volgens plan"
                if row["ending"] == "planmatig"
                else f"onplanmatig: {writer.reason_labels[row['end_reason']]}"
            )
            events.append(
                writer.timeline_event(
                    row["case_id"],
                    EventKind.PLAATSING.value,
                    f"Plaatsing beëindigd ({how}): {label} ({provider})",
                    row["actual_end"],
                    description=row["end_note"],
                    placement_id=placement_id,
                    recorded_at=row["ended_recorded_at"],
                )
            )
        items.append(writer.exchange_item(plan, "placement", key, placement_id))
    insert_rows(TimelineEvent, events)


def write_events(writer: Writer, plans: list[CasePlan], items: list[dict]) -> None:
    rows, meta = [], []
    for plan in plans:
        for key, item in plan.items["events"]:
            rows.append(event_row(writer, plan.case_id, item))  # type: ignore[attr-defined]
            meta.append((plan, key, item))
    ids = insert_rows(TimelineEvent, rows, returning=True)
    links, revisions = [], []
    for event_id, (plan, key, item) in zip(ids, meta, strict=True):
        links += [
            {"event_id": event_id, "organisation_id": o}
            for o in organisation_ids(writer, item.get("organisations", []))
        ]
        revisions += revision_rows(writer, event_id, item)
        items.append(writer.exchange_item(plan, "event", key, event_id))
    if links:
        db.session.execute(insert(timeline_event_organisation), links)
    insert_rows(TimelineEventRevision, revisions)


def organisation_ids(writer: Writer, names: list[str]) -> list[int]:
    found = {writer.organisations.get(n.strip().lower()) for n in names} - {None}
    return sorted(found)  # type: ignore[type-var]


def event_row(writer: Writer, case_id: int, item: dict[str, Any]) -> dict[str, Any]:
    """An event as the region knew it: recorded on its ``recorded_on`` (else the day it
    happened, or its first revision's), retracted on its ``retracted_on`` (else as soon as
    it was known: a retracted legacy item never counts)."""
    versions = item.get("revisions") or []
    first = versions[0] if versions else item
    recorded = noon(
        iso_day(item.get("recorded_on")) or iso_day(first.get("recorded_on"))
        or date.fromisoformat(first["on"])
    )
    retracted = item.get("retracted_reason")
    retracted_on = iso_day(item.get("retracted_on"))
    return writer.timeline_event(
        case_id,
        item["kind"],
        item["title"].strip(),
        date.fromisoformat(item["on"]),
        description=(item.get("text") or "").strip(),
        precision=item.get("precision", DatePrecision.DAY.value),
        recorded_at=recorded,
        revision_count=max(1, len(versions)),
        last_revised_at=noon(iso_day(versions[-1]["recorded_on"])) if len(versions) > 1 else None,
        retracted_at=(max(noon(retracted_on), recorded) if retracted_on else recorded)
        if retracted
        else None,
        retraction_reason=retracted,
    )


def revision_rows(writer: Writer, event_id: int, item: dict[str, Any]) -> list[dict[str, Any]]:
    """Every version of a revised event, oldest first (number 1 is what was first recorded),
    as ``caseflow.timeline.services.revise_event`` keeps them."""
    versions = item.get("revisions") or []
    if len(versions) < 2:
        return []
    return [
        {
            "event_id": event_id,
            "number": number,
            "kind": version["kind"],
            "title": version["title"].strip()[:200],
            "description": (version.get("text") or "").strip(),
            "occurred_on": date.fromisoformat(version["on"]),
            "precision": version.get("precision", DatePrecision.DAY.value),
            "organisation_ids": organisation_ids(writer, version.get("organisations", [])),
            "placement_id": None,
            "recorded_at": noon(date.fromisoformat(version["recorded_on"])),
            "recorded_by_id": None,
            "change_note": (version.get("note") or "").strip(),
            "imported_at": writer.now,
        }
        for number, version in enumerate(versions, start=1)
    ]
