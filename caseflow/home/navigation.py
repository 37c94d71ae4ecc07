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


# A long menu (the chair's ten items) folds into these dropdowns so it fits on one line at
# 1280 px; a short one (a professional's four) stays flat: one click less for the daily pages.
GROUP_LABELS = {"casussen": _l("Casussen"), "regio": _l("Regio"), "beheer": _l("Beheer")}
FLAT_UP_TO = 6


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    roles: frozenset[Role]
    group: str | None = None  # a key of GROUP_LABELS; the items of a group stand together

    @property
    def group_label(self) -> object:
        return GROUP_LABELS.get(self.group or "", "")


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("core.index", _l("Start"), ALL_ROLES),
    NavItem("cases.case_list", _l("Casussen"), CASE_WORKERS, "casussen"),
    NavItem("cases.board", _l("Bord"), CHAIRS, "casussen"),
    NavItem("risk.overview", _l("Risico's"), CHAIRS, "casussen"),
    NavItem("breakglass.request_access", _l("Noodtoegang"), CASE_WORKERS, "casussen"),
    NavItem("meetings.meeting_list", _l("RET-besprekingen"), CHAIRS),
    NavItem("retrospectives.index", _l("Retrospectieven"), RETRO_WORKERS, "regio"),
    NavItem("monitor.index", _l("Monitor"), CHAIRS, "regio"),
    NavItem("exchange.import_page", _l("Import"), frozenset({Role.VOORZITTER}), "regio"),
    NavItem("admin.users", _l("Beheer"), frozenset({Role.BEHEERDER}), "beheer"),
    NavItem("retention.requests", _l("Vernietiging"), frozenset({Role.BEHEERDER}), "beheer"),
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


@dataclass(frozen=True)
class NavGroup:
    """A dropdown of the main menu."""

    key: str
    label: object
    items: tuple[NavItem, ...]

    def holds(self, endpoint: str | None) -> bool:
        return any(item.endpoint == endpoint for item in self.items)


def navigation_menu(items: list[NavItem]) -> list[NavItem | NavGroup]:
    """The menu as shown: flat when it is short, else each group's items in one dropdown (a
    group the user has only one item of stays a plain link)."""
    if len(items) <= FLAT_UP_TO:
        return list(items)
    menu: list[NavItem | NavGroup] = []
    for item in items:
        last = menu[-1] if menu else None
        if item.group and isinstance(last, NavGroup) and last.key == item.group:
            menu[-1] = NavGroup(last.key, last.label, (*last.items, item))
        elif item.group and isinstance(last, NavItem) and last.group == item.group:
            menu[-1] = NavGroup(item.group, item.group_label, (last, item))
        else:
            menu.append(item)
    return menu
