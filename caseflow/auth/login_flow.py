"""The steps of a login and the life of a session.

password ok → (second factor, or enrolment when the role requires it) → ``complete_login``: a fresh
session with a new random session id, login time and last-seen time. ``check_session_timeouts``
ends a session after 30 minutes idle or 10 hours in all.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from flask import current_app, flash, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from caseflow.audit.models import AuditEvent, Grounds, Outcome
from caseflow.audit.services import log_access
from caseflow.auth.models import User
from caseflow.auth.redirects import safe_next
from caseflow.auth.services import authenticate
from caseflow.auth.throttle import (
    AttemptKind,
    account_key,
    claim_attempt,
    client_ip,
    finish_attempt,
)
from caseflow.auth.totp import requires_two_factor
from caseflow.database import utcnow
from caseflow.extensions import db

PENDING = "pending_login"


def _fresh_session(**keep: Any) -> None:
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    session.update({k: v for k, v in keep.items() if v is not None})


@dataclass(frozen=True)
class PasswordLogin:
    """How a password login ended: ``"ok"`` (``response`` goes on to the second factor or the
    next page), ``"failed"`` (wrong address or password, or an inactive account) or
    ``"throttled"`` (too many failures)."""

    outcome: str
    response: ResponseReturnValue | None = None


def password_login(email: str, password: str, next_url: str) -> PasswordLogin:
    """The login form's one service: claim a throttle attempt, check the password, and log the
    refusal (throttled, failed) or go on with ``start_login`` (which logs the login)."""
    key, ip = account_key(email), client_ip()
    attempt = claim_attempt(key, ip, kind=AttemptKind.PASSWORD)
    if attempt is None:
        log_access(AuditEvent.LOGIN_THROTTLED, grounds=Grounds.AUTHENTICATION,
                   outcome=Outcome.DENIED, reason="throttled")
        return PasswordLogin("throttled")
    result = authenticate(email, password)
    finish_attempt(attempt, key, succeeded=result.ok)
    if result.ok and result.user is not None:
        if session.get("locale") and not result.user.locale:
            result.user.locale = session["locale"]
        return PasswordLogin("ok", start_login(result.user, next_url))
    log_access(
        AuditEvent.LOGIN_FAILED,
        user=result.account,
        grounds=Grounds.AUTHENTICATION,
        outcome=Outcome.FAILURE,
        reason="bad_credentials" if result.account else "unknown_account",
    )
    return PasswordLogin("failed")


def start_login(user: User, next_url: str) -> ResponseReturnValue:
    """After a correct password: ask for the second factor, or finish the login."""
    if user.two_factor_enabled or requires_two_factor(user):
        pending = {"uid": user.id, "ver": user.session_version, "at": int(time.time())}
        _fresh_session(**{PENDING: {**pending, "next": next_url}})
        step = "auth.two_factor" if user.two_factor_enabled else "auth.two_factor_setup"
        return redirect(url_for(step))
    _fresh_session()
    complete_login(user, method="password")
    return redirect(safe_next(next_url))


def pending_user() -> User | None:
    """The user between password and second factor, for a few minutes at most."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    if int(time.time()) - int(pending.get("at", 0)) > current_app.config["PENDING_LOGIN_SECONDS"]:
        return None
    user = db.session.get(User, pending.get("uid"))
    if user is None or not user.active or user.session_version != pending.get("ver"):
        return None
    return user


def pending_next() -> str:
    """Where to go after the second factor: checked again, the session value is not trusted."""
    pending = session.get(PENDING) or {}
    return safe_next(pending.get("next"))


def complete_login(user: User, *, method: str) -> None:
    """Start the real session: new session id, timestamps, Flask-Login, access log."""
    _fresh_session()
    now = int(time.time())
    session["sid"] = secrets.token_urlsafe(32)
    session["login_at"] = now
    session["seen_at"] = now
    login_user(user)
    session.permanent = True
    user.last_login_at = utcnow()
    log_access(AuditEvent.LOGIN, user=user, grounds=Grounds.AUTHENTICATION, reason=method)


def logout(user: User, *, reason: str) -> None:
    """End this session and every other session of the user (the caller commits)."""
    from caseflow.auth.services import end_all_sessions

    log_access(AuditEvent.LOGOUT, user=user, grounds=Grounds.AUTHENTICATION, reason=reason)
    end_all_sessions(user)
    logout_user()
    _fresh_session()


def check_session_timeouts() -> ResponseReturnValue | None:
    """before_request: end a session that was idle too long or is too old."""
    if not current_user.is_authenticated:
        return None
    config = current_app.config
    now = int(time.time())
    login_at, seen_at = session.get("login_at"), session.get("seen_at")
    reason = None
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        reason = "session_invalid"
    elif now - login_at > config["SESSION_ABSOLUTE_TIMEOUT"]:
        reason = "absolute_timeout"
    elif now - seen_at > config["SESSION_IDLE_TIMEOUT"]:
        reason = "idle_timeout"
    if reason is None:
        if now != seen_at:
            session["seen_at"] = now
        return None
    user = current_user._get_current_object()
    log_access(AuditEvent.LOGOUT, user=user, grounds=Grounds.AUTHENTICATION, reason=reason)
    db.session.commit()
    logout_user()
    _fresh_session()
    flash(_("Uw sessie is verlopen. Log opnieuw in."), "info")
    if request.method == "GET":
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return redirect(url_for("auth.login"))
