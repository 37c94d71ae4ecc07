"""When imported history was known, and what of a case does not travel.

An item of a history file is known to the region from its own date — its ``recorded_on`` if the
file gives one, else the day it happened — so the "as known on" views (timeline, risk report,
backtest, retrospectives) see an imported history as the region knew it then; caseflow keeps the
import's own time apart (``imported_at``). This module checks those dates in a file, writes the
versions of revised events into an export, and lists what an export leaves out (``omitted``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select

from caseflow.auth.models import Organisation
from caseflow.cases.models import Case
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.timeline.models import TimelineEvent, TimelineEventRevision


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def check_case(check: Any) -> None:
    """When the region knew an item (``recorded_on``, revisions, retractions, earlier
    analysis versions): real dates, not in the future, in order."""
    for number, item in enumerate(check.case.get("events", [])):
        if item is None:  # refused by the schema: not checked further
            continue
        where = f"events[{number}]"
        recorded = check.date(f"{where}.recorded_on", item.get("recorded_on"))
        retracted = check.date(f"{where}.retracted_on", item.get("retracted_on"))
        if retracted and not item.get("retracted_reason"):
            check.error(f"{where}.retracted_reason", "verplicht als 'retracted_on' is ingevuld")
        versions = item.get("revisions") or []
        previous = None
        for index, version in enumerate(versions):
            day = check.date(f"{where}.revisions[{index}].recorded_on", version["recorded_on"])
            if day and previous and day < previous:
                check.error(f"{where}.revisions[{index}].recorded_on", "vóór de vorige versie")
            previous = day or previous
        if versions:
            last = versions[-1]
            if any(last.get(k) != item.get(k) for k in ("on", "kind", "title")):
                check.error(
                    f"{where}.revisions[{len(versions) - 1}]",
                    "de laatste versie moet de gebeurtenis zelf zijn (on, kind, title)",
                )
            first = check.date(f"{where}.revisions[0].recorded_on", versions[0]["recorded_on"])
            if recorded and first and recorded != first:
                check.error(f"{where}.recorded_on", "wijkt af van de eerste versie")
        if retracted and recorded and retracted < recorded:
            check.error(f"{where}.retracted_on", "ligt vóór het vastleggen")
    for number, item in enumerate(check.case.get("placements", [])):
        if item is None:
            continue
        where = f"placements[{number}]"
        check.date(f"{where}.recorded_on", item.get("recorded_on"))
        check.date(f"{where}.end_recorded_on", item.get("end_recorded_on"))
        if item.get("end_recorded_on") and not item.get("end"):
            check.error(f"{where}.end_recorded_on", "hoort alleen bij een einddatum")
    versions = check.case.get("analysis_versions") or []
    analysis_refused = any(
        e.path.startswith(f"{check.path}.analysis.") for e in check.result.errors
    )
    if versions and not check.case.get("analysis") and not analysis_refused:
        check.error("analysis_versions", "eerdere versies zonder actuele 'analysis'")
    current = (check.case.get("analysis") or {}).get("recorded_on")
    for number, version in enumerate(versions):
        day = check.date(f"analysis_versions[{number}].recorded_on", version["recorded_on"])
        if day and current and _day(current) and day > _day(current):
            check.error(f"analysis_versions[{number}].recorded_on", "ligt na de actuele analyse")


def revisions(case_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Every version of each revised event, oldest first, in one query."""
    names = dict(db.session.execute(select(Organisation.id, Organisation.name)).tuples().all())
    result: dict[int, list[dict[str, Any]]] = defaultdict(list)
    query = (
        select(TimelineEventRevision)
        .join(TimelineEvent, TimelineEvent.id == TimelineEventRevision.event_id)
        .where(TimelineEvent.case_id.in_(case_ids), TimelineEvent.revision_count > 1)
        .order_by(TimelineEventRevision.event_id, TimelineEventRevision.number)
    )
    for revision in db.session.scalars(query):
        result[revision.event_id].append(
            {
                "recorded_on": revision.recorded_at.date().isoformat(),
                "on": revision.occurred_on.isoformat(),
                "precision": revision.precision,
                "kind": revision.kind,
                "title": revision.title,
                "text": revision.description,
                "organisations": sorted(
                    names[i] for i in (revision.organisation_ids or []) if i in names
                ),
                "note": revision.change_note,
            }
        )
    return result


def upcoming_items(
    cases: list[Case], events: dict[int, list[TimelineEvent]], today: date, *, detail: bool = True
) -> list[str]:
    """What does not travel, one line each: a meeting's events dated after today (an upcoming
    RET meeting's decision or action; a history records what happened), the open RET actions
    and the upcoming meetings a case is on the agenda of. They belong to this region's RET."""
    from caseflow.meetings.models import AgendaItem, Meeting, MeetingAction
    from caseflow.meetings.vocab import ActionStatus

    refs = {case.id: case.reference for case in cases}
    lines = []
    for case_id, rows in events.items():
        for event in sorted(rows, key=lambda e: (e.occurred_on, e.id)):
            if event.occurred_on > today:
                lines.append(
                    f"{refs[case_id]}: gebeurtenis '{event.title}' van {event.occurred_on} "
                    "(nog niet gebeurd; geen historie)"
                )
    actions = db.session.scalars(
        select(MeetingAction)
        .where(MeetingAction.case_id.in_(refs), MeetingAction.status == ActionStatus.OPEN.value)
        .order_by(MeetingAction.case_id, MeetingAction.due_on, MeetingAction.id)
    )
    for action in actions:
        lines.append(
            f"{refs[action.case_id]}: open RET-actie '{action.description[:80]}' "
            f"(uiterlijk {action.due_on}; hoort bij het RET van deze regio)"
        )
    meetings = db.session.execute(
        select(AgendaItem.case_id, Meeting.starts_at)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.case_id.in_(refs), Meeting.starts_at >= utcnow())
        .order_by(AgendaItem.case_id, Meeting.starts_at)
    )
    for case_id, starts_at in meetings:
        lines.append(
            f"{refs[case_id]}: geagendeerd voor het RET van {starts_at.date()} "
            "(hoort bij het RET van deze regio)"
        )
    if not detail:  # a pseudonymised file names no case and repeats no free text
        return [f"{len(lines)} aankomende RET-onderdelen weggelaten"] if lines else []
    return sorted(lines)
