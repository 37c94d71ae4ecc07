"""Plugging the meetings domain into the others: the guard on leaving ret_bespreking, what
closing a case leaves behind, and the start-page panels. Called from ``create_app``; safe to
call more than once."""

from __future__ import annotations

from caseflow.cases import closing, facts
from caseflow.meetings import start_panels
from caseflow.meetings.closing import pending_on_close, wrap_up_on_close
from caseflow.meetings.services import has_meeting_decision_since_phase_start


def register() -> None:
    if pending_on_close not in closing.PENDING_HOOKS:
        closing.PENDING_HOOKS.append(pending_on_close)
    if wrap_up_on_close not in closing.WRAP_UP_HOOKS:
        closing.WRAP_UP_HOOKS.append(wrap_up_on_close)
    if has_meeting_decision_since_phase_start not in facts.RET_DECISION_HOOKS:
        facts.RET_DECISION_HOOKS.append(has_meeting_decision_since_phase_start)
    start_panels.register()
