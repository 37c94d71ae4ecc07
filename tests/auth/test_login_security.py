"""Authentication and sessions: throttling, TOTP, session ids, timeouts, ending sessions."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pyotp
from freezegun import freeze_time
from sqlalchemy import select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Role
from caseflow.auth.throttle import LoginAttempt
from caseflow.database import utcnow
from caseflow.extensions import db
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import csrf_token

TOO_MANY = "Te veel mislukte pogingen."


def _login(client, email, password=DEFAULT_PASSWORD):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"csrf_token": token, "email": email, "password": password})


def _events(event_type):
    return db.session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.event_type == event_type)
    ).all()


def test_the_sixth_failed_login_answers_429_and_is_logged(client):
    user = UserFactory()
    for _ in range(5):
        assert _login(client, user.email, "verkeerd-wachtwoord").status_code == 401
    sixth = _login(client, user.email, DEFAULT_PASSWORD)  # even the right password now
    assert sixth.status_code == 429
    assert TOO_MANY in sixth.get_data(as_text=True)
    assert len(_events("login_failed")) == 5
    (throttled,) = _events("login_throttled")
    assert (throttled.outcome, throttled.reason) == ("denied", "throttled")
    assert client.get("/").status_code == 302
    with freeze_time(utcnow() + timedelta(minutes=16)):
        assert _login(client, user.email).status_code == 302


def test_one_address_spraying_many_accounts_is_stopped_at_the_address_ceiling(app, client):
    ceiling = app.config["LOGIN_MAX_ADDRESS_FAILURES"]
    assert ceiling >= 10 * app.config["LOGIN_MAX_FAILURES"]  # an office's typos fit under it
    for n in range(ceiling):
        assert _login(client, f"bestaat-niet-{n}@test.example", "fout").status_code == 401
    assert _login(client, UserFactory().email).status_code == 429


def test_one_users_typos_do_not_lock_out_colleagues_behind_the_same_address(client):
    """Issue 17: one NAT address for a whole office; a per-address limit of 5 locked it out."""
    typist, colleague = UserFactory(), UserFactory()
    for _ in range(5):
        assert _login(client, typist.email, "verkeerd-wachtwoord").status_code == 401
    assert _login(client, typist.email).status_code == 429
    assert _login(client, colleague.email).status_code == 302


def test_one_account_guessed_from_many_addresses_is_stopped(app, client):
    user, limit = UserFactory(), app.config["LOGIN_MAX_ACCOUNT_FAILURES"]
    for n in range(limit):
        token = csrf_token(client, "/login")
        response = client.post(
            "/login", data={"csrf_token": token, "email": user.email, "password": "fout"},
            environ_base={"REMOTE_ADDR": f"192.0.2.{n + 1}"},
        )
        assert response.status_code == 401
    token = csrf_token(client, "/login")
    response = client.post(
        "/login", data={"csrf_token": token, "email": user.email, "password": DEFAULT_PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert response.status_code == 429


def test_a_refused_attempt_is_not_counted_and_the_attempts_table_holds_only_failures(client):
    user = UserFactory()
    for _ in range(8):
        _login(client, user.email, "verkeerd-wachtwoord")
    failures = db.session.scalars(select(LoginAttempt).where(LoginAttempt.succeeded.is_(False)))
    assert len(failures.all()) == 5  # the three refused ones left nothing behind


def test_a_successful_login_clears_the_accounts_failures(client, auth):
    user = UserFactory()
    for _ in range(4):
        _login(client, user.email, "verkeerd-wachtwoord")
    auth.login(user=user)
    auth.logout()
    # the address still has 4 failures; one more account failure does not lock the account out
    assert _login(client, user.email, "verkeerd-wachtwoord").status_code == 401


def test_a_chair_without_totp_must_enrol_before_the_session_starts(client):
    chair = UserFactory(role=Role.VOORZITTER.value, totp_secret=None)
    response = _login(client, chair.email)
    assert response.headers["Location"] == "/login/tweestapsverificatie"
    assert client.get("/").status_code == 302  # not logged in yet
    page = client.get("/login/tweestapsverificatie").get_data(as_text=True)
    assert "<svg" in page and "totp-secret" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # no inline script
    db.session.refresh(chair)
    token = csrf_token(client, "/login/tweestapsverificatie")
    wrong = client.post("/login/tweestapsverificatie", data={"csrf_token": token, "code": "000000"})
    assert wrong.status_code == 401
    assert "Deze code klopt niet" in wrong.get_data(as_text=True)
    code = pyotp.TOTP(chair.totp_secret).now()
    ok = client.post("/login/tweestapsverificatie", data={"csrf_token": token, "code": code})
    assert ok.status_code == 302 and client.get("/").status_code == 200
    db.session.refresh(chair)
    assert chair.two_factor_enabled
    assert _events("login")[-1].reason == "password_totp"


def test_an_enrolled_chair_gives_a_code_and_a_code_cannot_be_replayed(client, auth):
    chair = UserFactory(role=Role.BEHEERDER.value)
    assert _login(client, chair.email).headers["Location"] == "/login/tweede-stap"
    token = csrf_token(client, "/login/tweede-stap")
    bad = client.post("/login/tweede-stap", data={"csrf_token": token, "code": "12345"})
    assert bad.status_code == 400 and "De code bestaat uit zes cijfers." in bad.get_data(
        as_text=True
    )
    code = pyotp.TOTP(chair.totp_secret).now()
    assert client.post(
        "/login/tweede-stap", data={"csrf_token": token, "code": code}
    ).status_code == 302
    auth.logout()
    _login(client, chair.email)
    token = csrf_token(client, "/login/tweede-stap")
    replay = client.post("/login/tweede-stap", data={"csrf_token": token, "code": code})
    assert replay.status_code == 401
    assert client.get("/").status_code == 302


def test_the_second_step_expires(client):
    chair = UserFactory(role=Role.VOORZITTER.value)
    _login(client, chair.email)
    with client.session_transaction() as session:
        session["pending_login"] = {**session["pending_login"], "at": int(time.time()) - 301}
    assert client.get("/login/tweede-stap").headers["Location"] == "/login"


def test_two_factor_is_optional_for_a_professional(client, auth):
    user = auth.login(Role.PROFESSIONAL)
    page = client.get("/account/tweestapsverificatie")
    assert page.status_code == 200 and "<svg" in page.get_data(as_text=True)
    db.session.refresh(user)
    token = csrf_token(client, "/account/tweestapsverificatie")
    code = pyotp.TOTP(user.totp_secret).now()
    client.post("/account/tweestapsverificatie", data={"csrf_token": token, "code": code})
    db.session.refresh(user)
    assert user.two_factor_enabled
    auth.logout()
    assert _login(client, user.email).headers["Location"] == "/login/tweede-stap"
    auth.second_factor(user)
    client.post("/account/tweestapsverificatie/uit", data={"csrf_token": csrf_token(client, "/")})
    db.session.refresh(user)
    assert not user.two_factor_enabled


def test_a_chair_cannot_turn_two_factor_off(client, auth):
    chair = auth.login(Role.VOORZITTER)
    client.post("/account/tweestapsverificatie/uit", data={"csrf_token": csrf_token(client, "/")})
    db.session.refresh(chair)
    assert chair.two_factor_enabled


def test_login_starts_a_fresh_session_with_a_new_id(client, auth):
    with client.session_transaction() as session:
        session["planted"] = "door-aanvaller"
    user = auth.login(Role.PROFESSIONAL)
    with client.session_transaction() as session:
        first_sid = session["sid"]
        assert "planted" not in session
    auth.logout()
    auth.login(user=user)
    with client.session_transaction() as session:
        assert session["sid"] != first_sid


def test_idle_timeout_after_30_minutes(client, auth):
    auth.login(Role.PROFESSIONAL)
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        session["seen_at"] -= 31 * 60
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert client.get("/").status_code == 302
    assert _events("logout")[-1].reason == "idle_timeout"


def test_absolute_timeout_after_10_hours_even_when_active(client, auth):
    auth.login(Role.PROFESSIONAL)
    with client.session_transaction() as session:
        session["login_at"] -= 10 * 3600 + 1
    assert client.get("/").status_code == 302
    assert _events("logout")[-1].reason == "absolute_timeout"


def test_password_change_ends_other_sessions_but_keeps_this_one(app, auth):
    user = UserFactory()
    other_device = app.test_client()
    from tests.conftest import AuthActions

    AuthActions(other_device).login(user=user)
    this_device = auth.client
    auth.login(user=user)
    token = csrf_token(this_device, "/account/wachtwoord")
    weak = this_device.post("/account/wachtwoord", data={
        "csrf_token": token, "current_password": DEFAULT_PASSWORD,
        "new_password": "welkom123456", "repeat_password": "welkom123456"})
    assert weak.status_code == 400
    assert "veelgebruikte wachtwoorden" in weak.get_data(as_text=True)
    response = this_device.post("/account/wachtwoord", data={
        "csrf_token": token, "current_password": DEFAULT_PASSWORD,
        "new_password": "Nieuw-en-lang-genoeg-42", "repeat_password": "Nieuw-en-lang-genoeg-42"})
    assert response.status_code == 302
    assert this_device.get("/").status_code == 200
    assert other_device.get("/").status_code == 302
    change = _events("change")[-1]
    assert change.fields == "password" and "Nieuw-en-lang" not in str(vars(change))


def test_wrong_current_password_is_refused(client, auth):
    auth.login(Role.PROFESSIONAL)
    token = csrf_token(client, "/account/wachtwoord")
    response = client.post("/account/wachtwoord", data={
        "csrf_token": token, "current_password": "fout", "new_password": "Nieuw-en-lang-42",
        "repeat_password": "Nieuw-en-lang-42"})
    assert response.status_code == 400
    assert "Uw huidige wachtwoord klopt niet." in response.get_data(as_text=True)


def test_session_cookie_flags(app, client, auth):
    auth.login(Role.PROFESSIONAL)
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        response = client.get("/login")
        assert "Secure" in response.headers.get("Set-Cookie", "Secure")
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False


def test_attempts_still_being_checked_count_against_the_limit(app, client):
    """Insert, then count: five attempts recorded but not yet answered already fill the limit,
    so a sixth arriving at the same moment is refused before its password is checked."""
    from caseflow.auth.throttle import AttemptKind, account_key, claim_attempt

    user = UserFactory()
    key = account_key(user.email)
    with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        claimed = [claim_attempt(key, "127.0.0.1", kind=AttemptKind.PASSWORD) for _ in range(5)]
    assert None not in claimed
    assert _login(client, user.email).status_code == 429
