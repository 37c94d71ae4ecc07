"""Shared by the accessibility check and the journeys: a live server with the demo region, a
login through the real form, and the list of every GET page a role may open.

The page list comes from ``app.url_map`` and the declared access rules, so a new screen is
picked up without touching this file. URL arguments get values from the data: ``<reference>``
is a case the user may open; ``<thing_id>`` is a row of the model named like the argument (see
``ARGUMENT_MODELS`` for names that differ); a row with a ``case_id`` also decides the case.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
from flask import Flask, url_for
from sqlalchemy import func, select, text
from werkzeug.serving import make_server

from caseflow import create_app
from caseflow.auth.models import Role, User
from caseflow.auth.permissions import (
    AccessRule,
    Former,
    Rule,
    access_rules,
    can_access_case,
    sees_costs,
)
from caseflow.cases.access import visible_cases
from caseflow.cases.models import Case
from caseflow.extensions import db
from tests.conftest import make_test_config
from tests.databases import database_url, empty_database

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
PASSWORD = "toegankelijk-en-tweetalig-2026"
# The demo account used per role (the e-mail's local part in caseflow/demo/region.py).
DEMO_ACCOUNTS = {
    Role.VOORZITTER: "voorzitter",
    Role.PROCESBEGELEIDER: "procesbegeleider",
    Role.PROFESSIONAL: "professional",
    Role.FACILITATOR: "facilitator",
    Role.BEHEERDER: "beheerder",
}
# URL argument names whose model is not simply the CamelCase of the name without "_id".
ARGUMENT_MODELS = {
    "retro_id": "Retrospective",
    "item_id": "AgendaItem",
    "event_id": "TimelineEvent",
    "session_id": "LearningSession",
    "action_id": "MeetingAction",
    "framework_id": "CaseFramework",
    "link_id": "SiblingLink",
    "search_id": "Search",
    "ask_id": "SearchRequest",
}
# Arguments that are not rows: fixed values.
ARGUMENT_VALUES: dict[str, object] = {"key": "instroom", "kind": "precisie"}
# Files, not screens: not checked by axe.
FILE_SUFFIXES = (".svg", ".csv", ".pdf", ".docx", ".zip", ".json", ".png", ".xlsx", ".ics")
# Pages reached only before login, or that are not screens of their own.
NOT_SCREENS = frozenset({"core.healthz", "core.metrics", "core.favicon", "jobs.calendar_feed",
                         "static",
                         "bootstrap.static"})


@dataclass
class Account:
    role: Role
    email: str
    name: str
    totp_secret: str | None


# --- the live server with demo data ------------------------------------------------------------


def _retrospective_data(facilitator: User) -> None:
    """The demo has no retrospectives yet: prepare one on a demo case, owned by the facilitator."""
    try:
        from caseflow.retrospectives.models import Retrospective
        from tests import retro_helpers
    except ImportError:  # pragma: no cover - package not there
        return
    if db.session.scalar(select(func.count()).select_from(Retrospective)):
        return
    case = retro_helpers.case_with_history(pseudonym="Merel")
    session = retro_helpers.learning_session(facilitator)
    retro_helpers.prepared(case, owner=facilitator, session=session)


def demo_app(purpose: str) -> Flask:
    """An app on a database of its own, filled with the demo region; every demo account gets
    ``PASSWORD`` and an enrolled TOTP secret where the role needs one."""
    from caseflow.auth.passwords import hash_password
    from caseflow.demo import load_demo
    from caseflow.risk.hooks import suspended
    from caseflow.risk.services import recompute

    url = database_url(purpose)
    empty_database(url)
    cache = os.environ.get("CASEFLOW_TEST_DEMO_CACHE")  # developers: reuse a loaded SQLite demo
    if cache and url.startswith("sqlite:///") and Path(cache).is_file():
        shutil.copyfile(cache, url.removeprefix("sqlite:///"))
        return create_app(make_test_config(url, WTF_CSRF_TIME_LIMIT=None))
    app = create_app(make_test_config(url, WTF_CSRF_TIME_LIMIT=None))
    with app.app_context():
        db.create_all()
        with suspended():  # no risk recompute per flush while loading; one recompute after
            load_demo()
        recompute()
        password_hash = hash_password(PASSWORD)
        for user in db.session.scalars(select(User)):
            user.password_hash = password_hash
            if user.role in (Role.VOORZITTER.value, Role.BEHEERDER.value):
                user.totp_secret = pyotp.random_base32()
                user.totp_enabled_at = func.now()
        facilitator = db.session.scalar(
            select(User).where(User.email.startswith(DEMO_ACCOUNTS[Role.FACILITATOR] + "@"))
        )
        _retrospective_data(facilitator)
        db.session.commit()
        if cache and url.startswith("sqlite:///"):
            db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    if cache and url.startswith("sqlite:///"):
        shutil.copyfile(url.removeprefix("sqlite:///"), cache)
    return app


@dataclass
class LiveServer:
    app: Flask
    url: str

    def account(self, role: Role) -> Account:
        """The demo account of ``role``; its last TOTP step is forgotten so that a second login
        within the same 30 seconds (another test on this server) is not refused as a replay."""
        with self.app.app_context():
            user = self.user(role)
            user.totp_last_step = None
            db.session.commit()
            account = Account(role, user.email, user.name, user.totp_secret)
            db.session.remove()
            return account

    def user(self, role: Role) -> User:
        """The demo account of ``role`` (call inside an app context)."""
        prefix = DEMO_ACCOUNTS[role] + "@"
        return db.session.scalar(select(User).where(User.email.startswith(prefix)))


def demo_server_session() -> Iterator[LiveServer]:
    """For the session-scoped ``demo_server`` fixture (tests/conftest.py): loading the demo takes
    a while, so the accessibility check and the journeys share one server per worker."""
    yield from serve(demo_app("demo_browser"))


def serve(app: Flask) -> Iterator[LiveServer]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


# --- logging in through the form ------------------------------------------------------------


def login(page: Any, base: str, account: Account, check: Callable[[str], None] | None = None):
    """Log in through the real form (and the TOTP step); ``check(label)`` runs on each form."""
    page.goto(f"{base}/login")
    if check:
        check("auth.login")
    page.get_by_label("E-mailadres").fill(account.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/(login/tweede-stap)?$"), wait_until="domcontentloaded")
    if "/login/tweede-stap" in page.url:
        assert account.totp_secret, f"{account.email} is asked for a code but has no secret"
        if check:
            check("auth.two_factor")
        page.get_by_label("Code uit uw authenticator-app").fill(
            pyotp.TOTP(account.totp_secret).now()
        )
        page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{base}/", wait_until="domcontentloaded")


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


# --- every GET page of a role -----------------------------------------------------------------


def _model(argument: str) -> type | None:
    wanted = ARGUMENT_MODELS.get(argument)
    if wanted is None:
        wanted = "".join(part.capitalize() for part in argument.removesuffix("_id").split("_"))
    for mapper in db.Model.registry.mappers:
        if mapper.class_.__name__ == wanted:
            return mapper.class_
    return None


def _readable_cases(user: User, rule: AccessRule) -> list[Case]:
    """Cases ``user`` may use with the rule's action, the richest (most timeline) first."""
    from caseflow.timeline.models import TimelineEvent

    events = (
        select(func.count(TimelineEvent.id)).where(TimelineEvent.case_id == Case.id)
        .scalar_subquery()
    )
    if rule.costs and not sees_costs(user):
        return []  # tariff pages: only for those who see costs (issue 17)
    cases = db.session.scalars(visible_cases(user).order_by(events.desc(), Case.id)).all()
    decisions = [(c, can_access_case(user, c, rule.case_action)) for c in cases]
    return [
        c for c, decision in decisions
        if decision.allowed and not (decision.own_entries_only and rule.former is Former.REFUSED)
    ]


