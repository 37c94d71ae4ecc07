"""Configuration: defaults here, then `instance/config.py`, then `CASEFLOW_*` environment variables.

A test mapping passed to ``create_app`` replaces the last two, so tests never read a developer's
instance folder or environment.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_PATH = REPO_ROOT / "instance"
TEMPLATE_FOLDER = REPO_ROOT / "templates"
MIGRATIONS_DIRECTORY = REPO_ROOT / "migrations"

# A file name, not a secret:
SECRET_KEY_FILE = "secret_key"  # nosec B105
AUDIT_KEY_FILE = "audit_key"
DATA_KEY_FILE = "data_key"
AUDIT_ANCHOR_FILE = "audit-anchors.log"
MIN_PRODUCTION_SECRET_LENGTH = 32


class DefaultConfig:
    ENV = "development"
    REGION_CODE = "GV"
    REGION_NAME = "Gooi en Vechtstreek"
    SQLALCHEMY_DATABASE_URI = "sqlite:///caseflow.db"  # relative to the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = {"nl": "Nederlands", "en": "English"}
    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BOOTSWATCH_THEME = None
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # local http; the production check demands True
    REMEMBER_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = 10 * 3600
    # Argon2id cost; tests lower it (hashing is deliberately slow).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 2
    PASSWORD_MIN_LENGTH = 12
    # Jeugdwet: case files are kept 20 years after closing; a region may set a shorter period.
    RETENTION_YEARS = 20
    # Sessions: 30 minutes idle, 10 hours in all; a login's second step must follow within 5 min.
    SESSION_IDLE_TIMEOUT = 30 * 60
    SESSION_ABSOLUTE_TIMEOUT = 10 * 3600
    PENDING_LOGIN_SECONDS = 5 * 60
    # Login throttling (kept in the database): more failures than this in the window → 429, for
    # one account from one address, one account from anywhere, one address across accounts.
    LOGIN_MAX_FAILURES = 5
    LOGIN_MAX_ACCOUNT_FAILURES = 10
    LOGIN_MAX_ADDRESS_FAILURES = 50
    LOGIN_THROTTLE_SECONDS = 15 * 60
    PASSWORD_RESET_SECONDS = 24 * 3600
    # Break-glass (noodtoegang): a grant reads one case for this long; at most this many requests
    # per user in 24 hours (a brake on guessing references). A closed case is archived after
    # ARCHIVE_AFTER_DAYS and then opens only through break-glass (caseflow/cases/archive.py).
    BREAK_GLASS_MAX_SECONDS = 24 * 3600
    BREAK_GLASS_PER_DAY = 5
    ARCHIVE_AFTER_DAYS = 365
    # Number of reverse proxies in front of caseflow whose X-Forwarded-For/-Proto to trust.
    TRUSTED_PROXY_COUNT = 0
    HSTS_SECONDS = 365 * 24 * 3600
    # The access log's anchors (caseflow/audit/anchors.py): an HMAC key that is not in the
    # database (CASEFLOW_AUDIT_KEY; outside production generated into instance/audit_key), a
    # checkpoint every N rows (0: only `flask audit checkpoint`), and one line per checkpoint
    # appended to a file (default instance/audit-anchors.log) and, when set, sent to syslog
    # ("/dev/log", "host:port" for UDP, or true for /dev/log).
    AUDIT_KEY: str | None = None
    AUDIT_CHECKPOINT_EVERY = 1000
    AUDIT_ANCHOR_FILE: str | None = None
    AUDIT_SYSLOG: str | bool | None = None
    # The key that seals secrets at rest (TOTP secrets; caseflow/auth/data_key.py): never in the
    # database; outside production generated into instance/data_key.
    DATA_KEY: str | None = None
    # Logs: "json" (default in production) or "text" (default elsewhere); caseflow/observability.py.
    LOG_FORMAT: str | None = None
    # /metrics: with a token, only to "Authorization: Bearer <token>"; without, only from the
    # machine itself (127.0.0.1 / ::1 as the app sees it, before any trusted proxy).
    METRICS_TOKEN: str | None = None


ENVIRONMENTS = ("production", "development")
BOOLEAN_ENV_VALUES = {"true": True, "false": False}
# Flask's own switches that a CASEFLOW_ variable may set, beside DefaultConfig's booleans.
FLASK_BOOLEANS = ("DEBUG", "TESTING", "PROPAGATE_EXCEPTIONS", "TEMPLATES_AUTO_RELOAD",
                  "SESSION_REFRESH_EACH_REQUEST", "USE_X_SENDFILE", "WTF_CSRF_ENABLED",
                  "WTF_CSRF_SSL_STRICT", "REMEMBER_COOKIE_SECURE", "SQLALCHEMY_ECHO")


class InsecureConfigError(RuntimeError):
    """Raised when ``CASEFLOW_ENV=production`` is combined with an unsafe setting."""


class ConfigValueError(InsecureConfigError):
    """A setting whose value caseflow cannot read for certain; it refuses rather than guess."""


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.from_object(DefaultConfig)
    app.config["CASEFLOW_SECRET_EXPLICIT"] = False
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        if app.config.get("SECRET_KEY"):
            app.config["CASEFLOW_SECRET_EXPLICIT"] = True
        default_database = DefaultConfig.SQLALCHEMY_DATABASE_URI
        database_explicit = app.config["SQLALCHEMY_DATABASE_URI"] != default_database
        _load_environment(app)
        database_explicit = database_explicit or _database_from_environment()
    else:
        app.config.update(test_config)
        app.config["CASEFLOW_SECRET_EXPLICIT"] = bool(test_config.get("SECRET_KEY"))
        database_explicit = "SQLALCHEMY_DATABASE_URI" in test_config
    app.config["CASEFLOW_DATABASE_EXPLICIT"] = database_explicit
    _check_environment_name(app.config.get("ENV"))
    # Production must be given its key explicitly (checked later); elsewhere make one on first run.
    if not app.config.get("SECRET_KEY") and app.config.get("ENV") != "production":
        app.config["SECRET_KEY"] = _instance_secret_key(app)


def _load_environment(app: Flask) -> None:
    if os.environ.get("CASEFLOW_SECRET_KEY"):
        app.config["CASEFLOW_SECRET_EXPLICIT"] = True
    _check_boolean_variables(app)
    # CASEFLOW_FOO=bar sets FOO; JSON values (true, 5, "x") are decoded by Flask.
    app.config.from_prefixed_env(prefix="CASEFLOW")
    if "DATABASE_URL" in app.config:
        app.config["SQLALCHEMY_DATABASE_URI"] = app.config.pop("DATABASE_URL")


def _database_from_environment() -> bool:
    return bool(os.environ.get("CASEFLOW_DATABASE_URL")
                or os.environ.get("CASEFLOW_SQLALCHEMY_DATABASE_URI"))


def _check_environment_name(env: Any) -> None:
    """`Production` or `prod` must not quietly mean development: only the two names are read."""
    if env not in ENVIRONMENTS:
        raise ConfigValueError(
            f"caseflow weigert te starten: CASEFLOW_ENV={env!r} is onbekend; "
            "zet CASEFLOW_ENV=production of CASEFLOW_ENV=development (kleine letters)."
        )


def _check_boolean_variables(app: Flask) -> None:
    """A switch is `true` or `false`; "False", "0" or "nee" would otherwise be read as on.

    Flask decodes CASEFLOW_ values as JSON and keeps any other text as a (truthy) string.
    """
    switches = {name for name, value in vars(DefaultConfig).items() if isinstance(value, bool)}
    switches.update(name for name, value in app.config.items() if isinstance(value, bool))
    switches.update(FLASK_BOOLEANS)
    wrong = [
        f"CASEFLOW_{name}={os.environ[f'CASEFLOW_{name}']!r}"
        for name in sorted(switches)
        if f"CASEFLOW_{name}" in os.environ
        and os.environ[f"CASEFLOW_{name}"] not in BOOLEAN_ENV_VALUES
    ]
    if wrong:
        raise ConfigValueError(
            "caseflow weigert te starten: " + ", ".join(wrong)
            + " is geen geldige waarde; schrijf true of false (kleine letters)."
        )


def _instance_secret_key(app: Flask) -> str:
    """Read the generated key from the instance folder, creating it on first run."""
    return instance_key(app.instance_path, SECRET_KEY_FILE)


def instance_audit_key(instance_path: str) -> str:
    """The generated audit key from the instance folder, created on first use outside production."""
    return instance_key(instance_path, AUDIT_KEY_FILE)


def instance_key(folder: str, name: str, make: Callable[[], str] | None = None) -> str:
    """A generated key in the instance folder (mode 0600), made once however many workers start.

    The key is written to a temporary file and linked into place, so a reader sees either no file
    or the whole key, and the loser of the race reads the winner's.
    """
    path = Path(folder) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write((make() if make else secrets.token_urlsafe(48)) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text().strip()


def check_production_config(config: dict[str, Any]) -> None:
    """Refuse to start a production instance with a setting that is unsafe for children's data."""
    if config.get("ENV") != "production":
        return
    problems = []
    if config.get("DEBUG"):
        problems.append("DEBUG staat aan")
    if config.get("TESTING"):
        problems.append("TESTING staat aan")
    secret = config.get("SECRET_KEY") or ""
    if not config.get("CASEFLOW_SECRET_EXPLICIT"):
        problems.append("geen CASEFLOW_SECRET_KEY (of SECRET_KEY in instance/config.py) ingesteld")
    elif len(secret) < MIN_PRODUCTION_SECRET_LENGTH:
        problems.append(f"SECRET_KEY is korter dan {MIN_PRODUCTION_SECRET_LENGTH} tekens")
    if config.get("SESSION_COOKIE_SECURE") is not True:
        problems.append("SESSION_COOKIE_SECURE staat uit (zet CASEFLOW_SESSION_COOKIE_SECURE=true:"
                        " cookies alleen via https)")
    problems.extend(_database_problems(config))
    problems.extend(_audit_key_problems(config))
    problems.extend(_data_key_problems(config))
    if problems:
        raise InsecureConfigError(
            "caseflow weigert te starten in productie: " + "; ".join(problems) + "."
        )


