"""The operator's guide's backup → restore → ``audit verify`` drill (section 4), with the real
``pg_dump``/``pg_restore``/``psql`` and the real ``flask`` command in a process of its own: verify
passes on a complete restore and names the missing tail of one that lacks it."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from caseflow.audit.anchors import write_checkpoint
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import log_access
from caseflow.extensions import db
from tests.conftest import make_test_config
from tests.databases import BACKEND

pytestmark = pytest.mark.skipif(
    BACKEND != "postgresql",
    reason="the drill restores a PostgreSQL dump (pg_dump/pg_restore); SQLite backs up as a file",
)
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120  # seconds for one client program; a hang fails the test instead of blocking it


def _binary(name: str) -> str:
    """From the PATH, else the newest ``/usr/lib/postgresql/*/bin`` (Debian keeps them there)."""
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        pytest.fail(f"{name} not found on PATH or in /usr/lib/postgresql/*/bin")
    return found


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as libpq reads it (no ``+psycopg``)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert result.returncode == 0, f"{args[0]}: {result.stderr}"
    return result


def _psql(url: str, sql: str) -> None:
    _run(_binary("psql"), "-v", "ON_ERROR_STOP=1", "--quiet", _libpq(url), "-c", sql)


def _verify(url: str, anchor_file: Path) -> subprocess.CompletedProcess[str]:
    """``flask --app caseflow audit verify --anchor-file …`` against ``url``, as in the guide."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CASEFLOW_")}
    config = make_test_config(url)
    environment.update(
        CASEFLOW_DATABASE_URL=url,
        CASEFLOW_SECRET_KEY=config["SECRET_KEY"],
        CASEFLOW_AUDIT_KEY=config["AUDIT_KEY"],
        PYTHONPATH=str(ROOT),
    )
    command = [sys.executable, "-m", "flask", "--app", "caseflow", "audit", "verify",
               "--anchor-file", str(anchor_file)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=environment,
                          timeout=TIMEOUT, check=False)


@pytest.fixture
def restore_url(live_app):
    """A fresh, empty database next to the live one, dropped afterwards."""
    live = make_url(live_app.config["SQLALCHEMY_DATABASE_URI"])
    url = live.set(database=f"{live.database}_restore").render_as_string(hide_password=False)
    admin = live.set(database="postgres").render_as_string(hide_password=False)
    drop = f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'
    _psql(admin, drop)
    _psql(admin, f'CREATE DATABASE "{make_url(url).database}"')
    yield url
    _psql(admin, drop)


def test_backup_restore_verify_drill(live_app, restore_url, tmp_path):
    anchors = tmp_path / "audit-anchors.log"
    live_app.config.update(AUDIT_ANCHOR_FILE=str(anchors), AUDIT_CHECKPOINT_EVERY=4)
    with live_app.app_context():
        for number in range(1, 10):
            log_access(AuditEvent.READ, case_id=number, object_type="case", object_id=number)
            db.session.commit()
        write_checkpoint()  # the nightly `audit checkpoint`
        db.session.commit()
        db.session.remove()
    assert len(anchors.read_text().splitlines()) >= 3  # ids 4 and 8 (at least), and the command

    # The nightly backup: the anchor file first, then the dump.
    backup_anchors = tmp_path / "audit-anchors-2026-11-25.log"
    shutil.copy(anchors, backup_anchors)
    dump = tmp_path / "caseflow-2026-11-25.dump"
    live_url = live_app.config["SQLALCHEMY_DATABASE_URI"]
    _run(_binary("pg_dump"), "--format=custom", f"--file={dump}", _libpq(live_url))

    # The drill: restore into the fresh database, verify against the copy made with the dump.
    _run(_binary("pg_restore"), "--exit-on-error", f"--dbname={_libpq(restore_url)}", str(dump))
    result = _verify(restore_url, backup_anchors)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Toegangslogboek in orde: 9 regels" in result.stdout
    assert "ankerregels kloppen" in result.stdout and " 0 ankerregels" not in result.stdout

    # A restore that lacks the log's tail (rows and their checkpoints) is refused, and says so.
    _psql(restore_url, "SET session_replication_role = replica; "
          "DELETE FROM audit_checkpoint WHERE head_id > 5; DELETE FROM access_log WHERE id > 5")
    result = _verify(restore_url, backup_anchors)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Toegangslogboek BESCHADIGD" in result.stderr
    assert "het einde van het logboek is afgekapt: de nieuwste regel is 5" in result.stderr
    assert "ontbreekt in de database (checkpoint verwijderd)" in result.stderr
