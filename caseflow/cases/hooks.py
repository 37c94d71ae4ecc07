"""What the case domain registers itself: its start-page panels, on the case page the list of
corrections of the intake data, and its template labels. Called from ``create_app``; safe to
call more than once."""

from __future__ import annotations

from typing import Any

from caseflow.cases import start_panels, vocab
from caseflow.cases.corrections import corrections_context
from caseflow.cases.models import Case
from caseflow.core.case_page import register_case_panel
from caseflow.core.labels import register_labels, register_template_value


def _corrections(case: Case, _access: Any, _user: Any) -> dict[str, Any]:
    return corrections_context(case)


def register_template_labels() -> None:
    register_labels("phase_label", vocab.PHASE_LABELS, blank_when_empty=True)
    register_labels("trigger_label", vocab.TRIGGER_LABELS, blank_when_empty=True)
    register_labels("area_label", vocab.PROBLEM_AREA_LABELS)
    register_labels("referrer_label", vocab.REFERRER_LABELS)
    register_labels("member_role_label", vocab.MEMBER_ROLE_LABELS)
    register_labels("closing_label", vocab.CLOSING_REASON_LABELS, blank_when_empty=True)
    register_labels("decision_label", vocab.DECISION_LABELS)
    # the phase bar of the case page: every phase but the end
    register_template_value(
        "main_phases", [p for p in vocab.PHASE_LABELS if p != vocab.Phase.AFGESLOTEN]
    )


def register() -> None:
    start_panels.register()
    register_template_labels()
    register_case_panel(
        "cases.corrections",
        load=_corrections,
        template="cases/_corrections.html",
        order=10,
        slot="bottom",
    )
