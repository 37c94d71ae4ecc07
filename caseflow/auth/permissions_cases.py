"""Case-scoped access: who may do what with one case (members, former members, costs,
break-glass) and the ``@case_access`` decorator. Part of ``caseflow.auth.permissions`` (import from
there); the rules are described in its docstring."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import wraps
from typing import Any, Protocol

from flask import g, request
from flask_login import current_user
from sqlalchemy import ColumnElement, true

from caseflow.audit.models import AuditEvent, Grounds
from caseflow.audit.services import log_access
from caseflow.auth.models import OrganisationKind, Role
from caseflow.auth.permissions_enforcement import deny
from caseflow.auth.permissions_roles import (
    BREAK_GLASS_ACTIONS,
    BREAK_GLASS_ROLES,
    CASE_DECIDERS,
    CHAIRS,
    MEMBER_ACTIONS,
    NO_CASE_ROLES,
    SAFE_METHODS,
    AccessRule,
    CaseAction,
    Former,
    R,
    Rule,
)


class Membership(Protocol):
    """What ``caseflow.cases.access.membership_of(user, case)`` may return for a (former) member:
    an object with ``is_current`` — or simply the string ``"current"`` or ``"former"``."""

    @property
    def is_current(self) -> bool: ...


def _is_current(membership: Membership | str) -> bool:
    if isinstance(membership, str):
        if membership not in ("current", "former"):
            raise ValueError(f"membership_of returned {membership!r}")
        return membership == "current"
    return bool(membership.is_current)


@dataclass(frozen=True)
class CaseAccess:
    allowed: bool
    grounds: Grounds = Grounds.NONE
    own_entries_only: bool = False  # former members see only what they logged themselves
    grant_id: int | None = None
    # Filled in by @case_access (not by can_access_case): whose entries ``own_entries_only``
    # keeps, the last day of a former member's membership, and whether tariffs are shown.
    user_id: int | None = None
    known_until: date | None = None
    sees_costs: bool = False

    @property
    def reason(self) -> str | None:
        return f"grant:{self.grant_id}" if self.grant_id else None

    def entries_clause(self, author: Any) -> ColumnElement[bool]:
        """A WHERE clause on ``author`` (e.g. ``TimelineEvent.recorded_by_id``): everything, or
        for a former member only their own rows."""
        if not self.own_entries_only:
            return true()
        return author == self.user_id

    def keeps(self, author_id: int | None) -> bool:
        """The same decision as ``entries_clause``, for rows already loaded."""
        return not self.own_entries_only or (author_id is not None and author_id == self.user_id)

    def as_of(self, requested: date | None) -> date | None:
        """The date a page shows the case as known on: a former member never sees past the last
        day of their membership (what others recorded afterwards is not theirs)."""
        if not self.own_entries_only or self.known_until is None:
            return requested
        return min(requested, self.known_until) if requested else self.known_until


DENIED = CaseAccess(False)
# Finding a case and who is a member of it is the cases domain's knowledge; it registers its
# functions here at app start (cases/hooks.py), so auth does not import cases, which builds on it.
CASE_HOOKS: dict[str, Callable[..., Any]] = {}


def register_case_hooks(
    *,
    membership_of: Callable[..., Any],
    membership_ended: Callable[..., Any],
    case_by_reference: Callable[[str], Any],
) -> None:
    CASE_HOOKS.update(
        membership_of=membership_of,
        membership_ended=membership_ended,
        case_by_reference=case_by_reference,
    )


def _cases_hook(name: str) -> Callable[..., Any] | None:
    """A function the cases domain registered; None before it did."""
    return CASE_HOOKS.get(name)


def membership_of(user: Any, case: Any) -> Membership | str | None:
    hook = _cases_hook("membership_of")
    return hook(user, case) if hook else None


def membership_ended(user: Any, case: Any) -> date | None:
    hook = _cases_hook("membership_ended")
    return hook(user, case) if hook else None


COSTS_ROLES = CHAIRS
COSTS_ORGANISATION_KINDS = frozenset({OrganisationKind.GEMEENTE.value})


def sees_costs(user: Any) -> bool:
    """Tariffs and costs: the chair, the process coordinator and professionals of a gemeente
    (who pays); not a school, a care provider or the GI."""
    if getattr(user, "role", None) in COSTS_ROLES:
        return True
    organisation = getattr(user, "organisation", None)
    return getattr(organisation, "kind", None) in COSTS_ORGANISATION_KINDS


def _complete(decision: CaseAccess, user: Any, case: Any) -> CaseAccess:
    """Add what the pages need to apply the decision (who, until when, costs or not)."""
    return replace(
        decision,
        user_id=getattr(user, "id", None),
        known_until=membership_ended(user, case) if decision.own_entries_only else None,
        sees_costs=sees_costs(user) and not decision.own_entries_only,
    )


def can_access_case(user: Any, case: Any, action: CaseAction | str) -> CaseAccess:
    """The case rule of the issue, in one function.

    - voorzitter, procesbegeleider: every case of the region, every action;
    - professional: a current member may read, log events and propose moves; a former member may
      read what they logged themselves (``own_entries_only``), nothing else;
    - break-glass: a voorzitter, procesbegeleider or professional with an active grant for the
      case (``caseflow.auth.breakglass``, 24 hours, with a reason the chair reviews) may *read*
      it, in full — nothing else; a grant goes before former membership, since the emergency is
      about the whole case;
    - archived cases (``case.requires_break_glass``: closed longer than ``ARCHIVE_AFTER_DAYS``, see
      ``caseflow.cases.archive``) open for nobody by role or membership: only by break-glass;
    - facilitator, beheerder: no case pages at all, not even by break-glass.
    """
    action = CaseAction(action)
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return DENIED
    role = user.role
    archived = bool(getattr(case, "requires_break_glass", False))
    if role in CASE_DECIDERS and not archived:
        return CaseAccess(True, Grounds.ROLE)
    former = False
    if role == Role.PROFESSIONAL and not archived:
        membership = membership_of(user, case)
        current = membership is not None and _is_current(membership)
        if current and action in MEMBER_ACTIONS:
            return CaseAccess(True, Grounds.MEMBERSHIP)
        former = membership is not None and not current
    if role in BREAK_GLASS_ROLES and action in BREAK_GLASS_ACTIONS:
        from caseflow.auth.breakglass import active_grant

        grant = active_grant(user, case.id)
        if grant is not None:
            return CaseAccess(True, Grounds.BREAK_GLASS, grant_id=grant.id)
    if former and action is CaseAction.READ:
        return CaseAccess(True, Grounds.FORMER_MEMBERSHIP, own_entries_only=True)
    return DENIED


def load_case_by_reference(reference: str) -> Any:
    hook = _cases_hook("case_by_reference")
    return hook(reference) if hook else None


def case_access(
    action: CaseAction | str,
    *,
    arg: str = "reference",
    load: Callable[[str], Any] | None = None,
    former: Former | str = Former.REFUSED,
    costs: bool = False,
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Declare a case page: the URL's ``<arg>`` is loaded (by default with
    ``caseflow.cases.access.case_by_reference``), checked with ``can_access_case`` and passed to
    the view as ``case``; ``g.case_access`` holds the decision. Refusal: 404, logged. A GET/HEAD
    is logged as a read of the case (other methods: the service logs what it changes).

    ``former``: how the page treats a former member (default: 404; ``Former.OWN_ENTRIES`` when
    the view filters with ``decision.entries_clause``). ``costs``: the page shows or edits
    tariffs, so only users for whom ``sees_costs`` holds may use it (others: 404, logged)."""
    action = CaseAction(action)
    former = Former(former)

    def decorator(view: Callable[..., R]) -> Callable[..., R]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> R:
            key = kwargs.pop(arg)
            if getattr(current_user, "role", None) in NO_CASE_ROLES:
                # Roles that never open a case page are refused by role, before any case is
                # looked up: a 403 that says nothing about whether the case exists.
                deny(403, reason="role", object_type="case")
            case = (load or load_case_by_reference)(key)
            if case is None:
                deny(404, reason="case_not_found", object_type="case")
            decision = can_access_case(current_user, case, action)
            if not decision.allowed:
                deny(404, reason=f"case_{action.value}", case_id=case.id, object_type="case")
            if decision.own_entries_only and former is Former.REFUSED:
                # Nothing on this page is only the former member's own: as if never a member.
                deny(404, reason="former_member", case_id=case.id, object_type="case")
            decision = _complete(decision, current_user, case)
            if costs and not decision.sees_costs:
                deny(404, reason="costs", case_id=case.id, object_type="case")
            g.case_access = decision
            if request.method in SAFE_METHODS:
                log_access(
                    AuditEvent.READ,
                    case_id=case.id,
                    object_type="case",
                    object_id=case.id,
                    grounds=decision.grounds,
                    reason=decision.reason,
                )
            return view(*args, case=case, **kwargs)

        wrapped.access_rule = AccessRule(  # type: ignore[attr-defined]
            Rule.CASE, case_action=action, case_arg=arg, former=former, costs=costs
        )
        return wrapped

    return decorator


def current_case_access() -> CaseAccess:
    return g.get("case_access", DENIED)

