import os
import stat
import subprocess
import sys

import pytest

from caseflow import config as config_module
from caseflow import create_app
from caseflow.config import InsecureConfigError
from tests.conftest import TEST_DATA_KEY


def test_create_app_with_test_mapping_in_a_fresh_process():
    """The exact command from the issue works (no instance files or environment needed)."""
    code = (
        "from caseflow import create_app; "
        "create_app({'TESTING': True, 'SQLALCHEMY_DATABASE_URI': 'sqlite://'})"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/")
    assert result.returncode == 0, result.stderr


def test_paths_are_pinned_to_the_repository():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    assert app.template_folder == str(config_module.TEMPLATE_FOLDER)
    assert app.instance_path == str(config_module.INSTANCE_PATH)
    assert app.extensions["migrate"].directory == str(config_module.MIGRATIONS_DIRECTORY)


@pytest.fixture
def tmp_instance(tmp_path, monkeypatch):
    monkeypatch.setattr(config_module, "INSTANCE_PATH", tmp_path)
    for name in list(os.environ):
        if name.startswith("CASEFLOW_"):
            monkeypatch.delenv(name)
    return tmp_path


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_instance):
    first = create_app()
    key_file = tmp_instance / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) >= 32
    assert create_app().config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_instance_config_then_environment(tmp_instance, monkeypatch):
    (tmp_instance / "config.py").write_text(
        "REGION_NAME = 'Testregio'\nSQLALCHEMY_DATABASE_URI = 'sqlite:///uit-instance.db'\n"
    )
    app = create_app()
    assert app.config["REGION_NAME"] == "Testregio"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("uit-instance.db")
    monkeypatch.setenv("CASEFLOW_DATABASE_URL", "sqlite:///uit-omgeving.db")
    monkeypatch.setenv("CASEFLOW_REGION_NAME", "Omgevingsregio")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("uit-omgeving.db")
    assert app.config["REGION_NAME"] == "Omgevingsregio"


def test_test_mapping_replaces_instance_config_and_environment(tmp_instance, monkeypatch):
    (tmp_instance / "config.py").write_text("REGION_NAME = 'Uit instance'\n")
    monkeypatch.setenv("CASEFLOW_REGION_NAME", "Uit omgeving")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["REGION_NAME"] == "Gooi en Vechtstreek"


SAFE_SECRET = "s" * 20 + "0123456789abcdefghijk"
SAFE_AUDIT_KEY = "a" * 20 + "0123456789abcdefghijk"
# An engine is made at start, a connection only on first use: the check needs no server.
PRODUCTION_DB = "postgresql+psycopg://caseflow@127.0.0.1:5432/caseflow_unused"


@pytest.mark.parametrize(
    ("settings", "complaint"),
    [
        ({"DEBUG": True, "SECRET_KEY": SAFE_SECRET, "SESSION_COOKIE_SECURE": True}, "DEBUG"),
        ({"SESSION_COOKIE_SECURE": True}, "CASEFLOW_SECRET_KEY"),
        ({"SECRET_KEY": "kort", "SESSION_COOKIE_SECURE": True}, "korter dan 32"),
        ({"SECRET_KEY": SAFE_SECRET, "SESSION_COOKIE_SECURE": False}, "SESSION_COOKIE_SECURE"),
        ({"SECRET_KEY": SAFE_SECRET, "SESSION_COOKIE_SECURE": True}, "CASEFLOW_AUDIT_KEY"),
        ({"SECRET_KEY": SAFE_SECRET, "SESSION_COOKIE_SECURE": True, "AUDIT_KEY": "kort"},
         "AUDIT_KEY is korter dan 32"),
        ({"SECRET_KEY": SAFE_SECRET, "SESSION_COOKIE_SECURE": True, "AUDIT_KEY": SAFE_SECRET},
         "gelijk aan SECRET_KEY"),
    ],
)
def test_production_refuses_an_insecure_config(settings, complaint):
    with pytest.raises(InsecureConfigError, match=complaint):
        create_app({"ENV": "production", "SQLALCHEMY_DATABASE_URI": PRODUCTION_DB, **settings})


def test_production_from_environment_without_secret_refuses_and_writes_no_key(
    tmp_instance, monkeypatch
):
    monkeypatch.setenv("CASEFLOW_ENV", "production")
    monkeypatch.setenv("CASEFLOW_SESSION_COOKIE_SECURE", "true")
    with pytest.raises(InsecureConfigError, match="CASEFLOW_SECRET_KEY"):
        create_app()
    assert not (tmp_instance / "secret_key").exists()


