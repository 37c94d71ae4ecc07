"""What the cases services ask of the timeline, which builds on cases and so fills this in from
``timeline/hooks.py`` at app start: write a system event, recompute the follow-up date, and the
earliest day the case's history knows. The cases package never imports the timeline."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date
from typing import Any

# The follow-up rhythm a case gets on entering 'blijven volgen' when none was chosen.
DEFAULT_FOLLOW_UP_WEEKS = 6


class EventKind(enum.StrEnum):
    """The timeline event kinds the cases services write (values of timeline's ``EventKind``)."""

    ANALYSE = "analyse"
    BESLUIT = "besluit"
    NETWERK = "netwerk"
    WISSELING_REGISSEUR = "wisseling_regisseur"
    FASE = "fase"
    OVERIG = "overig"


SYSTEM_EVENT_WRITERS: list[Callable[..., Any]] = []
FOLLOW_UP_REFRESHERS: list[Callable[[Any], None]] = []
EARLIEST_DAY_HOOKS: list[Callable[[Any], date | None]] = []


def term(label_set: str, code: Any) -> dict[str, str]:
    """A title value that is a vocabulary code (``term("phase_label", "instroom")``): stored as the
    code and shown as its label in the reader's language (``caseflow.timeline.titles``)."""
    return {"term": label_set, "code": str(code)}


def register_timeline(
    *,
    write_event: Callable[..., Any],
    refresh_follow_up: Callable[[Any], None],
    earliest_days: list[Callable[[Any], date | None]],
) -> None:
    """Called once by the timeline domain; a second call changes nothing."""
    if write_event not in SYSTEM_EVENT_WRITERS:
        SYSTEM_EVENT_WRITERS.append(write_event)
    if refresh_follow_up not in FOLLOW_UP_REFRESHERS:
        FOLLOW_UP_REFRESHERS.append(refresh_follow_up)
    for hook in earliest_days:
        if hook not in EARLIEST_DAY_HOOKS:
            EARLIEST_DAY_HOOKS.append(hook)


def _registered(hooks: list[Callable[..., Any]]) -> list[Callable[..., Any]]:
    if not hooks:
        raise RuntimeError("the timeline domain is not registered (create_app registers it)")
    return hooks


def add_system_event(case: Any, kind: EventKind | str, title: str, **details: Any) -> Any:
    """An event caseflow writes itself on the case's timeline (see timeline.services). Pass
    ``values={...}`` to make ``title`` a message id (marked with ``N_``) shown in each reader's
    language, with ``term(...)`` for values that are vocabulary codes; ``description_values``
    does the same for a ``description`` caseflow writes (not for text a person typed)."""
    results = [write(case, kind, title, **details) for write in _registered(SYSTEM_EVENT_WRITERS)]
    return results[0]


def refresh_follow_up(case: Any) -> None:
    for refresh in _registered(FOLLOW_UP_REFRESHERS):
        refresh(case)


def earliest_days(case: Any) -> list[date | None]:
    """The earliest day of each registered part of the history (events, placements)."""
    return [hook(case) for hook in _registered(EARLIEST_DAY_HOOKS)]
