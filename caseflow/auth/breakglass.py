"""Break-glass: a chair opens a case outside the normal rules by giving a reason.

The grant is time-limited (at most 8 hours, never beyond the session's absolute limit) and ends
with the session (logout, password change). The reason is kept here, not in the access log (which
holds codes only); the log row points to the grant as ``grant:<id>``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, has_request_context, session
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, Integer, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.audit.models import AuditEvent, Grounds
from caseflow.audit.services import log_access
from caseflow.auth.models import Role, User
from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db

REASON_MIN = 20
REASON_MAX = 1000


class BreakGlassError(ValueError):
    """The request cannot be granted; the message is for the user."""


class BreakGlassGrant(db.Model):
    __tablename__ = "break_glass_grant"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    # The case's internal id; no foreign key, so the grant outlives a case removed by retention.
    case_id: Mapped[int] = mapped_column(Integer, index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    session_version: Mapped[int] = mapped_column(Integer)

    user: Mapped[User] = relationship(lazy="joined")

    def is_active_for(self, user: User) -> bool:
        return (
            self.user_id == user.id
            and self.session_version == user.session_version
            and utcnow() < self.expires_at
        )


def _session_end() -> datetime | None:
    if not has_request_context() or "login_at" not in session:
        return None
    from datetime import UTC

    login_at = datetime.fromtimestamp(session["login_at"], UTC)
    return login_at + timedelta(seconds=current_app.config["SESSION_ABSOLUTE_TIMEOUT"])


def grant_break_glass(user: User, case_id: int, reason: str) -> BreakGlassGrant:
    """Give ``user`` (a voorzitter) read access to one case; logs a break-glass event."""
    if user.role != Role.VOORZITTER:
        raise BreakGlassError(_("Alleen de voorzitter kan noodtoegang vragen."))
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise BreakGlassError(
            _("Geef een reden van minstens %(n)d tekens.", n=REASON_MIN)
        )
    if len(reason) > REASON_MAX:
        raise BreakGlassError(_("De reden mag hoogstens %(n)d tekens lang zijn.", n=REASON_MAX))
    now = utcnow()
    expires = now + timedelta(seconds=current_app.config["BREAK_GLASS_MAX_SECONDS"])
    session_end = _session_end()
    if session_end is not None:
        expires = min(expires, session_end)
    grant = BreakGlassGrant(
        user_id=user.id,
        case_id=case_id,
        reason=reason,
        created_at=now,
        expires_at=expires,
        session_version=user.session_version,
    )
    db.session.add(grant)
    db.session.flush()
    log_access(
        AuditEvent.BREAK_GLASS,
        user=user,
        case_id=case_id,
        object_type="break_glass_grant",
        object_id=grant.id,
        fields=("reason",),
        grounds=Grounds.BREAK_GLASS,
        reason=f"grant:{grant.id}",
    )
    return grant


def active_grant(user: User, case_id: int) -> BreakGlassGrant | None:
    query = (
        select(BreakGlassGrant)
        .where(
            BreakGlassGrant.user_id == user.id,
            BreakGlassGrant.case_id == case_id,
            BreakGlassGrant.session_version == user.session_version,
            BreakGlassGrant.expires_at > utcnow(),
        )
        .order_by(BreakGlassGrant.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def recent_grants(limit: int = 200) -> list[BreakGlassGrant]:
    query = select(BreakGlassGrant).order_by(BreakGlassGrant.id.desc()).limit(limit)
    return list(db.session.scalars(query))
