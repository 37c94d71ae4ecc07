"""Schema changes go through Alembic only: upgrading an empty database must give the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from caseflow.extensions import db
from tests.conftest import unmigrated_app


@pytest.fixture
def migration_app():
    yield from unmigrated_app("migrations")


def _drift(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_of_an_empty_database_equals_the_models(migration_app):
    with migration_app.app_context():
        upgrade()
    assert _drift(migration_app) == []


def test_downgrade_to_base_and_upgrade_again(migration_app):
    with migration_app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()
        assert "user_account" in inspect(db.engine).get_table_names()


def test_flask_db_upgrade_command(migration_app):
    result = migration_app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert _drift(migration_app) == []
