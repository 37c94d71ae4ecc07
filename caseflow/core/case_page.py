"""The case page is a list of panels: each domain registers what it shows of a case from its own
``hooks.py`` (a loader, a template, a place on the page, who may see it), the way the start page
does (``core/start.py``). ``cases`` renders them in order without knowing the domains.

A loader gets ``(case, access, user)`` (``access`` is the request's ``CaseAccess``) and returns
its template's context, or ``None`` when the panel has nothing to show. The contexts of all
shown panels go into the page's context side by side, so each domain keeps its keys its own (two
panels claiming the same key is a programming error and fails loudly)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

# Where a panel sits on templates/cases/detail.html: under the header's facts, above the phase,
# after the phase, the page's main column, the grid of smaller sections, below the grid; and
# the page a former member gets (their own entries only).
SLOTS = ("header", "top", "after_phase", "main", "grid", "bottom", "former")

Loader = Callable[[Any, Any, Any], "dict[str, Any] | None"]
# What a panel reads of the case as plain selects, by name: read for all panels at once in one
# statement (``core/together.py``); the loader then gets them with ``shared(name, ...)``.
Reads = Callable[[Any, Any, Any], "Mapping[str, Any]"]
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
    reads: Reads | None = None


CASE_PANELS: dict[str, CasePanel] = {}


def register_case_panel(
    key: str,
    *,
    load: Loader,
    template: str,
    order: int = 50,
    visible: Visibility = current_readers,
    slot: str = "main",
    reads: Reads | None = None,
) -> None:
    """Register (or replace: ``create_app`` may run more than once) one panel of the case page."""
    if slot not in SLOTS:
        raise ValueError(f"case panel {key!r}: unknown slot {slot!r} (one of {SLOTS})")
    CASE_PANELS[key] = CasePanel(key, load, template, order, visible, slot, reads)


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


def read(name: str, stmt: Any) -> list[Any]:
    """The rows of ``stmt``: on the case page those a panel's ``reads`` named ``name`` brought
    in (one statement for all panels), elsewhere read now."""
    from caseflow.core.together import rows

    return shared(name, lambda: rows(stmt))


def read_all(
    reads: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    names: tuple[str, ...] = (),
) -> dict[str, list[Any]]:
    """``read`` for several selects: on the case page what the panels read, elsewhere all of
    them now in one statement. ``reads`` may be a function making them, with their ``names``:
    on the case page they are then not built a second time just to be looked up."""
    from caseflow.core.together import load_together

    memo = _SHARED.get()
    if memo is not None and names and all(name in memo for name in names):
        return {name: memo[name] for name in names}
    if callable(reads):
        reads = reads()
    if memo is not None and all(name in memo for name in reads):
        return {name: memo[name] for name in reads}
    return load_together(reads)


@dataclass(frozen=True)
class ShownPanel:
    key: str
    template: str


def read_together(reads: Mapping[str, Any]) -> None:
    """Run ``reads`` ({name: select}) in one statement and keep their rows for ``shared(name)``
    (a name already read, or read by two panels, is the same query: read once)."""
    from caseflow.core.together import load_together

    memo = _SHARED.get()
    if memo is None:
        raise RuntimeError("read_together outside sharing()")
    memo.update(load_together({k: v for k, v in reads.items() if k not in memo}))


def case_page_context(
    case: Any, access: Any, user: Any, *, reads: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The context of every panel this reader may see, plus ``panels``: per slot, the panels to
    include, in order. Call it inside ``sharing()``. What the visible panels read (and the
    page's own ``reads``) is read first, in one statement."""
    context: dict[str, Any] = {}
    owner: dict[str, str] = {}
    slots: dict[str, list[ShownPanel]] = {slot: [] for slot in SLOTS}
    shown = [
        panel for panel in sorted(CASE_PANELS.values(), key=lambda p: (p.order, p.key))
        if panel.visible(access, user)
    ]
    wanted: dict[str, Any] = dict(reads or {})
    for panel in shown:
        if panel.reads is not None:
            for name, stmt in panel.reads(case, access, user).items():
                wanted.setdefault(name, stmt)
    read_together(wanted)
    for panel in shown:
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
