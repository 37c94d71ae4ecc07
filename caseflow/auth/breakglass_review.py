"""The chair's review of break-glass use: every grant shows on the voorzitter's start page until a
voorzitter marks it "Beoordeeld" (who, when, an optional note).

Grants of yesterday and earlier are due; today's show too, marked as running while they last, so
the chair may look at once. Four eyes: a voorzitter does not review their own use while another
active voorzitter can; in a region with a single chair they review it themselves (the beheerder's
overview at /admin/noodtoegang shows who reviewed what).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import to_user_timezone
from sqlalchemy import func, select, update

from caseflow.audit.models import AuditEvent, Grounds
from caseflow.audit.services import log_access
from caseflow.auth.breakglass import BreakGlassError, BreakGlassGrant
from caseflow.auth.forms import BreakGlassReviewForm
from caseflow.auth.models import Role, User
from caseflow.core.start import register_panel
from caseflow.database import utcnow
from caseflow.extensions import db

REVIEWERS = frozenset({Role.VOORZITTER})
NOTE_MAX = 1000
PANEL_LIMIT = 50


def unreviewed_grants(limit: int = PANEL_LIMIT) -> list[BreakGlassGrant]:
    """Grants nobody has reviewed yet, oldest first."""
    query = (
        select(BreakGlassGrant)
        .where(BreakGlassGrant.reviewed_at.is_(None))
        .order_by(BreakGlassGrant.created_at, BreakGlassGrant.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def is_due(grant: BreakGlassGrant, now: datetime | None = None) -> bool:
    """Asked for yesterday or earlier (in the region's time zone): it must be reviewed now."""
    now = now or utcnow()
    return to_user_timezone(grant.created_at).date() < to_user_timezone(now).date()


def other_reviewer_exists(reviewer: User) -> bool:
    count = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.VOORZITTER.value, User.active.is_(True), User.id != reviewer.id)
    )
    return bool(count)


def may_review(grant: BreakGlassGrant, reviewer: User, *, others: bool | None = None) -> bool:
    if reviewer.role not in REVIEWERS or grant.reviewed_at is not None:
        return False
    if grant.user_id != reviewer.id:
        return True
    return not (other_reviewer_exists(reviewer) if others is None else others)


def review_grant(grant: BreakGlassGrant, reviewer: User, note: str | None) -> BreakGlassGrant:
    """Record that ``reviewer`` (a voorzitter) has looked at this use of break-glass."""
    if reviewer.role not in REVIEWERS:
        raise BreakGlassError(_("Alleen de voorzitter beoordeelt noodtoegang."), field="note")
    if grant.reviewed_at is not None:
        raise BreakGlassError(_("Deze noodtoegang is al beoordeeld."), field="note")
    if not may_review(grant, reviewer):
        raise BreakGlassError(
            _("Uw eigen noodtoegang beoordeelt een andere voorzitter."), field="note"
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise BreakGlassError(
            _("De notitie mag hoogstens %(n)d tekens lang zijn.", n=NOTE_MAX), field="note"
        )
    # One conditional UPDATE: of two chairs pressing "Beoordeeld" at once, exactly one records it.
    claimed = db.session.execute(
        update(BreakGlassGrant)
        .where(BreakGlassGrant.id == grant.id, BreakGlassGrant.reviewed_at.is_(None))
        .values(reviewed_at=utcnow(), reviewed_by_id=reviewer.id, review_note=note or None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise BreakGlassError(_("Deze noodtoegang is al beoordeeld."), field="note")
    db.session.refresh(grant)
    log_access(
        AuditEvent.CHANGE,
        user=reviewer,
        case_id=grant.case_id,
        object_type="break_glass_grant",
        object_id=grant.id,
        fields=("reviewed_at", "review_note") if note else ("reviewed_at",),
        grounds=Grounds.ROLE,
    )
    return grant


def _review_panel(user: User) -> dict[str, Any] | None:
    grants = unreviewed_grants()
    if not grants:
        return None
    now = utcnow()
    others = other_reviewer_exists(user)
    return {
        "rows": [
            {
                "grant": grant,
                "due": is_due(grant, now),
                "running": grant.is_running,
                "may_review": may_review(grant, user, others=others),
            }
            for grant in grants
        ],
        "form": BreakGlassReviewForm(formdata=None),
    }


def register() -> None:
    register_panel(
        "auth.break_glass_review",
        roles=set(REVIEWERS),
        template="auth/start/break_glass_review.html",
        load=_review_panel,
        order=1,  # a use of break-glass waits for nobody else: first on the page
    )
