"""What the case domain registers itself: its start-page panels and, on the case page, the list of
corrections of the intake data. Called from ``create_app``; safe to call more than once."""

from __future__ import annotations

from typing import Any

from caseflow.cases import start_panels
from caseflow.cases.corrections import corrections_context
from caseflow.cases.models import Case
from caseflow.core.case_page import register_case_panel


def _corrections(case: Case, _access: Any, _user: Any) -> dict[str, Any]:
    return corrections_context(case)


def register() -> None:
    start_panels.register()
    register_case_panel(
        "cases.corrections",
        load=_corrections,
        template="cases/_corrections.html",
        order=10,
        slot="bottom",
    )