def _row_for(model: type, user: User, rule: AccessRule, cases: list[Case]) -> Any:
    query = select(model).order_by(model.id)
    if hasattr(model, "case_id") and rule.kind is Rule.CASE:
        if not cases:
            return None
        query = query.where(model.case_id.in_([c.id for c in cases[:20]]))
    for column, prefer_empty in (("retracted_at", True), ("actual_end", True)):
        if hasattr(model, column) and prefer_empty:
            query = query.order_by(getattr(model, column).is_not(None), model.id)
    if hasattr(model, "owner_id") and user.role == Role.FACILITATOR.value:
        query = query.where(model.owner_id == user.id)
    return db.session.scalars(query.limit(1)).first()


class MissingValue(LookupError):
    pass


def pages_for(app: Flask, user: User) -> list[tuple[str, str]]:
    """``[(endpoint, path)]`` of every GET screen ``user`` may open, one per endpoint.
    Call inside an app context. Raises MissingValue for a URL argument it cannot fill."""
    rules = access_rules(app)
    pages: list[tuple[str, str]] = []
    for url_rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        endpoint = url_rule.endpoint
        rule = rules.get(endpoint)
        if "GET" not in url_rule.methods or endpoint in NOT_SCREENS or rule is None:
            continue
        if rule.kind in (Rule.PUBLIC, Rule.PENDING_LOGIN) or not rule.allows_role(user.role):
            continue
        values = _values(endpoint, url_rule.arguments, user, rule)
        if values is None:
            continue
        with app.test_request_context():
            pages.append((endpoint, url_for(endpoint, **values)))
    return pages


def _values(endpoint: str, arguments, user: User, rule: AccessRule) -> dict | None:
    cases = _readable_cases(user, rule) if rule.kind is Rule.CASE else []
    if rule.kind is Rule.CASE and not cases:
        return None
    values: dict[str, object] = {}
    for name in sorted(arguments):
        if name == "reference":
            continue
        if name in ARGUMENT_VALUES:
            values[name] = ARGUMENT_VALUES[name]
            continue
        model = _model(name)
        if model is None:
            raise MissingValue(
                f"{endpoint}: no model for <{name}>; add it to ARGUMENT_MODELS in "
                "tests/browser_pages.py"
            )
        row = _row_for(model, user, rule, cases)
        if row is None:
            return None  # nothing of this kind in the data the role may see
        values[name] = row.id
        if "reference" in arguments and getattr(row, "case_id", None):
            values["reference"] = db.session.get(Case, row.case_id).reference
    if "reference" in arguments and "reference" not in values:
        values["reference"] = cases[0].reference
    return values
