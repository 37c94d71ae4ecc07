"""Drive a generation run: staff, then cases in chunks, the access log, sequences, risk flags."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from caseflow.cases.models import (
    Case,
    CaseMember,
    CaseProblemArea,
    ExplanatoryAnalysis,
    PhaseTransition,
    ReferenceCounter,
)
from caseflow.extensions import db
from caseflow.generate import meetings, searches
from caseflow.generate.access_log import TABLE as ACCESS_LOG
from caseflow.generate.access_log import append_chained
from caseflow.generate.bulk import Ids, Rows, fix_sequences, write
from caseflow.generate.history import case_facts, plan_stays, walk
from caseflow.generate.indexes import deferred
from caseflow.generate.rows import case_rows
from caseflow.generate.staff import ensure_staff
from caseflow.region.settings import region_code
from caseflow.timeline.models import Placement, TimelineEvent

CHUNK = 500
ORDER = [
    Case.__table__, CaseProblemArea.__table__, CaseMember.__table__, PhaseTransition.__table__,
    ExplanatoryAnalysis.__table__, Placement.__table__, TimelineEvent.__table__,
    *searches.TABLES, *meetings.TABLES,
]
# Rows per generated case (measured, rounded up): which tables grow enough to set indexes aside.
PER_CASE = {TimelineEvent.__table__: 43, PhaseTransition.__table__: 6, CaseMember.__table__: 4,
            CaseProblemArea.__table__: 3}


@dataclass
class Result:
    cases: int = 0
    rows: int = 0
    access_rows: int = 0


def _counters(region: str) -> dict[int, int]:
    query = select(ReferenceCounter.year, ReferenceCounter.last_number).where(
        ReferenceCounter.region == region
    )
    return dict(db.session.execute(query).all())


def _save_counters(region: str, before: dict[int, int], after: dict[int, int]) -> None:
    for year, number in after.items():
        if year in before:
            counter = db.session.get(ReferenceCounter, (region, year))
            counter.last_number = number
        else:
            db.session.add(ReferenceCounter(region=region, year=year, last_number=number))
    db.session.flush()


def generate(
    cases: int,
    *,
    seed: int = 1,
    years: int = 20,
    reads_per_case: int = 20,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Add ``cases`` generated cases with their history. The caller commits (and may recompute
    risk flags afterwards)."""
    # Synthetic data from a seeded generator; nothing secret depends on it.
    rng = random.Random(seed)  # nosec B311
    today = today or date.today()
    region = region_code()
    ids = Ids()
    run = f"s{seed}n{db.session.scalar(select(db.func.count(Case.id))) or 0}"
    staff = ensure_staff(rng, ids, cases, run)
    before = _counters(region)
    numbers = dict(before)
    planner = meetings.MeetingPlanner(ids, staff, rng)
    providers = staff.providers
    result = Result()
    log: list[int] = []
    expected = {table: cases * factor for table, factor in PER_CASE.items()}
    expected[ACCESS_LOG] = cases * (reads_per_case + 6)
    with deferred(expected):
        rows = Rows()
        for index in range(cases):
            back = int(years * 365 * rng.random() ** 1.6)
            registered_on = today - timedelta(days=back)
            plan = walk(rng, registered_on, today)
            facts = case_facts(rng)
            plan_stays(rng, plan, providers, today, facts)
            numbers[registered_on.year] = numbers.get(registered_on.year, 0) + 1
            reference = f"{region}-{registered_on.year}-{numbers[registered_on.year]:04d}"
            _case_id, ret_days = case_rows(rng, ids, rows, staff, plan, facts,
                                           reference, today, log, reads_per_case)
            planner.add(rows, ret_days, today)
            if (index + 1) % CHUNK == 0 or index + 1 == cases:
                result.rows += write(rows, ORDER)
                rows = Rows()
                result.cases = index + 1
                if progress:
                    progress(index + 1)
        result.access_rows = append_chained(log, ids, staff.org_of, rng)
    _save_counters(region, before, numbers)
    fix_sequences(ids.tables())
    return result
