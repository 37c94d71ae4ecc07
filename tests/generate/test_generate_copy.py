"""The generator's fast paths write what the plain paths write: COPY (PostgreSQL) against
executemany, indexes set aside and rebuilt, the templated access-log digest against
``row_digest``."""

from __future__ import annotations

import random
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select, text

from caseflow.audit.services import row_digest
from caseflow.auth.models import Organisation, User
from caseflow.cases.models import Gemeente
from caseflow.extensions import db
from caseflow.generate import access_log, bulk, indexes, runner

# Set by the run itself (utcnow, a fresh password salt), not by the seed.
UNSEEDED = {"created_at", "updated_at", "password_hash"}
STAFF = (Gemeente.__table__, Organisation.__table__, User.__table__)


def _postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _snapshot() -> dict[str, list[tuple]]:
    tables = [*STAFF, *runner.ORDER, access_log.TABLE]
    snapshot = {}
    for table in tables:
        columns = [c for c in table.columns if not (table in STAFF and c.name in UNSEEDED)]
        query = select(*columns).order_by(*table.primary_key.columns)
        snapshot[table.name] = [tuple(row) for row in db.session.execute(query)]
    return snapshot


def _index_definitions() -> set[tuple[str, str]]:
    query = text("SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'")
    return {(row[0], row[1]) for row in db.session.execute(query)}


def test_templated_digest_is_row_digest():
    entries = [access_log.entry(access_log.seconds(date(2019, 3, 4), 9) + 61, 12, 7,
                                access_log.READ),
               access_log.entry(access_log.seconds(date(2024, 12, 31), 23) + 3599, 99_999, 3,
                                access_log.PHASE_MOVE),
               access_log.entry(access_log.seconds(date(2007, 1, 1)), 1, 5, access_log.CREATE)]
    rows = list(access_log._chained(sorted(entries), 40, "0" * 64, {7: 70}, random.Random(2)))
    previous = "0" * 64
    for row in rows:
        values = dict(zip(access_log.COLUMNS, row, strict=True)) | dict.fromkeys(access_log.NULL)
        assert values["prev_hash"] == previous
        assert row_digest(SimpleNamespace(**values)) == values["row_hash"]
        previous = values["row_hash"]
    assert [row[4] for row in rows] == [None, 70, None]  # the reader's organisation only


def test_copy_and_executemany_write_the_same_rows(app, monkeypatch):
    """The fast path (COPY, every secondary index set aside) against the plain one."""
    if not _postgresql():
        pytest.skip("COPY is the PostgreSQL path; SQLite always uses executemany")
    indexes_before = _index_definitions()

    def defer_everything(expected, **_kwargs):
        return indexes.deferred(dict.fromkeys(expected, 10**9), minimum=0)

    snapshots = []
    for use_copy in (True, False):
        monkeypatch.setattr(bulk, "USE_COPY", use_copy)
        monkeypatch.setattr(runner, "deferred", defer_everything if use_copy else indexes.deferred)
        savepoint = db.session.begin_nested()
        result = runner.generate(40, seed=5, reads_per_case=4, today=date(2026, 6, 1))
        db.session.flush()
        snapshots.append(_snapshot())
        savepoint.rollback()
        assert result.access_rows >= 40 * 4
    assert _index_definitions() == indexes_before
    copied, executed = snapshots
    assert copied.keys() == executed.keys()
    for name in copied:
        assert copied[name] == executed[name], name
    assert len(copied["access_log"]) >= 40 * 4
    assert len(copied["timeline_event"]) >= 40 * 20


def test_indexes_come_back_as_they_were(app):
    if not _postgresql():
        pytest.skip("indexes are only set aside on PostgreSQL")
    before = _index_definitions()
    with indexes.deferred({access_log.TABLE: 10**9}, minimum=0) as names:
        assert set(names) == {"uq_access_log_row_hash", "ix_access_log_case_id_id",
                              "ix_access_log_event_type", "ix_access_log_occurred_at",
                              "ix_access_log_user_id"}
        assert ("access_log", "pk_access_log") in _names(_index_definitions())
    assert _index_definitions() == before


def test_small_runs_keep_their_indexes(app):
    with indexes.deferred({access_log.TABLE: 1000}) as names:
        assert names == []


def _names(definitions: set[tuple[str, str]]) -> set[tuple[str, str]]:
    return {(table, definition.split(" INDEX ")[1].split(" ON ")[0])
            for table, definition in definitions}
