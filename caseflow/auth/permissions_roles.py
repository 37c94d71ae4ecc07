"""Access rules: the role sets (named once), the kinds of rule a view declares, and the
``@access`` decorator. Part of ``caseflow.auth.permissions`` (import from there)."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from caseflow.auth.models import Role

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

