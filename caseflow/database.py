"""Database plumbing shared by every domain: UTC timestamps and SQLite connection settings.

SQLite and concurrent requests: in WAL mode readers never wait, but there is one writer at a time.
A transaction that began with ``BEGIN`` (deferred) and has read cannot become a writer once another
connection committed after its first read: SQLite then answers "database is locked" at once
(SQLITE_BUSY_SNAPSHOT), without waiting for the busy timeout. So a request that may write (any
method but GET/HEAD/OPTIONS) starts its transactions with ``BEGIN IMMEDIATE``: it waits (up to
the busy timeout) for the write lock before its first read, and then cannot fail that way. Pages
that only read begin deferred; the one row they write, the access log's, is written in a short
transaction of its own (``begin_write`` below, used by caseflow.audit.services).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy import DateTime, event, func
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """The current time as an aware UTC datetime (the only kind caseflow stores)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always stored and returned as UTC.

    PostgreSQL keeps it as ``timestamptz``; SQLite has no time zones, so it is stored as naive
    UTC and made aware again on the way out. Naive input is refused: it is always a bug.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use caseflow.database.utcnow() or an aware value")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=func.current_timestamp()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, server_default=func.current_timestamp()
    )


SQLITE_BUSY_TIMEOUT_MS = 15_000


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # pysqlite's own transaction handling breaks SAVEPOINTs; let SQLAlchemy emit BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # A writer waits this long for the write lock before "database is locked". 5 s was too short
    # for 16 users on a busy 2-core machine (bench/team.py); a slow answer beats an error page.
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection: Any) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _writes(connection) else "BEGIN")


# An execution option: this connection's next transaction takes the write lock at BEGIN.
SQLITE_IMMEDIATE = "caseflow_sqlite_immediate"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _writes(connection: Any) -> bool:
    if connection.get_execution_options().get(SQLITE_IMMEDIATE):
        return True
    # Commands outside a request (CLI jobs) begin deferred: `audit verify` and exports read for
    # a long time and must not keep every writer waiting.
    return has_request_context() and request.method not in READ_ONLY_METHODS


def begin_write(session: Session, mapper: Any = None) -> None:
    """Start the session's transaction as a writer: ``BEGIN IMMEDIATE`` on SQLite (it waits for
    the write lock up to the busy timeout), a plain transaction elsewhere. Call it when the
    session has no transaction yet (after a commit); otherwise it changes nothing."""
    if session.in_transaction():
        return
    bind_arguments = {"mapper": mapper} if mapper is not None else None
    session.connection(bind_arguments=bind_arguments, execution_options={SQLITE_IMMEDIATE: True})
