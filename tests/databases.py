"""Test databases: SQLite by default, PostgreSQL when CASEFLOW_TEST_DATABASE_URL is set.

With pytest-xdist every worker gets databases of its own (suffixed with the worker id), so workers
never share state.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("CASEFLOW_TEST_DATABASE_URL", "")
BACKEND = "postgresql" if POSTGRES_URL else "sqlite"
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
_SQLITE_DIR = Path(tempfile.mkdtemp(prefix=f"caseflow-tests-{WORKER}-"))


def database_url(purpose: str) -> str:
    """A database for one purpose ("main", "live", "migrations", ...), created if needed."""
    if BACKEND == "sqlite":
        if purpose == "main":
            return "sqlite://"  # in memory; Flask-SQLAlchemy shares one connection (StaticPool)
        return f"sqlite:///{_SQLITE_DIR / f'{purpose}.db'}"
    url = make_url(POSTGRES_URL)
    name = f"{url.database or 'caseflow_test'}_{WORKER}_{purpose}".lower()
    _create_postgres_database(url.set(database="postgres").render_as_string(False), name)
    return url.set(database=name).render_as_string(hide_password=False)


def _create_postgres_database(admin_url: str, name: str) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def empty_database(url: str) -> None:
    """Remove every table (and Alembic's version table) so a test starts from nothing."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    if url.startswith("sqlite"):
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
