"""Issue 17, finding 2: the security state holds under real concurrency — two gunicorn servers on
one database (PostgreSQL with CASEFLOW_TEST_DATABASE_URL, else a SQLite file), 20 requests
released at once by a barrier:

- one TOTP code: exactly one login (reading ``totp_last_step`` and writing it let in 35 of 36);
- one reset link: exactly one new password (all 6 concurrent uses were accepted);
- wrong passwords for one account: at most the limit reach the password check (18 of 24 did),
  the rest get 429;
and nothing answers 500 (on SQLite the same races gave 500s).
"""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pyotp
import pytest
from flask import Flask
from sqlalchemy import func, select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Role, User
from caseflow.auth.passwords import verify_password
from caseflow.auth.reset import PasswordResetToken, create_reset_token
from caseflow.auth.throttle import LoginAttempt, account_key
from caseflow.extensions import db
from tests.conftest import fresh_app
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.gunicorn_servers import gunicorn_servers

PARALLEL = 20
LIMIT = 5  # LOGIN_MAX_FAILURES: one account from one address
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


@dataclass
class Answer:
    status: int
    body: str
    location: str


class Browser:
    """One browser session (its own cookies) against one server; redirects are not followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def open(self, path: str, data: dict[str, str] | None = None) -> Answer:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - loopback
        try:
            with self._opener.open(request, timeout=120) as response:  # nosec B310
                return Answer(response.status, response.read().decode(), "")
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode(), error.headers.get("Location", ""))

    def csrf(self, path: str) -> str:
        page = self.open(path)
        match = _CSRF.search(page.body)
        assert match, f"no CSRF token on {path}: {page.status} {page.body[:300]}"
        return match.group(1)


def _all_at_once(jobs: list) -> list[Answer]:
    """Run the prepared requests in threads released together by one barrier."""
    barrier = threading.Barrier(len(jobs))
    answers: list[Answer | BaseException | None] = [None] * len(jobs)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            answers[index] = jobs[index]()
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            answers[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert all(isinstance(a, Answer) for a in answers), answers
    return answers  # type: ignore[return-value]


@dataclass
class Setup:
    app: Flask
    urls: list[str]
    logs: object
    chair_id: int
    chair_email: str
    chair_secret: str
    reset_user_id: int
    reset_token: str
    target_id: int
    target_email: str

    def browsers(self) -> list[Browser]:
        return [Browser(self.urls[i % len(self.urls)]) for i in range(PARALLEL)]


@pytest.fixture(scope="module")
def servers() -> Iterator[Setup]:
    """The database is prepared here (schema and accounts), then two servers serve it."""
    app = fresh_app("races")
    with app.app_context():
        chair = UserFactory(role=Role.VOORZITTER.value)
        admin = UserFactory(role=Role.BEHEERDER.value)
        reset_user = UserFactory()
        target = UserFactory()
        with app.test_request_context():
            token = create_reset_token(reset_user, admin)
        db.session.commit()
        accounts = {
            "chair_id": chair.id, "chair_email": chair.email, "chair_secret": chair.totp_secret,
            "reset_user_id": reset_user.id, "reset_token": token,
            "target_id": target.id, "target_email": target.email,
        }
        db.session.remove()
    with gunicorn_servers(app.config["SQLALCHEMY_DATABASE_URI"], count=2) as running:
        yield Setup(app, running.urls, running.logs, **accounts)
    with app.app_context():
        db.engine.dispose()


def _no_server_error(answers: list[Answer], setup: Setup) -> Counter:
    statuses = Counter(a.status for a in answers)
    assert statuses[500] == 0, f"{statuses}\n{setup.logs()}"
    return statuses


def _log_count(event_type: str, **where) -> int:
    query = select(func.count()).select_from(AccessLogEntry).where(
        AccessLogEntry.event_type == event_type,
        *(getattr(AccessLogEntry, k) == v for k, v in where.items()),
    )
    return db.session.scalar(query)


def test_one_totp_code_lets_in_exactly_one_of_twenty_simultaneous_requests(servers):
    browsers = servers.browsers()
    tokens = []
    for browser in browsers:  # each browser gets to the second step first, one by one
        first = browser.open("/login", {"csrf_token": browser.csrf("/login"),
                                        "email": servers.chair_email,
                                        "password": DEFAULT_PASSWORD})
        assert first.location.endswith("/login/tweede-stap"), (first.status, first.body[:300])
        tokens.append(browser.csrf("/login/tweede-stap"))
    code = pyotp.TOTP(servers.chair_secret).now()
    answers = _all_at_once([
        (lambda b=b, t=t: b.open("/login/tweede-stap", {"csrf_token": t, "code": code}))
        for b, t in zip(browsers, tokens, strict=True)
    ])
    statuses = _no_server_error(answers, servers)
    assert statuses[302] == 1, statuses
    assert set(statuses) <= {302, 401, 429}, statuses
    with servers.app.app_context():
        assert _log_count("login", user_id=servers.chair_id, reason="password_totp") == 1


def test_one_reset_link_sets_exactly_one_password_of_twenty_simultaneous_uses(servers):
    browsers = servers.browsers()
    path = f"/wachtwoord-herstellen/{servers.reset_token}"
    for browser in browsers:
        assert browser.open(path).status == 302  # the link is exchanged for the session
    tokens = [browser.csrf("/wachtwoord-herstellen") for browser in browsers]
    passwords = [f"Zeilboot-Wadden-{n:02d}-Kwelder-Tjalk" for n in range(PARALLEL)]
    answers = _all_at_once([
        (lambda b=b, t=t, p=p: b.open(path, {"csrf_token": t, "new_password": p,
                                             "repeat_password": p}))
        for b, t, p in zip(browsers, tokens, passwords, strict=True)
    ])
    statuses = _no_server_error(answers, servers)
    assert statuses[302] == 1, statuses
    assert statuses[404] == PARALLEL - 1, statuses
    (winner,) = [p for p, a in zip(passwords, answers, strict=True) if a.status == 302]
    with servers.app.app_context():
        user = db.session.get(User, servers.reset_user_id)
        assert verify_password(user.password_hash, winner)
        token = db.session.scalar(select(PasswordResetToken).where(
            PasswordResetToken.user_id == servers.reset_user_id))
        assert token.used_at is not None
        assert _log_count("change", object_id=str(servers.reset_user_id),
                          reason="password_reset") == 1


def test_twenty_simultaneous_wrong_passwords_check_at_most_the_limit(servers):
    browsers = servers.browsers()
    tokens = [browser.csrf("/login") for browser in browsers]
    answers = _all_at_once([
        (lambda b=b, t=t: b.open("/login", {"csrf_token": t, "email": servers.target_email,
                                            "password": "verkeerd-wachtwoord"}))
        for b, t in zip(browsers, tokens, strict=True)
    ])
    statuses = _no_server_error(answers, servers)
    assert set(statuses) <= {401, 429}, statuses
    assert 1 <= statuses[401] <= LIMIT, statuses
    assert statuses[429] == PARALLEL - statuses[401]
    with servers.app.app_context():
        checked = db.session.scalar(select(func.count()).select_from(LoginAttempt).where(
            LoginAttempt.account_key == account_key(servers.target_email)))
        assert checked == statuses[401]  # only attempts that reached the password check stay
        assert _log_count("login_failed", user_id=servers.target_id) == statuses[401]
        assert _log_count("login_throttled") == statuses[429]
