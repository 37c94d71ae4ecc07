"""What the search adds to others: its panel on the case page and the reminders of requests
without an answer on the searcher's start page."""

from __future__ import annotations

from typing import Any

from caseflow.auth.permissions import CASE_WORKERS
from caseflow.core.case_page import register_case_panel
from caseflow.core.clock import region_today
from caseflow.core.labels import register_labels
from caseflow.core.start import register_panel
from caseflow.search import labels
from caseflow.search.queries import (
    case_panel,
    case_panel_reads,
    overdue_requests,
    reminder_days,
)
from caseflow.search.services import placement_started
from caseflow.search.vocab import ANSWER_LABELS, ANSWER_TERM
from caseflow.timeline.placements import on_placement_started


def _case_search(case: Any, _access: Any, _user: Any) -> dict[str, Any] | None:
    return {**case_panel(case), "search_labels": labels}


def _case_search_reads(case: Any, _access: Any, _user: Any) -> dict[str, Any]:
    return case_panel_reads(case)


def _reminders(user: Any) -> dict[str, Any] | None:
    rows = overdue_requests(user)
    if not rows:
        return None
    return {"rows": rows, "days": reminder_days(), "today": region_today(), "labels": labels}


def register() -> None:
    on_placement_started(placement_started)
    register_labels(ANSWER_TERM, ANSWER_LABELS)  # the answers in timeline titles
    register_case_panel(
        "search.case_search",
        load=_case_search,
        reads=_case_search_reads,
        template="search/_case_search.html",
        slot="after_phase",
        order=40,
    )
    register_panel(
        "search.reminders",
        roles=CASE_WORKERS,
        template="search/start_reminders.html",
        load=_reminders,
        order=16,
    )
