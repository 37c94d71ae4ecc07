"""What the database already holds of a file's cases, read a batch of references at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import select

from caseflow.cases.models import Case, PhaseTransition
from caseflow.cases.workflow import Phase
from caseflow.exchange.case_plan import KIND_OF, native_object_ids
from caseflow.exchange.models import ExchangeItem
from caseflow.exchange.validator import Context, ExistingCase
from caseflow.extensions import db
from caseflow.timeline.models import Placement

BATCH = 500


def _chunks(values: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def build_context(document: dict[str, Any], *, update: bool) -> Context:
    gemeenten = import_gemeenten()
    cases = document.get("cases") if isinstance(document.get("cases"), list) else []
    refs = sorted(
        {c["ref"] for c in cases if isinstance(c, dict) and isinstance(c.get("ref"), str)}
    )
    found: dict[str, int] = {}
    for chunk in _chunks(refs):
        found.update(
            db.session.execute(select(Case.reference, Case.id).where(Case.reference.in_(chunk)))
            .tuples()
            .all()
        )
    existing: dict[str, ExistingCase | None] = dict.fromkeys(found)
    if update and found:
        existing.update(_existing_cases(found))
    return Context(gemeenten=gemeenten, existing=existing, update=update)


def native_id(region: str, kind: str, object_id: int) -> str:
    """The id an item made in caseflow itself carries in an export (stable in this region)."""
    return f"{region}:{kind}:{object_id}"


def _existing_cases(found: dict[str, int]) -> dict[str, ExistingCase]:
    from caseflow.region.settings import region_code

    region = region_code()
    by_id = {case_id: ref for ref, case_id in found.items()}
    states = {
        case_id: ExistingCase(case_id, [], date.min, {k: set() for k in KIND_OF.values()}, [])
        for case_id in by_id
    }
    transitions = db.session.execute(
        select(
            PhaseTransition.case_id,
            PhaseTransition.id,
            PhaseTransition.from_phase,
            PhaseTransition.to_phase,
            PhaseTransition.at,
        )
        .where(PhaseTransition.case_id.in_(by_id))
        .order_by(PhaseTransition.case_id, PhaseTransition.at, PhaseTransition.id)
    )
    for case_id, transition_id, source, dest, at in transitions:
        state = states[case_id]
        state.moves.append((Phase(source) if source else None, Phase(dest)))
        state.last_on = at.date()
        state.item_ids["phase"].add(native_id(region, "phase", transition_id))
    placements = db.session.execute(
        select(
            Placement.case_id,
            Placement.id,
            Placement.type,
            Placement.start_date,
            Placement.actual_end,
        ).where(Placement.case_id.in_(by_id))
    )
    for case_id, placement_id, type_, start, end in placements:
        states[case_id].placements.append((type_, start, end))
        states[case_id].item_ids["placement"].add(native_id(region, "placement", placement_id))
    items = db.session.execute(
        select(ExchangeItem.case_id, ExchangeItem.kind, ExchangeItem.external_id).where(
            ExchangeItem.case_id.in_(by_id)
        )
    )
    for case_id, kind, external_id in items:
        states[case_id].item_ids.setdefault(kind, set()).add(external_id)
    for kind, object_ids in native_object_ids(list(by_id)).items():
        for case_id, object_id in object_ids:
            states[case_id].item_ids.setdefault(kind, set()).add(native_id(region, kind, object_id))
    return {by_id[case_id]: state for case_id, state in states.items()}


def batches_of(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_gemeenten() -> dict[str, int]:
    # Names and CBS codes; a retired gemeente's name maps to its successor (with a warning).
    from caseflow.region.gemeenten import names_for_import

    return names_for_import()


def existing_for(cases: list[Any], update: bool) -> dict[str, ExistingCase | None]:
    return build_context({"cases": cases}, update=update).existing
