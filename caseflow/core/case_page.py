"""The case page is a list of panels: each domain registers what it shows of a case from its own
``hooks.py`` (a loader, a template, a place on the page, who may see it), the way the start page
does (``core/start.py``). ``cases`` renders them in order without knowing the domains.

A loader gets ``(case, access, user)`` (``access`` is the request's ``CaseAccess``) and returns
its template's context, or ``None`` when the panel has nothing to show. The contexts of all
shown panels go into the page's context side by side, so each domain keeps its keys its own (two
panels claiming the same key is a programming error and fails loudly)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

# Where a panel sits on templates/cases/detail.html: under the header's facts, above the phase,
# after the phase, the page's main column, the grid of smaller sections, below the grid; and
# the page a former member gets (their own entries only).
SLOTS = ("header", "top", "after_phase", "main", "grid", "bottom", "former")

Loader = Callable[[Any, Any, Any], "dict[str, Any] | None"]
Visibility = Callable[[Any, Any], bool]


def current_readers(access: Any, _user: Any) -> bool:
    """The default: everybody who reads the whole case (a former member reads only their own)."""
    return not access.own_entries_only


def former_members(access: Any, _user: Any) -> bool:
    return bool(access.own_entries_only)


@dataclass(frozen=True)
class CasePanel:
    key: str
    load: Loader
    template: str
    order: int = 50
    visible: Visibility = current_readers
    slot: str = "main"


CASE_PANELS: dict[str, CasePanel] = {}


def register_case_panel(
    key: str,
    *,
    load: Loader,
    template: str,
    order: int = 50,
    visible: Visibility = current_readers,
    slot: str = "main",
) -> None:
    """Register (or replace: ``create_app`` may run more than once) one panel of the case page."""
    if slot not in SLOTS:
        raise ValueError(f"case panel {key!r}: unknown slot {slot!r} (one of {SLOTS})")
    CASE_PANELS[key] = CasePanel(key, load, template, order, visible, slot)


T = TypeVar("T")
_SHARED: ContextVar[dict[str, Any] | None] = ContextVar("case_page_shared", default=None)


@contextmanager
def sharing() -> Iterator[None]:
    """While the case page loads (read only), what one panel read, another may reuse."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def shared(name: str, make: Callable[[], T]) -> T:
    """``make()``, once per case page for ``name`` (e.g. the case's placements, read by the
    timeline and the costs); outside the case page simply ``make()``."""
    memo = _SHARED.get()
    if memo is None:
        return make()
    if name not in memo:
        memo[name] = make()
    return memo[name]


@dataclass(frozen=True)
class ShownPanel:
    key: str
    template: str


def case_page_context(case: Any, access: Any, user: Any) -> dict[str, Any]:
    """The context of every panel this reader may see, plus ``panels``: per slot, the panels to
    include, in order. Call it inside ``sharing()``."""
    context: dict[str, Any] = {}
    owner: dict[str, str] = {}
    slots: dict[str, list[ShownPanel]] = {slot: [] for slot in SLOTS}
    for panel in sorted(CASE_PANELS.values(), key=lambda p: (p.order, p.key)):
        if not panel.visible(access, user):
            continue
        data = panel.load(case, access, user)
        if data is None:
            continue
        for name in data:
            if name in owner:
                raise RuntimeError(
                    f"case panels {owner[name]!r} and {panel.key!r} both set {name!r}"
                )
            owner[name] = panel.key
        context.update(data)
        slots[panel.slot].append(ShownPanel(panel.key, panel.template))
    return {**context, "panels": slots}
