"""Closing a case with loose ends: other domains (the meetings) say what is still pending for a
case (open actions, a planned agenda slot) and how to wrap it up, without cases importing them.
Closing with something pending asks the chair what to do: wrap it up, or keep it as it is."""

from __future__ import annotations

import enum
from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from caseflow.auth.models import User
from caseflow.cases.models import Case


class PendingChoice(enum.StrEnum):
    AFRONDEN = "afronden"  # lapse the open actions, take the case off planned agendas
    BEHOUDEN = "behouden"  # keep them: someone still follows up after closing


PENDING_CHOICE_LABELS = {
    PendingChoice.AFRONDEN: _l("Open acties laten vervallen en de casus van geplande agenda's "
                               "halen"),
    PendingChoice.BEHOUDEN: _l("Open acties en geplande besprekingen laten staan"),
}

# hook(case) -> list of Dutch descriptions of what is pending ([] when nothing)
PENDING_HOOKS: list[Callable[[Case], list[str]]] = []
# hook(case, actor) wraps up what is pending, with its own history and audit
WRAP_UP_HOOKS: list[Callable[[Case, User], None]] = []


def pending(case: Case) -> list[str]:
    return [text for hook in PENDING_HOOKS for text in hook(case)]


def wrap_up(case: Case, actor: User) -> None:
    for hook in WRAP_UP_HOOKS:
        hook(case, actor)
