"""Plugging the meetings domain into the others: the guard on leaving ret_bespreking and the
start-page panels. Called from ``create_app``; safe to call more than once."""

from __future__ import annotations

from caseflow.cases import facts
from caseflow.meetings import start_panels
from caseflow.meetings.services import has_meeting_decision_since_phase_start


def register() -> None:
    if has_meeting_decision_since_phase_start not in facts.RET_DECISION_HOOKS:
        facts.RET_DECISION_HOOKS.append(has_meeting_decision_since_phase_start)
    start_panels.register()
