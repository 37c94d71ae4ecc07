"""Migration 0014_risk_case_summary backfills the summary from the active flags already stored:
the result equals what ``recompute``/``rebuild`` keep (a fresh aggregate)."""

from __future__ import annotations

from datetime import date

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from caseflow.extensions import db
from caseflow.generate.runner import generate
from caseflow.risk.summary import aggregate
from tests.conftest import unmigrated_app


@pytest.fixture
def migration_app():
    yield from unmigrated_app("risk_summary_migration")


def test_backfill_equals_a_fresh_aggregate(migration_app):
    with migration_app.app_context():
        # The generator writes today's schema; the region then goes back to before the summary
        # (every later downgrade runs on real data on the way).
        upgrade()
        generate(12, seed=3, reads_per_case=0, years=2, today=date(2026, 6, 15))
        db.session.commit()
        db.session.close()
        downgrade(revision="0013_monitor_indexes")
        ids = [row[0] for row in db.session.execute(text("SELECT id FROM casus ORDER BY id"))]
        flags = []  # varied severities and numbers; some cleared (they must not count)
        for index, case_id in enumerate(ids[:9]):
            for number, (code, severity) in enumerate(
                [("a", "laag"), ("b", "midden"), ("c", "hoog"), ("d", "midden")][: index % 4 + 1]
            ):
                flags.append({
                    "case_id": case_id, "code": code, "severity": severity,
                    "raised_at": f"2026-06-{10 + number:02d} 12:00:00+00:00",
                    "cleared": "2026-06-14 12:00:00+00:00" if index % 3 == 0 and number else None,
                })
        db.session.execute(text(
            "INSERT INTO risk_flag (case_id, code, severity, explanation, evidence, raised_on,"
            " raised_at, updated_at, cleared_at) VALUES (:case_id, :code, :severity, '-', '[]',"
            " '2026-06-10', :raised_at, :raised_at, :cleared)"
        ), flags)
        db.session.commit()
        upgrade()
        kept = {
            case_id: tuple(values) for case_id, *values in db.session.execute(text(
                "SELECT case_id, worst_rank, active_count, reference FROM risk_case_summary"
            ))
        }
        fresh = {case_id: tuple(values[:3]) for case_id, *values in db.session.execute(aggregate())}
        assert kept == fresh and len(kept) == 9
        assert kept[ids[2]][:2] == (0, 3) and kept[ids[0]][:2] == (2, 1)
        assert kept[ids[3]][:2] == (2, 1)  # four flags, three of them cleared
        assert db.session.execute(text(
            "SELECT count(*) FROM risk_case_summary s JOIN risk_flag f ON f.case_id = s.case_id"
            " WHERE f.cleared_at IS NULL AND s.last_raised_at < f.raised_at"
        )).scalar() == 0
        db.session.rollback()
