"""What the monitor reads of the placement facts (issue 24, point 1): contracted placements,
placements that followed a crisis within a week, and siblings placed together or apart. The
decisions are the pure functions of ``placement_facts``; these only load their input."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import ColumnElement, or_, select

from caseflow.cases.fact_queries import case_facts, sibling_pairs
from caseflow.cases.models import Case
from caseflow.core.case_page import shared
from caseflow.extensions import db
from caseflow.timeline.models import EventKind, Placement, TimelineEvent
from caseflow.timeline.placement_facts import Together, after_crisis, placed_together


def contracted_clause() -> ColumnElement[bool]:
    """The monitor's "contracted only" scope: a placement recorded as gecontracteerd (one not
    recorded, NULL, is left out)."""
    return Placement.contracted.is_(True)


def _started_in(start: date, end: date):
    return select(Placement).where(
        Placement.retracted_at.is_(None), Placement.start_date >= start,
        Placement.start_date <= end,
    )


def placements_after_crisis(start: date, end: date) -> dict[int, bool]:
    """{placement id: followed a crisis within 7 days} for every placement started in
    [start, end]; two queries whatever the number of cases."""
    placements = list(db.session.scalars(_started_in(start, end)))
    case_ids = sorted({p.case_id for p in placements})
    crises: dict[int, list[TimelineEvent]] = defaultdict(list)
    if case_ids:
        rows = db.session.scalars(
            select(TimelineEvent).where(
                TimelineEvent.case_id.in_(case_ids),
                TimelineEvent.kind == EventKind.CRISIS.value,
                TimelineEvent.retracted_at.is_(None),
            )
        )
        for event in rows:
            crises[event.case_id].append(event)
    return {p.id: after_crisis(p, crises[p.case_id]) for p in placements}


def siblings_placed(start: date, end: date) -> dict[tuple[int, int], Together | None]:
    """{(case id, sibling case id): SAMEN, APART or None} for every current sibling link, over
    the placements that ran at some day of [start, end]."""
    pairs = list(db.session.execute(sibling_pairs()).tuples())
    ids = sorted({i for pair in pairs for i in pair})
    placed: dict[int, list[Placement]] = defaultdict(list)
    if ids:
        rows = db.session.scalars(
            select(Placement).where(
                Placement.case_id.in_(ids), Placement.retracted_at.is_(None),
                Placement.start_date <= end,
                or_(Placement.actual_end.is_(None), Placement.actual_end >= start),
            )
        )
        for placement in rows:
            placed[placement.case_id].append(placement)
    return {(a, b): placed_together(placed[a], placed[b], start, end) for a, b in pairs}


def siblings_panel(case: Case, today: date) -> dict[str, object] | None:
    """The case page: per linked sibling case, placed together or apart now and ever."""
    siblings = shared("case_facts", lambda: case_facts(case.id)).siblings
    if not siblings:
        return None
    others = [case_id for case_id, _reference in siblings]
    placed: dict[int, list[Placement]] = defaultdict(list)
    for placement in db.session.scalars(
        select(Placement).where(Placement.case_id.in_([case.id, *others]),
                                Placement.retracted_at.is_(None))
    ):
        placed[placement.case_id].append(placement)
    references = dict(siblings)
    rows = [
        (references.get(other, ""),
         placed_together(placed[case.id], placed[other], today, today),
         placed_together(placed[case.id], placed[other]))
        for other in others
    ]
    return {"siblings_placed": rows}
