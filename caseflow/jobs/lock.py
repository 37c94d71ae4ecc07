"""One daily run at a time, across app servers and a manual run beside cron.

PostgreSQL: a session-level advisory lock on a connection of its own, held for the run and gone
with the connection when the process dies. SQLite (one machine, development): a lock row with an
expiry, so a killed run blocks the next one for at most ``EXPIRY``."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import delete, text, update
from sqlalchemy.exc import IntegrityError

from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.jobs.models import JobLock

# An arbitrary 64-bit key of our own ("caseflow daily" in spirit); other apps on the same
# PostgreSQL server pick their own.
ADVISORY_KEY = 7_346_100_226
LOCK_NAME = "daily"
EXPIRY = timedelta(hours=2)


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def daily_lock() -> Iterator[bool]:
    """Yields True when this process holds the lock, False when another run has it."""
    if db.engine.dialect.name == "postgresql":
        with _advisory() as held:
            yield held
    else:
        with _lock_row() as held:
            yield held


@contextmanager
def _advisory() -> Iterator[bool]:
    connection = db.engine.connect()
    try:
        held = bool(connection.scalar(text("SELECT pg_try_advisory_lock(:key)"),
                                      {"key": ADVISORY_KEY}))
        connection.commit()  # the lock is the session's, not the transaction's
        try:
            yield held
        finally:
            if held:
                connection.scalar(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                connection.commit()
    finally:
        connection.close()


@contextmanager
def _lock_row() -> Iterator[bool]:
    holder = _holder()
    held = _take_row(holder)
    try:
        yield held
    finally:
        if held:
            db.session.rollback()
            db.session.execute(delete(JobLock).where(JobLock.name == LOCK_NAME,
                                                     JobLock.holder == holder))
            db.session.commit()


def _take_row(holder: str) -> bool:
    now = utcnow()
    taken = db.session.execute(
        update(JobLock)
        .where(JobLock.name == LOCK_NAME, JobLock.expires_at < now)
        .values(holder=holder, expires_at=now + EXPIRY)
    ).rowcount
    if taken:
        db.session.commit()
        return True
    try:
        db.session.add(JobLock(name=LOCK_NAME, holder=holder, expires_at=now + EXPIRY))
        db.session.commit()
    except IntegrityError:  # another run holds an unexpired row
        db.session.rollback()
        return False
    return True
