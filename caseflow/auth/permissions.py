"""Who may use what, in one place.

Every view declares an access rule with a decorator; a ``before_request`` hook enforces it, and an
endpoint without a declared rule is refused (403, logged) — so a new route is closed until someone
decides who may use it. Case pages use ``case_access``: it loads the case from the URL, decides
with ``can_access_case`` (404 when refused, never 403, so case references do not leak), logs the
read, and hands the case to the view.

Former members (issue 17). ``can_access_case`` lets a former member *read*, limited to what they
logged themselves (``CaseAccess.own_entries_only``). Each case page says how it honours that, with
``@case_access(..., former=...)``:

- ``Former.REFUSED`` (the default): the page shows the case as a whole or what others wrote
  (risk flags, goals, evaluations, the outcome chart, members, ...), so a former member gets a
  404, exactly as for a case they never had. A new case page is therefore closed to former members
  until someone decides otherwise;
- ``Former.OWN_ENTRIES``: the page is a list of entries with an author (the case page, the timeline
  and its picture, also ``?as_of=``). It must narrow what it loads with the decision's filter —
  ``decision.entries_clause(Model.recorded_by_id)`` in the query, or ``decision.keeps(author_id)``
  — and show it as known on ``decision.as_of(...)`` (never later than the last day of the
  membership), without placements, phases or anything else that nobody logged as "theirs". A
  former member with nothing of their own sees the page's empty state.

Costs (issue 17). Tariffs and costs of placements are for the voorzitter, the procesbegeleider and
members from an organisation of kind ``gemeente`` (``CaseAccess.sees_costs``); a page that edits
them declares ``@case_access(..., costs=True)`` and answers 404 to anyone else, and panels that show
them check ``sees_costs``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import wraps
from typing import Any, NoReturn, ParamSpec, Protocol, TypeVar

from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import ColumnElement, true

from caseflow.audit.models import AuditEvent, Grounds, Outcome
from caseflow.audit.services import log_access
from caseflow.auth.models import OrganisationKind, Role
from caseflow.extensions import db, login_manager

P = ParamSpec("P")
R = TypeVar("R")

# The role sets, named once (import these; don't write the roles out again).
# The chairs: the voorzitter and the procesbegeleider run the RET's work, see every case of the
# region, decide on cases, correct them and read the monitor and costs.
CHAIRS = frozenset({Role.VOORZITTER, Role.PROCESBEGELEIDER})
# Everyone who works on cases: the chairs and the professionals (members of a case).
CASE_WORKERS = CHAIRS | {Role.PROFESSIONAL}
# Who works with retrospectives: the chairs and the facilitator (pseudonymised only).
RETRO_WORKERS = CHAIRS | {Role.FACILITATOR}
CASE_DECIDERS = CHAIRS
# Who may ask for break-glass (noodtoegang): every role that works on cases. The facilitator and
# the beheerder never read case content, not even in an emergency.
BREAK_GLASS_ROLES = CASE_WORKERS
# Facilitators see pseudonymised retrospectives only; the administrator no case content at all.
NO_CASE_ROLES = frozenset({Role.FACILITATOR.value, Role.BEHEERDER.value})
# Served without any rule: Flask's and Bootstrap-Flask's static files.
EXEMPT_ENDPOINTS = frozenset({"static", "bootstrap.static"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Rule(enum.StrEnum):
    PUBLIC = "public"  # anyone, logged in or not
    PENDING_LOGIN = "pending_login"  # password accepted, second factor still to come
    AUTHENTICATED = "authenticated"  # any logged-in user
    ROLES = "roles"  # a logged-in user with one of the listed roles
    CASE = "case"  # per case, decided by can_access_case


class Former(enum.StrEnum):
    """How a case page treats a former member (see the module docstring)."""

    REFUSED = "refused"  # 404: the page has nothing that is only theirs
    OWN_ENTRIES = "own_entries"  # the page filters to their own entries


class CaseAction(enum.StrEnum):
    READ = "read"
    LOG_EVENT = "log_event"
    PROPOSE_MOVE = "propose_move"
    MOVE_PHASE = "move_phase"
    MANAGE = "manage"


MEMBER_ACTIONS = frozenset({CaseAction.READ, CaseAction.LOG_EVENT, CaseAction.PROPOSE_MOVE})
BREAK_GLASS_ACTIONS = frozenset({CaseAction.READ})


@dataclass(frozen=True)
class AccessRule:
    kind: Rule
    roles: frozenset[Role] = frozenset()
    case_action: CaseAction | None = None
    case_arg: str | None = None
    former: Former | None = None  # case pages only
    costs: bool = False  # case pages that show or edit tariffs and costs
    # Beside ``roles``: a professional of an organisation of one of these kinds (the monitor: a
    # gemeente's consulent reads their own gemeente's figures, issue 24).
    professional_organisations: frozenset[str] = frozenset()

    def allows_role(self, role: Role | str) -> bool:
        if self.kind is Rule.ROLES:
            return role in self.roles
        return self.kind in (Rule.AUTHENTICATED, Rule.CASE)

    def allows_user(self, user: Any) -> bool:
        if self.allows_role(user.role):
            return True
        organisation = getattr(user, "organisation", None)
        return (
            self.kind is Rule.ROLES
            and user.role == Role.PROFESSIONAL
            and getattr(organisation, "kind", None) in self.professional_organisations
        )


def access(
    rule: Rule | None = None,
    *,
    roles: Iterable[Role] = (),
    professional_organisations: Iterable[str] = (),
) -> Callable[[R], R]:
    """Declare who may use a view: ``@access(Rule.PUBLIC)``, ``@access(Rule.AUTHENTICATED)`` or
    ``@access(roles=[Role.BEHEERDER])``, optionally also professionals of some kinds of
    organisation (``professional_organisations={"gemeente"}``). Place it *below* ``@bp.route``."""
    role_set = frozenset(Role(r) for r in roles)
    if rule is None:
        rule = Rule.ROLES
    if rule is Rule.CASE:
        raise ValueError("use @case_access(action) for case pages")
    if (rule is Rule.ROLES) != bool(role_set):
        raise ValueError("@access(roles=...) needs roles, and only the ROLES rule takes them")
    declared = AccessRule(rule, role_set,
                          professional_organisations=frozenset(professional_organisations))

    def decorator(view: R) -> R:
        view.access_rule = declared  # type: ignore[attr-defined]
        return view

    return decorator


def roles_required(*roles: Role) -> Callable[[R], R]:
    """Older spelling of ``@access(roles=...)``."""
    return access(roles=roles)


# --- case-scoped access -------------------------------------------------------------------------


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


# --- enforcement --------------------------------------------------------------------------------


def deny(
    code: int, *, reason: str, case_id: int | None = None, object_type: str | None = None
) -> NoReturn:
    """Log an access denial, commit it (nothing else has happened yet) and abort."""
    log_access(
        AuditEvent.ACCESS_DENIED,
        case_id=case_id,
        object_type=object_type or "endpoint",
        object_id=None if object_type else (request.endpoint or "").replace(":", "."),
        grounds=Grounds.NONE,
        outcome=Outcome.DENIED,
        reason=reason,
    )
    db.session.commit()
    abort(code)


def rule_for(app: Flask, endpoint: str) -> AccessRule | None:
    return getattr(app.view_functions.get(endpoint), "access_rule", None)


def access_rules(app: Flask) -> dict[str, AccessRule | None]:
    """Every endpoint of ``app.url_map`` (except static files) with its declared rule or None."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - EXEMPT_ENDPOINTS
    return {endpoint: rule_for(app, endpoint) for endpoint in sorted(endpoints)}


def enforce_access() -> ResponseReturnValue | None:
    """before_request: refuse what the endpoint's rule does not allow."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in EXEMPT_ENDPOINTS:
        return None  # routing already answers 404/405
    rule = rule_for(current_app, endpoint)
    if rule is None:
        current_app.logger.error("endpoint %s has no access rule; refused", endpoint)
        deny(403, reason="no_rule")
    if rule.kind is Rule.PUBLIC:
        return None
    if rule.kind is Rule.PENDING_LOGIN:
        from caseflow.auth.login_flow import pending_user

        if current_user.is_authenticated:
            return redirect(url_for("core.index"))
        if pending_user() is None:
            return redirect(url_for("auth.login"))
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not rule.allows_user(current_user):
        deny(403, reason="role")
    return None
