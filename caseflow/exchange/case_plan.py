"""What an import does with each case of the file: which items are new, what to warn about."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from caseflow.cases.models import CaseDecision, CaseMember, ExplanatoryAnalysis
from caseflow.exchange.search_items import provider_warnings
from caseflow.exchange.validator import ExistingCase, Issue, item_id
from caseflow.extensions import db
from caseflow.search.models import Search
from caseflow.timeline.models import EventKind, TimelineEvent

KIND_OF = {
    "phases": "phase",
    "placements": "placement",
    "events": "event",
    "members": "member",
    "decisions": "decision",
    "goals": "goal",
    "evaluations": "evaluation",
    "searches": "search",
}


DERIVED_KINDS = (EventKind.FASE.value, EventKind.PLAATSING.value)


@dataclass
class CasePlan:
    case: dict[str, Any]
    existing: ExistingCase | None
    index: int
    items: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)
    analysis: tuple[str, dict[str, Any]] | None = None
    # Every item's id by position, known or new: the notes name their item by it.
    ids: dict[str, list[str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts = {key: len(values) for key, values in self.items.items()}
        counts["analyses"] = 1 if self.analysis else 0
        return counts


def plan_case(case: dict[str, Any], existing: ExistingCase | None, index: int) -> CasePlan:
    plan = CasePlan(case, existing, index)
    for key, kind in KIND_OF.items():
        known = existing.item_ids.get(kind, set()) if existing else set()
        seen: set[str] = set()
        chosen = []
        for item in case.get(key, []):
            key_id = item_id(item, seen)
            seen.add(key_id)
            plan.ids.setdefault(key, []).append(key_id)
            if key_id not in known:
                chosen.append((key_id, item))
        plan.items[key] = chosen
    analysis = case.get("analysis")
    if analysis:
        key_id = item_id(analysis, set())
        known = existing.item_ids.get("analysis", set()) if existing else set()
        if key_id not in known:
            plan.analysis = (key_id, analysis)
    return plan


def organisation_warnings(
    case: dict[str, Any], index: int, organisations: dict[str, int]
) -> list[Issue]:
    warnings = []
    for number, member in enumerate(case.get("members", [])):
        if member["organisation"].strip().lower() not in organisations:
            warnings.append(
                Issue(
                    f"cases[{index}].members[{number}].organisation",
                    f"organisatie '{member['organisation']}' is niet bekend in caseflow; "
                    "opgeslagen als naam, zonder koppeling",
                )
            )
    referrer = case.get("referrer_organisation")
    if referrer and referrer.strip().lower() not in organisations:
        warnings.append(
            Issue(
                f"cases[{index}].referrer_organisation",
                f"organisatie '{referrer}' is niet bekend in caseflow; opgeslagen als naam",
            )
        )
    return warnings + provider_warnings(case, index, organisations)


def native_object_ids(case_ids: list[int]) -> dict[str, list[tuple[int, int]]]:
    """(case id, object id) of the items made in caseflow itself, per item kind."""
    queries = {
        "event": select(TimelineEvent.case_id, TimelineEvent.id).where(
            TimelineEvent.kind.not_in(DERIVED_KINDS)
        ),
        "member": select(CaseMember.case_id, CaseMember.id),
        "decision": select(CaseDecision.case_id, CaseDecision.id),
        "analysis": select(ExplanatoryAnalysis.case_id, ExplanatoryAnalysis.id),
        "search": select(Search.case_id, Search.id),
    }
    result = {}
    for kind, query in queries.items():
        model_case_id = query.selected_columns[0]
        rows = db.session.execute(query.where(model_case_id.in_(case_ids))).tuples().all()
        result[kind] = list(rows)
    return result
