"""The searches for a place (issue 25) in ``caseflow-history/2``: an optional ``searches`` list
per case, each with what the child needs, the weighing, how it ended and its ``requests`` (the
providers asked and their answers). Files without it (``/1`` included) read as before; the
export writes it only for a case that has a search.

The search's own ``zoektocht`` timeline events travel in ``events`` like any event, so the
import adds no events of its own (an exported file would otherwise get them twice). A search
closed by a placement names that placement by its id in ``placements``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select

from caseflow.auth.models import Organisation, OrganisationKind
from caseflow.exchange.bulk_insert import insert_rows
from caseflow.exchange.models import ExchangeItem
from caseflow.exchange.validator import Issue
from caseflow.extensions import db
from caseflow.region.settings import region_code
from caseflow.search.models import Search, SearchRequest, SearchRequestRevision, SearchRevision
from caseflow.search.requests import ANSWER_FIELDS, REQUEST_FIELDS
from caseflow.search.services import NEEDS_FIELDS
from caseflow.timeline.models import Placement

CLOSE_FIELDS = ("closed_on", "close_kind", "close_note")
IMPORTED = "Geïmporteerd"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def export_searches(case_ids: list[int], ids: Any) -> dict[int, dict[str, Any]]:
    """{case id: {"searches": [...]}} for the cases with a search, two queries for all."""
    found: dict[int, dict[str, Any]] = defaultdict(lambda: {"searches": []})
    searches = list(
        db.session.scalars(
            select(Search)
            .where(Search.case_id.in_(case_ids))
            .order_by(Search.case_id, Search.opened_on, Search.id)
        )
    )
    asked: dict[int, list[SearchRequest]] = defaultdict(list)
    # A retracted placement is not exported: a search it closed then names none.
    exported = (
        set(
            db.session.scalars(
                select(Placement.id).where(
                    Placement.case_id.in_(case_ids), Placement.retracted_at.is_(None)
                )
            )
        )
        if searches
        else set()
    )
    if searches:
        for item in db.session.scalars(
            select(SearchRequest)
            .where(SearchRequest.search_id.in_([s.id for s in searches]))
            .order_by(SearchRequest.requested_on, SearchRequest.id)
        ):
            asked[item.search_id].append(item)
    for search in searches:
        document: dict[str, Any] = {
            "id": ids("search", search.id),
            "opened_on": search.opened_on.isoformat(),
            "opened_in_phase": search.opened_in_phase,
            **{name: getattr(search, name) for name in NEEDS_FIELDS},
            "closed_on": _iso(search.closed_on),
            "close_kind": search.close_kind,
            "close_note": search.close_note,
            "placement": ids("placement", search.placement_id)
            if search.placement_id in exported
            else None,
            "requests": [_request_of(item) for item in asked[search.id]],
        }
        found[search.case_id]["searches"].append(document)
    return found


def _request_of(item: SearchRequest) -> dict[str, Any]:
    return {
        "provider": item.provider.name,
        "care_type": item.care_type,
        "requested_on": item.requested_on.isoformat(),
        "reasked": item.reasked,
        "answer": item.answer,
        "answered_on": _iso(item.answered_on),
        "wait_weeks": item.wait_weeks,
        "refusal_reason": item.refusal_reason,
        "refusal_other": item.refusal_other,
    }


def provider_warnings(
    case: dict[str, Any], index: int, organisations: dict[str, int]
) -> list[Issue]:
    """A provider caseflow does not know is added as a zorgaanbieder (a request needs one)."""
    warnings = []
    for number, search in enumerate(case.get("searches") or []):
        for at, item in enumerate(search.get("requests") or []):
            if item["provider"].strip().lower() not in organisations:
                warnings.append(
                    Issue(
                        f"cases[{index}].searches[{number}].requests[{at}].provider",
                        f"zorgaanbieder '{item['provider']}' is niet bekend in caseflow; "
                        "toegevoegd aan de organisaties als zorgaanbieder",
                    )
                )
    return warnings


def _phase_on(case: dict[str, Any], day: str) -> str:
    """The case's phase on that day, from the file's phases."""
    phase = case["phases"][0]["phase"]
    for entry in case["phases"]:
        if entry["on"][:10] <= day:
            phase = entry["phase"]
    return phase


def _provider_id(writer: Any, name: str) -> int:
    key = name.strip().lower()
    if key not in writer.organisations:
        organisation = Organisation(name=name.strip(), kind=OrganisationKind.ZORGAANBIEDER.value)
        db.session.add(organisation)
        db.session.flush()
        writer.organisations[key] = organisation.id
    return writer.organisations[key]


def _placement_ids(plans: list[Any], items: list[dict[str, Any]]) -> dict[tuple[int, str], int]:
    """(case id, placement id in the file) -> placement id: the ones just written, and with
    --update the ones the case had (imported, or made in caseflow)."""
    found = {
        (i["case_id"], i["external_id"]): i["object_id"] for i in items if i["kind"] == "placement"
    }
    existing = [p.case_id for p in plans if p.existing]
    if existing:
        from caseflow.exchange.existing_cases import native_id  # it imports case_plan, this

        region = region_code()
        for case_id, placement_id in db.session.execute(
            select(Placement.case_id, Placement.id).where(Placement.case_id.in_(existing))
        ):
            found.setdefault((case_id, native_id(region, "placement", placement_id)), placement_id)
        for case_id, external, object_id in db.session.execute(
            select(ExchangeItem.case_id, ExchangeItem.external_id, ExchangeItem.object_id).where(
                ExchangeItem.case_id.in_(existing), ExchangeItem.kind == "placement"
            )
        ):
            found.setdefault((case_id, external), object_id)
    return found


def write_searches(writer: Any, plans: list[Any], items: list[dict[str, Any]]) -> None:
    """Insert the new searches of the planned cases, their requests and revision 1 of each."""
    placement_of = _placement_ids(plans, items)
    rows, meta = [], []
    for plan in plans:
        for key, search in plan.items.get("searches", []):
            ref = search.get("placement")
            row = {
                "case_id": plan.case_id,
                "opened_on": date.fromisoformat(search["opened_on"]),
                "opened_in_phase": search.get("opened_in_phase")
                or _phase_on(plan.case, search["opened_on"]),
                "care_types": sorted(set(search["care_types"])),
                "setting_needs": sorted(set(search.get("setting_needs") or [])),
                "region_preference": search["region_preference"],
                "werving_status": search.get("werving_status") or "geen",
                **{
                    n: (search.get(n) or "").strip()
                    for n in NEEDS_FIELDS
                    if n
                    not in ("care_types", "setting_needs", "region_preference", "werving_status")
                },
                "closed_on": date.fromisoformat(search["closed_on"])
                if search.get("closed_on")
                else None,
                "close_kind": search.get("close_kind"),
                "close_note": (search.get("close_note") or "").strip(),
                "placement_id": placement_of.get((plan.case_id, ref)) if ref else None,
                "revision_count": 1,
                "recorded_at": writer.now,
                "recorded_by_id": writer.actor_id,
            }
            rows.append(row)
            meta.append((plan, key, search))
    search_ids = insert_rows(Search, rows, returning=True)
    revisions, asked = [], []
    for search_id, row, (plan, key, search) in zip(search_ids, rows, meta, strict=True):
        revisions.append(
            {
                "search_id": search_id,
                "number": 1,
                "reason": IMPORTED,
                "content": {n: row[n] for n in NEEDS_FIELDS},
                "recorded_at": writer.now,
                "recorded_by_id": writer.actor_id,
            }
        )
        items.append(writer.exchange_item(plan, "search", key, search_id))
        for item in search.get("requests") or []:
            answered = item.get("answered_on")
            asked.append(
                {
                    "search_id": search_id,
                    "case_id": plan.case_id,
                    "provider_id": _provider_id(writer, item["provider"]),
                    "care_type": item["care_type"],
                    "requested_on": date.fromisoformat(item["requested_on"]),
                    "reasked": bool(item.get("reasked")),
                    "answer": item.get("answer"),
                    "answered_on": date.fromisoformat(answered) if answered else None,
                    "wait_weeks": item.get("wait_weeks"),
                    "refusal_reason": item.get("refusal_reason"),
                    "refusal_other": (item.get("refusal_other") or "").strip(),
                    "revision_count": 1,
                    "recorded_at": writer.now,
                    "recorded_by_id": writer.actor_id,
                }
            )
    insert_rows(SearchRevision, revisions)
    request_ids = insert_rows(SearchRequest, asked, returning=True)
    snapshots = []
    for request_id, row in zip(request_ids, asked, strict=True):
        content = {n: row[n] for n in (*REQUEST_FIELDS, *ANSWER_FIELDS)}
        content = {n: v.isoformat() if isinstance(v, date) else v for n, v in content.items()}
        snapshots.append(
            {
                "request_id": request_id,
                "number": 1,
                "reason": IMPORTED,
                "content": content,
                "recorded_at": writer.now,
                "recorded_by_id": writer.actor_id,
            }
        )
    insert_rows(SearchRequestRevision, snapshots)
