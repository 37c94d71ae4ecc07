"""Fixtures in the manner of Flask's tutorial: ``app``, ``client``, ``runner``, ``auth``, plus
``count_queries`` and a committing ``live_app``/``live_server`` for browser and concurrency tests.

Each test runs inside a transaction that is rolled back afterwards (the schema is built once per
session), on SQLite or — with CASEFLOW_TEST_DATABASE_URL — on PostgreSQL.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession
from sqlalchemy import event, update
from werkzeug.serving import make_server

from caseflow import create_app
from caseflow.auth.models import Role, User
from caseflow.extensions import db
from tests.databases import BACKEND, database_url, empty_database
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import csrf_token
from tests.lazy_guard import install as install_lazy_guard

_ANCHOR_DIR = Path(tempfile.mkdtemp(prefix="caseflow-anchors-"))
install_lazy_guard()  # a lazy load that runs SQL fails the test (tests/lazy_guard.py)


# A fixed Fernet key for the TOTP secrets (caseflow/auth/data_key.py): no file in instance/.
TEST_DATA_KEY = "I3gaa7r7N_84DRvGP6gDFllXpFvWCKd2k3uDDR2oDJo="


def make_test_config(url: str, **extra: Any) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production-0123456789",
        "SQLALCHEMY_DATABASE_URI": url,
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8,
        "ARGON2_PARALLELISM": 1,
        # Anchors: a test key; no checkpoint by row id (query counts would then depend on where
        # the id sequence stands; tests/test_audit_anchors.py turns it on); no file in instance/.
        "AUDIT_KEY": "test-audit-key-not-for-production-0123456789",
        "DATA_KEY": TEST_DATA_KEY,
        "AUDIT_CHECKPOINT_EVERY": 0,
        "AUDIT_ANCHOR_FILE": str(_ANCHOR_DIR / "audit-anchors.log"),
        **extra,
    }


def pytest_report_header() -> str:
    return f"caseflow test database backend: {BACKEND}"


class TestTransactionSession(FlaskSQLAlchemySession):
    """Flask-SQLAlchemy picks its engine per table; in tests everything goes through the one
    connection whose outer transaction is rolled back after the test."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None and self.bind is not None:
            return self.bind
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


def fresh_app(purpose: str, **config: Any) -> Flask:
    """An app on its own, emptied database for ``purpose``, with the schema created: for the
    session's app and for tests that hand a database to real server processes."""
    url = database_url(purpose)
    empty_database(url)
    app = create_app(make_test_config(url, **config))
    with app.app_context():
        db.create_all()
    return app


def unmigrated_app(purpose: str) -> Iterator[Flask]:
    """An app on its own emptied database WITHOUT a schema, for migration tests (they run
    ``upgrade``/``downgrade`` themselves); the database is emptied again afterwards. Use as the
    body of a fixture: ``yield from unmigrated_app("name")``."""
    url = database_url(purpose)
    empty_database(url)
    app = create_app(make_test_config(url))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    empty_database(url)


@pytest.fixture(scope="session")
def _session_app() -> Iterator[Flask]:
    app = fresh_app("main")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(_session_app: Flask) -> Iterator[Flask]:
    """The app, with every database change of the test rolled back at its end."""
    app = _session_app
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original_session = db.session
        db.session = db._make_scoped_session(
            {
                "class_": TestTransactionSession,
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
            }
        )
        try:
            yield app
        finally:
            db.session.remove()
            db.session = original_session
            transaction.rollback()
            connection.close()


class RequestIsolatingClient(FlaskClient):
    """Each request gets a fresh app context (and so its own ``g`` and database session), as in
    production, even though the test itself keeps an app context open for factories."""

    def open(self, *args: Any, **kwargs: Any):
        # The test's own writes are flushed, never committed: their pending risk recompute
        # (risk.hooks, run just before commit) runs now, as a commit would have run it.
        from caseflow.risk.hooks import recompute_pending

        recompute_pending(db.session())
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = RequestIsolatingClient
    return app.test_client()


