"""The start page answers "what needs me today". Each domain registers panels for the roles it
serves; a panel shows only when its loader finds something (its template gets the loader's dict)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


class User(Protocol):
    """Whoever the start page is for: all a panel needs to know here is the account's role (the
    loaders get the account itself)."""

    role: Any


@dataclass(frozen=True)
class Panel:
    key: str
    roles: frozenset[str]
    template: str
    load: Callable[[User], dict[str, Any] | None]
    order: int = 50


PANELS: dict[str, Panel] = {}


def register_panel(
    key: str,
    *,
    roles: set[str] | frozenset[str],
    template: str,
    load: Callable[[User], dict[str, Any] | None],
    order: int = 50,
) -> None:
    PANELS[key] = Panel(key, frozenset(str(r) for r in roles), template, load, order)


def panels_for(user: User) -> list[tuple[Panel, dict[str, Any]]]:
    """The panels with content for this user, in order; an empty list means nothing needs them."""
    shown = []
    for panel in sorted(PANELS.values(), key=lambda p: (p.order, p.key)):
        if user.role not in panel.roles:
            continue
        data = panel.load(user)
        if data:
            shown.append((panel, data))
    return shown
