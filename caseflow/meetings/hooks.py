"""Plugging the meetings domain into the others: the guard on leaving ret_bespreking, what
closing a case leaves behind, the start-page panels and the case page's RET panel. Called from
``create_app``; safe to call more than once."""

from __future__ import annotations

from typing import Any

from caseflow.cases import closing, facts
from caseflow.core.case_page import register_case_panel
from caseflow.core.labels import register_labels
from caseflow.meetings import start_panels
from caseflow.meetings.closing import pending_on_close, wrap_up_on_close
from caseflow.meetings.queries import case_panel, case_panel_reads
from caseflow.meetings.services import has_meeting_decision_since_phase_start
from caseflow.meetings.vocab import (
    ACTION_STATUS_LABELS,
    CHANGE_KIND_LABELS,
    GUEST_ROLE_LABELS,
    MANDATE_LABELS,
    MINUTES_STATUS_LABELS,
)


def _case_meetings(case: Any, _access: Any, _user: Any) -> dict[str, Any]:
    return {"ret_panel": case_panel(case)}


def _case_meetings_reads(case: Any, _access: Any, _user: Any) -> dict[str, Any]:
    return case_panel_reads(case)


def register_template_labels() -> None:
    register_labels("mandate_label", MANDATE_LABELS)
    register_labels("guest_role_label", GUEST_ROLE_LABELS)
    # not "action_status_label": the retrospectives own that name and know neither "gedaan"
    # nor "vervallen"
    register_labels("meeting_action_status_label", ACTION_STATUS_LABELS)
    register_labels("minutes_status_label", MINUTES_STATUS_LABELS)
    register_labels("change_kind_label", CHANGE_KIND_LABELS)


def register() -> None:
    register_template_labels()
    if pending_on_close not in closing.PENDING_HOOKS:
        closing.PENDING_HOOKS.append(pending_on_close)
    if wrap_up_on_close not in closing.WRAP_UP_HOOKS:
        closing.WRAP_UP_HOOKS.append(wrap_up_on_close)
    if has_meeting_decision_since_phase_start not in facts.RET_DECISION_HOOKS:
        facts.RET_DECISION_HOOKS.append(has_meeting_decision_since_phase_start)
    start_panels.register()
    register_case_panel(
        "meetings.case_panel",
        load=_case_meetings,
        reads=_case_meetings_reads,
        template="meetings/_case_panel.html",
        order=20,
        slot="bottom",
    )
