"""Migration 0030_risk_one_active: duplicate active flags stored before the partial unique index
are cleared (the oldest raising stays active) and the summaries follow the flags that stay."""

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
    yield from unmigrated_app("risk_one_active_migration")


def test_duplicates_are_cleared_and_summaries_follow(migration_app):
    with migration_app.app_context():
        upgrade()
        generate(3, seed=5, reads_per_case=0, years=1, today=date(2026, 6, 15))
        db.session.commit()
        db.session.close()
        downgrade(revision="0030_risk_severity")
        case_id = db.session.scalar(text("SELECT min(id) FROM casus"))
        db.session.execute(text("DELETE FROM risk_flag"))
        db.session.execute(text("DELETE FROM risk_case_summary"))
        db.session.execute(text(
            "INSERT INTO risk_flag (case_id, code, severity, explanation, evidence, raised_on,"
            " raised_at, updated_at) VALUES (:case_id, 'crises_recent', 'hoog', :text, '[]',"
            " '2026-06-10', :at, :at)"
        ), [{"case_id": case_id, "text": t, "at": f"2026-06-1{n} 12:00:00+00:00"}
            for n, t in enumerate(("eerste", "dubbel"))])
        db.session.execute(text(
            "INSERT INTO risk_case_summary (case_id, worst_rank, active_count, reference,"
            " last_raised_at) SELECT id, 0, 2, reference, '2026-06-11 12:00:00+00:00' FROM casus"
            " WHERE id = :case_id"
        ), {"case_id": case_id})
        db.session.commit()
        upgrade()
        active = db.session.execute(text(
            "SELECT explanation FROM risk_flag WHERE cleared_at IS NULL")).scalars().all()
        assert active == ["eerste"]
        kept = db.session.execute(text(
            "SELECT case_id, worst_rank, active_count FROM risk_case_summary")).all()
        fresh = [tuple(row[:3]) for row in db.session.execute(aggregate())]
        assert [tuple(row) for row in kept] == fresh == [(case_id, 0, 1)]
        db.session.remove()
