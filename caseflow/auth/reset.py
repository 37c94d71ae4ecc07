"""Password reset by an administrator: a one-time, time-limited link that the administrator
passes on to the user (no e-mail server needed). Only a hash of the token is stored.

The token is used up in one conditional UPDATE (``… WHERE used_at IS NULL AND expires_at > now``):
of concurrent uses of one link exactly one changes the row and sets the password."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, String, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.audit.models import AuditEvent, Grounds
from caseflow.audit.services import log_access
from caseflow.auth.models import User
from caseflow.auth.passwords import hash_password, password_problems
from caseflow.auth.services import AccountError, all_of, end_all_sessions, log_account_change
from caseflow.auth.throttle import account_key, clear_account_failures
from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db


class PasswordResetToken(db.Model):
    __tablename__ = "password_reset_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_reset_token(user: User, actor: User | None) -> str:
    """Make a new link token for ``user`` (older unused tokens stop working); returns the token."""
    db.session.execute(
        delete(PasswordResetToken).where(
            PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None)
        )
    )
    token = secrets.token_urlsafe(32)
    lifetime = timedelta(seconds=current_app.config["PASSWORD_RESET_SECONDS"])
    db.session.add(
        PasswordResetToken(
            user_id=user.id,
            token_hash=_digest(token),
            created_by_id=actor.id if actor else None,
            expires_at=utcnow() + lifetime,
        )
    )
    db.session.flush()
    log_access(
        AuditEvent.CREATE,
        user=actor,
        object_type="password_reset",
        object_id=user.id,
        grounds=Grounds.ROLE,
    )
    return token


def valid_token(token: str) -> PasswordResetToken | None:
    if not token or len(token) > 100:
        return None
    record = db.session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == _digest(token))
    )
    if record is None or record.used_at is not None or record.expires_at <= utcnow():
        return None
    if not record.user.active:
        return None
    return record


def set_password(user: User, new_password: str, *, actor: User, reason: str) -> None:
    """Check the policy, store the new hash and end every session of the user."""
    problems = password_problems(new_password, email=user.email, name=user.name)
    if problems:
        raise AccountError({"new_password": all_of(problems)})
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
    log_account_change(actor, user, ("password",), reason=reason, grounds=Grounds.AUTHENTICATION)


def use_token(token: str, new_password: str) -> User | None:
    """Use the link: set the password and end every session. ``None`` when the token is unknown,
    used (also: used a moment ago by a concurrent request) or expired, or the account inactive;
    AccountError for a weak password. In both cases the caller rolls back, which also gives an
    unused token back."""
    if not token or len(token) > 100:
        return None
    now = utcnow()
    consumed = db.session.execute(
        update(PasswordResetToken)
        .where(
            PasswordResetToken.token_hash == _digest(token),
            PasswordResetToken.used_at.is_(None),
            PasswordResetToken.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if consumed.rowcount != 1:
        return None
    record = db.session.scalar(
        select(PasswordResetToken)
        .where(PasswordResetToken.token_hash == _digest(token))
        .execution_options(populate_existing=True)
    )
    if record is None or not record.user.active:
        return None
    user = record.user
    set_password(user, new_password, actor=user, reason="password_reset")
    clear_account_failures(account_key(user.email))
    db.session.flush()
    return user


def token_error() -> str:
    return _("Deze link is ongeldig, al gebruikt of verlopen. Vraag de beheerder om een nieuwe.")