def test_production_with_a_safe_config_starts(tmp_instance, monkeypatch):
    monkeypatch.setenv("CASEFLOW_ENV", "production")
    monkeypatch.setenv("CASEFLOW_SECRET_KEY", SAFE_SECRET)
    monkeypatch.setenv("CASEFLOW_AUDIT_KEY", SAFE_AUDIT_KEY)
    monkeypatch.setenv("CASEFLOW_SESSION_COOKIE_SECURE", "true")
    monkeypatch.setenv("CASEFLOW_DATABASE_URL", PRODUCTION_DB)
    monkeypatch.setenv("CASEFLOW_DATA_KEY", TEST_DATA_KEY)
    app = create_app()
    assert app.config["ENV"] == "production"
    assert app.config["AUDIT_KEY"] == SAFE_AUDIT_KEY
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_audit_key_is_generated_once_into_the_instance_folder_outside_production(tmp_instance):
    from caseflow.audit.anchors import audit_key

    app = create_app()
    assert not (tmp_instance / "audit_key").exists()  # only on first use
    with app.app_context():
        first = audit_key()
    key_file = tmp_instance / "audit_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and len(first) >= 32
    with create_app().app_context():
        assert audit_key() == first
    assert [p.name for p in tmp_instance.iterdir() if p.name.startswith(".audit_key")] == []


@pytest.mark.parametrize("name", ["Production", "prod", "PRODUCTION", "dev", "staging", ""])
def test_an_unknown_environment_name_refuses_to_start(tmp_instance, monkeypatch, name):
    monkeypatch.setenv("CASEFLOW_ENV", name)
    with pytest.raises(InsecureConfigError, match="CASEFLOW_ENV=production of CASEFLOW_ENV=dev"):
        create_app()


@pytest.mark.parametrize("value", ["False", "True", "0", "1", "nee", "yes", "\"false\""])
def test_a_switch_that_is_not_true_or_false_refuses_to_start(tmp_instance, monkeypatch, value):
    monkeypatch.setenv("CASEFLOW_SESSION_COOKIE_SECURE", value)
    with pytest.raises(InsecureConfigError, match="schrijf true of false"):
        create_app()


def test_a_switch_written_true_or_false_is_read_as_such(tmp_instance, monkeypatch):
    monkeypatch.setenv("CASEFLOW_SESSION_COOKIE_SECURE", "false")
    monkeypatch.setenv("CASEFLOW_WTF_CSRF_ENABLED", "true")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is False and app.config["WTF_CSRF_ENABLED"] is True


def _production_environment(monkeypatch) -> None:
    monkeypatch.setenv("CASEFLOW_ENV", "production")
    monkeypatch.setenv("CASEFLOW_DATA_KEY", TEST_DATA_KEY)
    monkeypatch.setenv("CASEFLOW_SECRET_KEY", SAFE_SECRET)
    monkeypatch.setenv("CASEFLOW_AUDIT_KEY", SAFE_AUDIT_KEY)
    monkeypatch.setenv("CASEFLOW_SESSION_COOKIE_SECURE", "true")


def test_production_without_a_database_url_refuses_and_makes_no_sqlite_file(
    tmp_instance, monkeypatch
):
    _production_environment(monkeypatch)
    monkeypatch.delenv("CASEFLOW_DATABASE_URL", raising=False)
    with pytest.raises(InsecureConfigError, match="geen CASEFLOW_DATABASE_URL"):
        create_app()
    assert not list(tmp_instance.glob("*.db"))


def test_production_on_sqlite_refuses(tmp_instance, monkeypatch):
    _production_environment(monkeypatch)
    monkeypatch.setenv("CASEFLOW_DATABASE_URL", f"sqlite:///{tmp_instance}/caseflow.db")
    with pytest.raises(InsecureConfigError, match="geen PostgreSQL"):
        create_app()


def test_demo_refuses_in_production(tmp_instance, monkeypatch):
    _production_environment(monkeypatch)
    monkeypatch.setenv("CASEFLOW_DATABASE_URL", PRODUCTION_DB)
    app = create_app()
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0 and "weigert in productie" in result.output


@pytest.mark.parametrize("key", [None, "geen-sleutel", f"{TEST_DATA_KEY},kort"])
def test_production_refuses_a_missing_or_malformed_data_key(tmp_instance, monkeypatch, key):
    _production_environment(monkeypatch)
    monkeypatch.setenv("CASEFLOW_DATABASE_URL", PRODUCTION_DB)
    if key is None:
        monkeypatch.delenv("CASEFLOW_DATA_KEY")
    else:
        monkeypatch.setenv("CASEFLOW_DATA_KEY", key)
    with pytest.raises(InsecureConfigError, match="CASEFLOW_DATA_KEY"):
        create_app()
    assert not (tmp_instance / "data_key").exists()


def test_outside_production_a_data_key_is_generated_once_with_mode_0600(tmp_instance):
    from caseflow.auth.data_key import seal, unseal

    with create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).app_context():
        sealed = seal("JBSWY3DPEHPK3PXP")
    key_file = tmp_instance / "data_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    with create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).app_context():
        assert unseal(sealed) == "JBSWY3DPEHPK3PXP"
