"""Break-glass (noodtoegang, NEN 7510/7513): reading a case outside the normal rules, with a reason.

Who: a voorzitter, procesbegeleider or professional (``permissions.BREAK_GLASS_ROLES``) — a
professional for a case they are not a member of, anyone for an archived case
(``caseflow.cases.archive``). What: *reading* that one case, nothing else, for
``BREAK_GLASS_MAX_SECONDS`` (24 hours) from the request. The grant belongs to the person, not to
the login session, so logging out and in again in those hours keeps it; deactivating the account
ends it (``can_access_case`` refuses inactive users).

Every request is stored here with its reason — also one for a reference that does not exist
(``case_id`` None, the typed ``reference`` kept): the form answers the same either way, so it does
not tell whether a case exists, and the chair sees probing on the start page
(``caseflow.auth.breakglass_review``). At most ``BREAK_GLASS_PER_DAY`` requests per user a day.
The reason is kept here, not in the access log (which holds codes only); the log row points to the
grant as ``grant:<id>``, and every read under it carries the grounds ``break_glass``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.audit.models import AuditEvent, Grounds, Outcome
from caseflow.audit.services import log_access
from caseflow.auth.models import User
from caseflow.auth.permissions import BREAK_GLASS_ROLES
from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db

REASON_MIN = 20
REASON_MAX = 1000
DAY = timedelta(hours=24)


class BreakGlassError(ValueError):
    """The request cannot be granted; the message is for the user, ``field`` says where."""

    def __init__(self, message: str, field: str = "reason") -> None:
        super().__init__(message)
        self.field = field


class BreakGlassGrant(db.Model):
    __tablename__ = "break_glass_grant"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    # The case's internal id; no foreign key, so the grant outlives a case removed by retention.
    # None: the reference asked for does not exist (kept, so the chair sees the attempt).
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    reference: Mapped[str | None] = mapped_column(String(20))  # as asked for (normalised)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    session_version: Mapped[int] = mapped_column(Integer)  # the login it was asked in (record)
    # The chair's review the next day (caseflow.auth.breakglass_review).
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    review_note: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id], lazy="joined")

    def is_active_for(self, user: User) -> bool:
        return (
            self.user_id == user.id and self.case_id is not None and utcnow() < self.expires_at
        )

    @property
    def is_running(self) -> bool:
        return self.case_id is not None and utcnow() < self.expires_at


def normalise_reference(reference: str | None) -> str:
    return (reference or "").strip().upper()


def requests_in_last_day(user: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(BreakGlassGrant)
        .where(BreakGlassGrant.user_id == user.id, BreakGlassGrant.created_at > utcnow() - DAY)
    )


def grant_break_glass(
    user: User, case_id: int | None, reason: str, *, reference: str | None = None
) -> BreakGlassGrant:
    """Record ``user``'s break-glass request for the case ``case_id`` (None: no case has the
    ``reference`` asked for) and log it; the grant lets them read that case for 24 hours."""
    if user.role not in BREAK_GLASS_ROLES:
        raise BreakGlassError(_("Met uw rol kunt u geen noodtoegang vragen."))
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise BreakGlassError(_("Geef een reden van minstens %(n)d tekens.", n=REASON_MIN))
    if len(reason) > REASON_MAX:
        raise BreakGlassError(_("De reden mag hoogstens %(n)d tekens lang zijn.", n=REASON_MAX))
    limit = int(current_app.config.get("BREAK_GLASS_PER_DAY", 5))
    if requests_in_last_day(user) >= limit:
        raise BreakGlassError(
            _(
                "U hebt in de afgelopen 24 uur al %(n)d keer noodtoegang gevraagd. Neem contact "
                "op met de voorzitter.",
                n=limit,
            ),
            field="reference",
        )
    now = utcnow()
    grant = BreakGlassGrant(
        user_id=user.id,
        case_id=case_id,
        reference=normalise_reference(reference) or None,
        reason=reason,
        created_at=now,
        expires_at=now + timedelta(seconds=current_app.config["BREAK_GLASS_MAX_SECONDS"]),
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
        outcome=Outcome.SUCCESS if case_id is not None else Outcome.FAILURE,
        reason=f"grant:{grant.id}",
    )
    return grant


def active_grant(user: User, case_id: int) -> BreakGlassGrant | None:
    """The user's newest grant for this case that has not yet run out."""
    query = (
        select(BreakGlassGrant)
        .where(
            BreakGlassGrant.user_id == user.id,
            BreakGlassGrant.case_id == case_id,
            BreakGlassGrant.expires_at > utcnow(),
        )
        .order_by(BreakGlassGrant.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def recent_grants(limit: int = 200) -> list[BreakGlassGrant]:
    query = select(BreakGlassGrant).order_by(BreakGlassGrant.id.desc()).limit(limit)
    return list(db.session.scalars(query))
