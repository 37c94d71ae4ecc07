"""Which cases a user may see. The one place that knows what membership means."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import joinedload

from caseflow.auth.models import Role, User
from caseflow.auth.permissions import CHAIRS
from caseflow.cases.models import Case, CaseMember

REGION_WIDE_ROLES = CHAIRS  # they see every case of the region


def current_member_clause(user_id: int, today: date | None = None):
    today = today or date.today()
    return and_(
        CaseMember.user_id == user_id,
        or_(CaseMember.until.is_(None), CaseMember.until >= today),
    )


def membership_of(user: User, case: Case) -> str | None:
    """``"current"``, ``"former"`` or None: how ``user`` stands to ``case`` as a member."""
    from caseflow.extensions import db

    rows = db.session.execute(
        select(CaseMember.until).where(CaseMember.case_id == case.id, CaseMember.user_id == user.id)
    ).all()
    if not rows:
        return None
    today = date.today()
    if any(until is None or until >= today for (until,) in rows):
        return "current"
    return "former"


def membership_ended(user: User, case: Case) -> date | None:
    """The last day ``user`` was a member of ``case`` (None if never, or still a member): what a
    former member may see is what was known by then."""
    from caseflow.extensions import db

    rows = db.session.execute(
        select(CaseMember.until).where(CaseMember.case_id == case.id, CaseMember.user_id == user.id)
    ).all()
    ends = [until for (until,) in rows]
    if not ends or any(until is None or until >= date.today() for until in ends):
        return None
    return max(ends)


def visible_cases(user: User) -> Select:
    """A ``select(Case)`` limited to the cases ``user`` may open."""
    query = select(Case)
    if user.role in REGION_WIDE_ROLES:
        return query
    if user.role == Role.PROFESSIONAL.value:
        return query.where(
            exists().where(CaseMember.case_id == Case.id, current_member_clause(user.id))
        )
    return query.where(False)  # facilitators and administrators see no case content


def case_by_reference(reference: str) -> Case | None:
    """Loader for ``@case_access``: the case with this reference (the access rule decides)."""
    from caseflow.extensions import db

    # The problem areas in the same query (every case page shows them): a handful of rows.
    query = (
        select(Case)
        .where(Case.reference == reference)
        .options(joinedload(Case.problem_area_rows))
    )
    return db.session.scalars(query).unique().one_or_none()