class ContextIsolatingCliRunner(FlaskCliRunner):
    """Commands run in an app context (and database session) of their own, as from a shell."""

    def invoke(self, *args: Any, **kwargs: Any):
        with self.app.app_context():
            return super().invoke(*args, **kwargs)


@pytest.fixture
def runner(app: Flask):
    app.test_cli_runner_class = ContextIsolatingCliRunner
    return app.test_cli_runner()


@dataclass
class AuthActions:
    client: FlaskClient
    users: dict[str, User] = field(default_factory=dict)

    def user(self, role: Role | str = Role.VOORZITTER, **kwargs: Any) -> User:
        return UserFactory(role=str(role), **kwargs)

    def login(
        self,
        role: Role | str = Role.VOORZITTER,
        *,
        user: User | None = None,
        password: str = DEFAULT_PASSWORD,
    ):
        """Log in through the real login form, as an existing user or a new one with ``role``."""
        if user is None:
            user = self.user(role)
        token = csrf_token(self.client, "/login")
        response = self.client.post(
            "/login", data={"csrf_token": token, "email": user.email, "password": password}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        if response.headers["Location"] == "/login/tweede-stap":
            response = self.second_factor(user)
            assert response.status_code == 302, response.get_data(as_text=True)
        self.users[user.email] = user
        return user

    def second_factor(self, user: User):
        """Answer the TOTP step with the current code (a test may log in twice in one window)."""
        db.session.execute(update(User).where(User.id == user.id).values(totp_last_step=None))
        token = csrf_token(self.client, "/login/tweede-stap")
        code = pyotp.TOTP(user.totp_secret).now()
        return self.client.post("/login/tweede-stap", data={"csrf_token": token, "code": code})

    def logout(self):
        token = csrf_token(self.client, "/")
        return self.client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def chair_client(client: FlaskClient, auth: AuthActions) -> FlaskClient:
    """A client logged in as the RET chair (voorzitter)."""
    auth.login(Role.VOORZITTER)
    return client


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def count_queries(app: Flask):
    """``with count_queries() as queries: ...`` then ``len(queries)``: the SQL the block ran."""

    @contextmanager
    def counter() -> Iterator[list[str]]:
        statements: list[str] = []
        # the setup's own writes: their risk recompute (run before commit) is not the block's
        from caseflow.risk.hooks import recompute_pending

        recompute_pending(db.session())

        def record(_conn, _cursor, statement, *_args):
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
                statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counter


# --- committing databases: for a live server in a thread and for concurrent sessions ----------


@pytest.fixture
def live_app() -> Iterator[Flask]:
    """An app on a database of its own where commits are real; emptied before every test."""
    url = database_url("live")
    empty_database(url)
    app = create_app(make_test_config(url, WTF_CSRF_TIME_LIMIT=None))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def demo_server():
    """A live server on the demo region, shared by the accessibility check and the journeys."""
    from tests.browser_pages import demo_server_session

    yield from demo_server_session()


@pytest.fixture(autouse=True)
def _shared_servers_back_in_dutch(request):
    """Accounts on the shared live servers (``demo_server``, ``wcag_server``) keep their
    language on the account: a test that switched to English and failed before switching back
    would leave every later test on that server in English. After each test, all back to the
    default (Dutch)."""
    yield
    for name in ("demo_server", "wcag_server"):
        if name not in request.fixturenames:
            continue
        server = request.getfixturevalue(name)
        with server.app.app_context():
            from caseflow.auth.models import User

            db.session.execute(update(User).where(User.locale.is_not(None)).values(locale=None))
            db.session.commit()
            db.session.remove()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    # generous: CI shares two cores between two test workers and their live servers; a wait
    # that ends early is no faster test, and a slow answer is no failure of the page
    page.set_default_timeout(30_000)
    pytest.importorskip("playwright.sync_api").expect.set_options(timeout=30_000)
    yield page
    context.close()
