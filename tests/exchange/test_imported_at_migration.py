"""Migration 0026_imported_at: rows imported before it (recorded at the import's time) move to
their own dates, the import's time kept as ``imported_at``; the downgrade gives the old meaning
back. Checked by a downgrade and an upgrade around a real import."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from caseflow.exchange.importer import import_history
from caseflow.extensions import db
from tests.conftest import unmigrated_app
from tests.exchange_helpers import document, gemeenten, raw


@pytest.fixture
def migration_app():
    yield from unmigrated_app("imported_at_migration")


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def _as_datetime(value) -> datetime:
    if isinstance(value, str):  # SQLite hands back text
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _day(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def test_old_imports_move_to_their_own_dates(migration_app):
    with migration_app.app_context():
        upgrade()
        gemeenten()
        import_history(raw(document()), None)
        db.session.commit()
        imported_at = _as_datetime(db.session.scalar(text("SELECT imported_at FROM exchange_case")))
        db.session.close()  # the migration runs on a connection of its own
        downgrade(revision="0025_exchange_contract")  # the old meaning: known from the import
        old = db.session.execute(text("SELECT recorded_at FROM timeline_event")).scalars().all()
        assert {_as_datetime(v) for v in old} == {imported_at}
        db.session.close()
        upgrade()
        events = db.session.execute(
            text("SELECT occurred_on, recorded_at, imported_at FROM timeline_event")
        ).all()
        assert len(events) > 5
        for occurred_on, recorded_at, event_imported_at in events:
            assert _as_datetime(recorded_at) == _noon(_day(occurred_on))
            assert _as_datetime(event_imported_at) == imported_at
        placements = db.session.execute(
            text("SELECT start_date, actual_end, recorded_at, ended_recorded_at, imported_at "
                 "FROM placement ORDER BY start_date")
        ).all()
        start, end, recorded, ended, placement_imported_at = placements[0]
        assert _as_datetime(recorded) == _noon(_day(start))
        assert _as_datetime(ended) == _noon(_day(end))
        assert _as_datetime(placement_imported_at) == imported_at
        moves = db.session.execute(text("SELECT imported_at FROM phase_transition")).scalars()
        assert {_as_datetime(v) for v in moves} == {imported_at}
        analyses = db.session.execute(text("SELECT imported_at FROM explanatory_analysis"))
        assert {_as_datetime(v) for v in analyses.scalars()} == {imported_at}
