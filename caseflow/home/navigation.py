"""The main navigation, in one place. An item shows only when its endpoint exists and the user's
role may use it, so a later domain adds one line here and its link appears for the right people."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from caseflow.auth.models import Role
from caseflow.auth.permissions import CASE_WORKERS, CHAIRS, RETRO_WORKERS, rule_for

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    roles: frozenset[Role]


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("core.index", _l("Start"), ALL_ROLES),
    NavItem("cases.case_list", _l("Casussen"), CASE_WORKERS),
    NavItem("cases.board", _l("Bord"), CHAIRS),
    NavItem("meetings.meeting_list", _l("RET-besprekingen"), CHAIRS),
    NavItem("risk.overview", _l("Risico's"), CHAIRS),
    NavItem("retrospectives.index", _l("Retrospectieven"), RETRO_WORKERS),
    NavItem("monitor.index", _l("Monitor"), CHAIRS),
    NavItem("exchange.import_page", _l("Import"), frozenset({Role.VOORZITTER})),
    NavItem("admin.users", _l("Beheer"), frozenset({Role.BEHEERDER})),
    NavItem("retention.requests", _l("Vernietiging"), frozenset({Role.BEHEERDER})),
    NavItem("breakglass.request_access", _l("Noodtoegang"), CASE_WORKERS),
    NavItem("account.password", _l("Mijn account"), ALL_ROLES),
)


def navigation_for_current_user() -> list[NavItem]:
    if not current_user.is_authenticated:
        return []
    existing = current_app.view_functions
    return [item for item in NAV_ITEMS if item.endpoint in existing and _shown(item)]


def _shown(item: NavItem) -> bool:
    """By role; or, for a page that also opens to professionals of some organisations (the
    monitor for a gemeente's consulent), by what its access rule says of this user."""
    if current_user.role in item.roles:
        return True
    rule = rule_for(current_app, item.endpoint)
    return bool(rule and rule.professional_organisations and rule.allows_user(current_user))