def _database_problems(config: dict[str, Any]) -> list[str]:
    """Production runs on PostgreSQL named by hand, never on an SQLite file made by default."""
    url = str(config.get("SQLALCHEMY_DATABASE_URI") or "")
    if not config.get("CASEFLOW_DATABASE_EXPLICIT"):
        return ["geen CASEFLOW_DATABASE_URL ingesteld (zet de PostgreSQL-database, bijvoorbeeld"
                " postgresql+psycopg://caseflow@/caseflow)"]
    if not url.startswith("postgresql"):
        return ["CASEFLOW_DATABASE_URL is geen PostgreSQL-database (productie draait op"
                " PostgreSQL: postgresql+psycopg://...)"]
    return []


def _data_key_problems(config: dict[str, Any]) -> list[str]:
    key = str(config.get("DATA_KEY") or "")
    if not key:
        return ["geen CASEFLOW_DATA_KEY ingesteld (de sleutel die de TOTP-geheimen versleutelt;"
                " maak er een met: python3 -c 'from cryptography.fernet import Fernet;"
                " print(Fernet.generate_key().decode())')"]
    from cryptography.fernet import Fernet

    for part in key.split(","):
        try:
            Fernet(part.strip().encode("ascii"))
        except (ValueError, TypeError, UnicodeError):
            return ["CASEFLOW_DATA_KEY is geen geldige Fernet-sleutel (32 bytes, url-safe base64;"
                    " meerdere sleutels gescheiden door komma's)"]
    return []


def _audit_key_problems(config: dict[str, Any]) -> list[str]:
    """The access log's anchors are only worth something with a key of their own, set by hand."""
    key = str(config.get("AUDIT_KEY") or "")
    if not key:
        return ["geen CASEFLOW_AUDIT_KEY ingesteld (de sleutel voor de ankers van het logboek)"]
    if len(key) < MIN_PRODUCTION_SECRET_LENGTH:
        return [f"AUDIT_KEY is korter dan {MIN_PRODUCTION_SECRET_LENGTH} tekens"]
    if key == config.get("SECRET_KEY"):
        return ["AUDIT_KEY is gelijk aan SECRET_KEY (kies een eigen sleutel)"]
    return []
