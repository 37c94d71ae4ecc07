"""The app's database role must not be able to cut the access log short: a one-line warning when
it owns the table (or is a superuser, a member of the owner, or may delete), none with the
operator's guide's separate owner and grants, which are run here as the guide prints them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from caseflow import create_app
from caseflow.audit.models import AuditEvent
from caseflow.audit.ownership import owner_warning
from caseflow.audit.services import log_access
from caseflow.extensions import db
from tests.conftest import make_test_config
from tests.databases import BACKEND, WORKER, database_url, empty_database

pytestmark = pytest.mark.skipif(
    BACKEND != "postgresql", reason="roles, owners and grants: PostgreSQL (SQLite has none)"
)
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "operator-guide.md"


def _guide_grants(app_role: str) -> list[str]:
    """The guide's ``caseflow-grants.sql`` block, for this test's own app role."""
    blocks = re.findall(r"```sql\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    (block,) = [b for b in blocks if "caseflow-grants.sql" in b]
    sql = re.sub(r"\b(TO|FROM) caseflow\b", rf'\1 "{app_role}"', block)
    lines = [line for line in sql.splitlines() if line and not line.startswith("--")]
    return [statement.strip() for statement in " ".join(lines).split(";") if statement.strip()]


@pytest.fixture
def roles(app):
    """An owner role and an app role, created in the test's transaction (rolled back after it,
    so nothing is left in the cluster); names carry the xdist worker so workers don't collide."""
    owner, app_role = f"caseflow_t_owner_{WORKER}", f"caseflow_t_app_{WORKER}"
    for role in (owner, app_role):
        db.session.execute(text(f'CREATE ROLE "{role}" NOLOGIN'))
    for table in ("access_log", "audit_checkpoint"):
        db.session.execute(text(f'ALTER TABLE {table} OWNER TO "{owner}"'))
    # The tests' schema is made anew (DROP/CREATE SCHEMA), without PostgreSQL's default USAGE.
    db.session.execute(text(f'GRANT USAGE ON SCHEMA public TO "{app_role}"'))
    yield owner, app_role
    db.session.execute(text("RESET ROLE"))


def test_the_warning_names_the_owner_and_superuser_in_verify(app, runner):
    warning = owner_warning()
    assert warning is not None and warning.startswith("Let op: databaserol 'postgres'")
    assert "is eigenaar van access_log" in warning and "is superuser" in warning
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output  # a warning, not a failure
    assert result.output.count("Let op:") == 1 and "in orde" in result.output


def test_no_warning_with_the_guides_owner_role_and_grants(app, roles):
    _owner, app_role = roles
    for statement in _guide_grants(app_role):
        db.session.execute(text(statement))
    db.session.execute(text(f'SET ROLE "{app_role}"'))
    assert owner_warning() is None
    entry = log_access(AuditEvent.READ, case_id=1)  # the app can append and read ...
    db.session.flush()
    assert db.session.scalar(text("SELECT count(*) FROM access_log WHERE id = :id"),
                             {"id": entry.id}) == 1
    for statement in ("DELETE FROM access_log", "ALTER TABLE access_log DISABLE TRIGGER USER",
                      "SET session_replication_role = replica", "TRUNCATE access_log"):
        refused = pytest.raises(DBAPIError, match="permission denied|must be owner")
        with refused, db.session.begin_nested():  # ... but nothing more
            db.session.execute(text(statement))
    db.session.execute(text("RESET ROLE"))  # the same role, once it may delete, is warned about
    db.session.execute(text(f'GRANT DELETE ON access_log TO "{app_role}"'))
    db.session.execute(text(f'SET ROLE "{app_role}"'))
    assert "mag DELETE op access_log" in (owner_warning() or "")


@pytest.mark.parametrize(
    ("grant", "named"),
    [("GRANT DELETE ON access_log TO {app}", "mag DELETE op access_log"),
     ("GRANT {owner} TO {app}", "is lid van de eigenaar van access_log")],
)
def test_the_warning_names_a_role_that_may_delete_or_act_as_owner(app, roles, grant, named):
    owner, app_role = roles
    db.session.execute(text(f'GRANT SELECT, INSERT ON access_log TO "{app_role}"'))
    db.session.execute(text(grant.format(owner=f'"{owner}"', app=f'"{app_role}"')))
    db.session.execute(text(f'SET ROLE "{app_role}"'))
    warning = owner_warning()
    assert warning is not None and named in warning and "superuser" not in warning


def test_db_upgrade_as_the_owner_role_as_the_guide_says(monkeypatch):
    """``PGOPTIONS='-c role=caseflow_owner' … db upgrade``: every table, and the append-only
    trigger function, belong to the owner role, not to the login that ran the migrations."""
    owner = f"caseflow_t_migration_owner_{WORKER}"
    url = database_url("owner")
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP ROLE IF EXISTS "{owner}"'))
        connection.execute(text(f'CREATE ROLE "{owner}" NOLOGIN'))
    try:
        empty_database(url)
        database = create_engine(url, isolation_level="AUTOCOMMIT")
        with database.connect() as connection:
            connection.execute(text(f'ALTER SCHEMA public OWNER TO "{owner}"'))
        monkeypatch.setenv("PGOPTIONS", f"-c role={owner}")
        migrated = create_app(make_test_config(url))
        with migrated.app_context():
            upgrade()
            db.engine.dispose()
        monkeypatch.delenv("PGOPTIONS")
        with database.connect() as connection:
            owners = set(connection.scalars(text(
                "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")))
            function_owner = connection.scalar(text(
                "SELECT pg_get_userbyid(proowner) FROM pg_proc "
                "WHERE proname = 'access_log_append_only'"))
        database.dispose()
        assert owners == {owner} and function_owner == owner
    finally:
        with admin.connect() as connection:
            connection.execute(text(
                f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
            connection.execute(text(f'DROP ROLE IF EXISTS "{owner}"'))
        admin.dispose()
