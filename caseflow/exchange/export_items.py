"""A case's items in the export format, each list sorted by its content, with stable item ids."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select

from caseflow.auth.models import Organisation, User
from caseflow.cases.models import CaseMember, ExplanatoryAnalysis
from caseflow.exchange.existing_cases import native_id
from caseflow.exchange.models import ExchangeItem, ImportedMember
from caseflow.extensions import db
from caseflow.outcome import exchange as outcome_exchange
from caseflow.region.settings import region_code
from caseflow.timeline.models import Placement, TimelineEvent

ANALYSIS_FIELDS = (
    "question",
    "problems",
    "strengths",
    "hypotheses",
    "hypotheses_child",
    "hypotheses_family",
    "hypotheses_care",
    "working_theory",
    "goals",
    "scenarios",
    "made_with_family",
    "behavioural_scientist_involved",
)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


class ExportIds:
    """Stable item ids: the one an item was imported with, else region:kind:database id."""

    def __init__(self, case_ids: list[int]) -> None:
        self.region = region_code()
        self.known: dict[tuple[str, int], str] = {}
        for kind, object_id, external in db.session.execute(
            select(ExchangeItem.kind, ExchangeItem.object_id, ExchangeItem.external_id).where(
                ExchangeItem.case_id.in_(case_ids)
            )
        ):
            self.known[(kind, object_id)] = external

    def __call__(self, kind: str, object_id: int) -> str:
        return self.known.get((kind, object_id)) or self.native(kind, object_id)

    def native(self, kind: str, object_id: int) -> str:
        return native_id(self.region, kind, object_id)


def grouped_by_case(query: Any, case_ids: list[int]) -> dict[int, list[Any]]:
    groups: dict[int, list[Any]] = defaultdict(list)
    for row in db.session.scalars(query):
        groups[row.case_id].append(row)
    return groups


def analysis_of(versions: list[ExplanatoryAnalysis], ids: ExportIds) -> dict[str, Any] | None:
    if not versions:
        return None
    latest = versions[0]
    return {"id": ids("analysis", latest.id), **analysis_version(latest)}


def analysis_version(version: ExplanatoryAnalysis) -> dict[str, Any]:
    """One version; the earlier ones go to ``analysis_versions`` (oldest first), without id."""
    return {
        "recorded_on": version.recorded_at.date().isoformat(),
        **precision_of(version),
        **{name: getattr(version, name) for name in ANALYSIS_FIELDS},
    }


def precision_of(row: Any) -> dict[str, str]:
    """``precision`` only where a date is less exact than a day (imported history)."""
    return {"precision": row.precision} if row.precision else {}


def placements_of(rows: list[Placement], ids: ExportIds, funders: dict) -> list[dict[str, Any]]:
    items = [
        {
            "id": ids("placement", p.id),
            "type": p.type,
            "provider": p.provider_name,
            "in_region": p.in_region,
            "start": p.start_date.isoformat(),
            "recorded_on": p.recorded_at.date().isoformat(),
            "end_recorded_on": (
                p.ended_recorded_at.date().isoformat() if p.ended_recorded_at else None
            ),
            "planned_end": _iso(p.planned_end),
            "end": _iso(p.actual_end),
            "ended": p.ending,
            "end_reason": p.end_reason,
            "end_note": p.end_note,
            "tariff": outcome_exchange.tariff_of(p, funders),
            # Only when recorded, so files of before the field read back the same.
            **({"contracted": p.contracted} if p.contracted is not None else {}),
        }
        for p in rows
    ]
    return sorted(items, key=lambda p: (p["start"], p["end"] or "9999", p["type"], p["provider"]))


def events_of(
    rows: list[TimelineEvent], ids: ExportIds, revisions: dict[int, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    items = []
    for e in rows:
        item = {
            "id": ids("event", e.id),
            "on": e.occurred_on.isoformat(),
            "precision": e.precision,
            "kind": e.kind,
            "title": e.title,
            "text": e.description,
            "organisations": sorted(o.name for o in e.organisations),
            "recorded_on": e.recorded_at.date().isoformat(),
            "retracted_reason": e.retraction_reason if e.retracted_at else None,
            "retracted_on": e.retracted_at.date().isoformat() if e.retracted_at else None,
        }
        if e.revision_count > 1 and revisions.get(e.id):
            item["revisions"] = revisions[e.id]
        items.append(item)
    return sorted(items, key=lambda e: (e["on"], e["kind"], e["title"], e["text"], e["id"]))


def members_of(case_ids: list[int], ids: ExportIds) -> dict[int, list[dict[str, Any]]]:
    result: dict[int, list[dict[str, Any]]] = defaultdict(list)
    native = db.session.execute(
        select(CaseMember, Organisation.name)
        .join(User, User.id == CaseMember.user_id)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(CaseMember.case_id.in_(case_ids))
    )
    for member, organisation in native:
        result[member.case_id].append(
            {
                "id": ids.native("member", member.id),  # imported members have their own table
                "role": member.role,
                "organisation": organisation,
                "from": member.since.isoformat(),
                "until": _iso(member.until),
            }
        )
    for member in db.session.scalars(
        select(ImportedMember).where(ImportedMember.case_id.in_(case_ids))
    ):
        result[member.case_id].append(
            {
                "id": ids("member", member.id),
                "role": member.role,
                "organisation": member.organisation_name,
                "from": member.since.isoformat(),
                "until": _iso(member.until),
            }
        )
    for items in result.values():
        items.sort(key=lambda m: (m["from"], m["role"], m["organisation"], m["until"] or ""))
    return result
