"""Login throttling kept in the database, so it holds across gunicorn workers and servers.

Three counters of failures within ``LOGIN_THROTTLE_SECONDS``: one account from one address
(``LOGIN_MAX_FAILURES``), one account from anywhere (``LOGIN_MAX_ACCOUNT_FAILURES``) and one
address across accounts (``LOGIN_MAX_ADDRESS_FAILURES``, much higher, so one user's typos do not
lock out an office behind one NAT address, while an address spraying many accounts is stopped).
Beyond any of them the attempt is refused (429) without checking the password.

Insert, then count: ``claim_attempt`` first records the attempt *as a failure* and commits it,
then counts. Every concurrent request's row is visible to the requests that count after it, so
the k-th attempt to be recorded sees at least k rows: however many arrive at once, at most the
limit get to check a password (counting first and recording afterwards let 18 of 24 through).
``finish_attempt`` turns a correct one into a success. The account is stored as a hash of the
normalised e-mail address: the table never holds what people typed.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime, timedelta

from flask import current_app, request
from sqlalchemy import Boolean, String, and_, case, delete, func, or_, select, update
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


def _failures(key: str, ip: str) -> tuple[int, int, int]:
    """Failures in the window: (this account from this address, this account, this address)."""
    recent = (LoginAttempt.occurred_at >= _window_start()) & LoginAttempt.succeeded.is_(False)
    same_account, same_address = LoginAttempt.account_key == key, LoginAttempt.ip_address == ip

    def total(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = db.session.execute(
        select(total(and_(same_account, same_address)), total(same_account), total(same_address))
        .where(recent, or_(same_account, same_address))
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def _over_limit(key: str, ip: str) -> bool:
    config = current_app.config
    pair, account, address = _failures(key, ip)
    return (
        pair > config["LOGIN_MAX_FAILURES"]
        or account > config["LOGIN_MAX_ACCOUNT_FAILURES"]
        or address > config["LOGIN_MAX_ADDRESS_FAILURES"]
    )


def claim_attempt(key: str, ip: str, *, kind: AttemptKind) -> int | None:
    """Record an attempt (as a failure until ``finish_attempt`` says otherwise) and return its id,
    or ``None`` when it is over a limit: then the caller refuses without checking anything.

    This commits: the row must be visible to concurrent requests before this one counts, or
    they could all count before any of them recorded (call it before changing anything else)."""
    attempt = LoginAttempt(kind=str(kind), account_key=key, ip_address=ip, succeeded=False)
    db.session.add(attempt)
    db.session.flush()
    attempt_id = attempt.id  # read now: a concurrent success may delete the row after the commit
    db.session.commit()
    if not _over_limit(key, ip):
        return attempt_id
    # A refused attempt is not counted: hammering does not extend the lock-out beyond the window.
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.id == attempt_id))
    db.session.commit()
    return None


def finish_attempt(attempt_id: int, key: str, *, succeeded: bool) -> None:
    """Settle a claimed attempt; a success clears the account's earlier failures."""
    if succeeded:
        db.session.execute(
            update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(succeeded=True)
        )
        # Earlier failures only: attempts still in flight keep counting against a guesser.
        db.session.execute(
            delete(LoginAttempt).where(
                LoginAttempt.account_key == key,
                LoginAttempt.succeeded.is_(False),
                LoginAttempt.id < attempt_id,
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
