"""Who may use what, in one place (the rules in ``permissions_roles``, the case pages' rules in
``permissions_cases``, enforcement in ``permissions_enforcement``; import everything from here).

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

from caseflow.auth.permissions_cases import (
    CASE_HOOKS,
    COSTS_ORGANISATION_KINDS,
    COSTS_ROLES,
    DENIED,
    CaseAccess,
    Membership,
    can_access_case,
    case_access,
    current_case_access,
    load_case_by_reference,
    membership_ended,
    membership_of,
    register_case_hooks,
    sees_costs,
)
from caseflow.auth.permissions_enforcement import (
    access_rules,
    deny,
    enforce_access,
    rule_for,
)
from caseflow.auth.permissions_roles import (
    BREAK_GLASS_ACTIONS,
    BREAK_GLASS_ROLES,
    CASE_DECIDERS,
    CASE_WORKERS,
    CHAIRS,
    EXEMPT_ENDPOINTS,
    MEMBER_ACTIONS,
    NO_CASE_ROLES,
    RETRO_WORKERS,
    SAFE_METHODS,
    AccessRule,
    CaseAction,
    Former,
    Rule,
    access,
    roles_required,
)

__all__ = [
    "AccessRule",
    "BREAK_GLASS_ACTIONS",
    "BREAK_GLASS_ROLES",
    "CASE_DECIDERS",
    "CASE_HOOKS",
    "CASE_WORKERS",
    "CHAIRS",
    "COSTS_ORGANISATION_KINDS",
    "COSTS_ROLES",
    "CaseAccess",
    "CaseAction",
    "DENIED",
    "EXEMPT_ENDPOINTS",
    "Former",
    "MEMBER_ACTIONS",
    "Membership",
    "NO_CASE_ROLES",
    "RETRO_WORKERS",
    "Rule",
    "SAFE_METHODS",
    "access",
    "access_rules",
    "can_access_case",
    "case_access",
    "current_case_access",
    "deny",
    "enforce_access",
    "load_case_by_reference",
    "membership_ended",
    "membership_of",
    "register_case_hooks",
    "roles_required",
    "rule_for",
    "sees_costs",
]
