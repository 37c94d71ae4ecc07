"""Login throttling kept in the database, so it holds across gunicorn workers.

After ``LOGIN_MAX_FAILURES`` failures within ``LOGIN_THROTTLE_SECONDS`` for one account *or* from
one address, further attempts are refused (429) without checking the password. The account is
stored as a hash of the normalised e-mail address: the table never holds what people typed.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime, timedelta

from flask import current_app, request
from sqlalchemy import Boolean, String, delete, func, or_, select
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db

KEEP_ATTEMPTS = timedelta(days=1)


class AttemptKind(enum.StrEnum):
    # The kind of attempt, not a password:
    PASSWORD = "password"  # nosec B105
    TOTP = "totp"


class LoginAttempt(db.Model):
    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(10))
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    ip_address: Mapped[str] = mapped_column(String(45), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean)


def account_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def client_ip() -> str:
    return (request.remote_addr or "unknown")[:45]


def _window_start() -> datetime:
    return utcnow() - timedelta(seconds=current_app.config["LOGIN_THROTTLE_SECONDS"])


def is_throttled(key: str, ip: str) -> bool:
    """True when the account or the address has had too many recent failures (any kind)."""
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    recent = select(func.count()).where(
        LoginAttempt.occurred_at >= _window_start(), LoginAttempt.succeeded.is_(False)
    )
    for_account = db.session.scalar(recent.where(LoginAttempt.account_key == key)) or 0
    if for_account >= limit:
        return True
    return (db.session.scalar(recent.where(LoginAttempt.ip_address == ip)) or 0) >= limit


def record_attempt(key: str, ip: str, *, kind: AttemptKind, succeeded: bool) -> None:
    db.session.add(
        LoginAttempt(kind=str(kind), account_key=key, ip_address=ip, succeeded=succeeded)
    )
    if succeeded:
        # A successful login clears the account's failures (not the address's).
        db.session.execute(
            delete(LoginAttempt).where(
                LoginAttempt.account_key == key, LoginAttempt.succeeded.is_(False)
            )
        )
    db.session.execute(
        delete(LoginAttempt).where(
            or_(
                LoginAttempt.occurred_at < utcnow() - KEEP_ATTEMPTS,
                LoginAttempt.succeeded.is_(True) & (LoginAttempt.occurred_at < _window_start()),
            )
        )
    )
    db.session.flush()


def clear_account_failures(key: str) -> None:
    """After an administrator's password reset the account may try again at once."""
    db.session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.account_key == key, LoginAttempt.succeeded.is_(False)
        )
    )
