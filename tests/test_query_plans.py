"""On PostgreSQL, with a few thousand generated rows, the main lists use their indexes."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from caseflow.extensions import db
from caseflow.generate.runner import generate
from tests.databases import BACKEND

pytestmark = pytest.mark.skipif(BACKEND != "postgresql", reason="query plans: PostgreSQL only")

LISTS = {
    "case list, open, by reference": (
        "SELECT id FROM casus WHERE phase <> 'afgesloten' ORDER BY reference, id LIMIT 25"
    ),
    "case list, one phase, by phase_since": (
        "SELECT id FROM casus WHERE phase = 'plaatsing' ORDER BY phase_since DESC LIMIT 25"
    ),
    "case list, by phase_since": "SELECT id FROM casus ORDER BY phase_since DESC, id LIMIT 25",
    "case list, by registered_on": "SELECT id FROM casus ORDER BY registered_on, id LIMIT 25",
    # Not "one gemeente": at ~7% of the rows a sequential scan with LIMIT is the right plan.
    "case list, one regisseur": "SELECT id FROM casus WHERE casusregisseur_id = :user LIMIT 25",
    "timeline of a case": (
        "SELECT id FROM timeline_event WHERE case_id = :case ORDER BY occurred_on, id"
    ),
    "placements of a case": "SELECT id FROM placement WHERE case_id = :case ORDER BY start_date",
    "monitor, placements started in a year": (
        "SELECT id FROM placement WHERE type = 'pleegzorg' "
        "AND start_date >= '2024-01-01' AND start_date < '2025-01-01'"
    ),
    "access log of a case": (
        "SELECT id FROM access_log WHERE case_id = :case ORDER BY id DESC LIMIT 200"
    ),
}




def test_main_lists_use_index_scans(app):
    generate(2000, seed=11, reads_per_case=3)
    db.session.execute(text("ANALYZE"))
    user = db.session.scalar(text("SELECT min(casusregisseur_id) FROM casus"))
    case = db.session.scalar(text("SELECT case_id FROM timeline_event GROUP BY 1 "
                                  "ORDER BY count(*) DESC LIMIT 1"))
    db.session.execute(text("SET LOCAL enable_seqscan = on"))
    missing = {}
    for name, sql in LISTS.items():
        plan = "\n".join(db.session.scalars(
            text("EXPLAIN " + sql), {"user": user, "case": case}
        ))
        if "Index" not in plan:
            missing[name] = plan
    assert not missing, missing
