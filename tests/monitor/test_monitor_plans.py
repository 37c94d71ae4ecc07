"""On PostgreSQL, with a few thousand generated rows, the monitor's period filters use the
indexes of migration 0013 instead of reading the whole phase history or placement table."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from caseflow.extensions import db
from caseflow.generate.runner import generate
from tests.databases import BACKEND

pytestmark = pytest.mark.skipif(BACKEND != "postgresql", reason="query plans: PostgreSQL only")

FILTERS = {
    "phase moves in a year": (
        "SELECT case_id FROM phase_transition "
        "WHERE at >= '2024-01-01' AND at < '2025-01-01'"
    ),
    "closings in a month": (
        "SELECT case_id FROM phase_transition WHERE to_phase = 'afgesloten' "
        "AND at >= '2024-06-01' AND at < '2024-07-01'"
    ),
    "placements started in a month": (
        "SELECT case_id FROM placement WHERE start_date >= '2024-06-01' "
        "AND start_date < '2024-07-01'"
    ),
    "placements ended in a month": (
        "SELECT case_id FROM placement WHERE actual_end >= '2024-06-01' "
        "AND actual_end < '2024-07-01'"
    ),
}


def test_monitor_period_filters_use_index_scans(app):
    generate(2000, seed=12, reads_per_case=1)
    db.session.execute(text("ANALYZE"))
    missing = {}
    for name, sql in FILTERS.items():
        plan = "\n".join(db.session.scalars(text("EXPLAIN " + sql)))
        if "Index" not in plan:
            missing[name] = plan
    assert not missing, missing
