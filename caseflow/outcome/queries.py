"""What the case page shows of the outcome: goals, recent evaluations, the chart and costs."""

from __future__ import annotations

from typing import Any

from caseflow.auth.permissions import current_case_access
from caseflow.cases.models import Case
from caseflow.outcome.evaluations import case_evaluations
from caseflow.outcome.services import case_goals
from caseflow.outcome.vocab import (
    GOAL_FOR_LABELS,
    GOAL_STATUS_LABELS,
    MISSING_VOICE_LABELS,
    TARIFF_KIND_LABELS,
)
from caseflow.timeline.placements import case_placements

LABELS = {
    "goal_for": GOAL_FOR_LABELS,
    "goal_status": GOAL_STATUS_LABELS,
    "missing": MISSING_VOICE_LABELS,
    "tariff": TARIFF_KIND_LABELS,
}


def outcome_context(case: Case) -> dict[str, Any]:
    """Context for templates/outcome/_case_outcome.html (a fixed number of queries)."""
    evaluations = case_evaluations(case)
    return {
        "outcome_context": {
            "goals": case_goals(case),
            "evaluations": evaluations[::-1],
            "latest": evaluations[-1] if evaluations else None,
            # changes whenever an evaluation is added, so the browser fetches the new chart
            "chart_version": f"{len(evaluations)}-{evaluations[-1].id if evaluations else 0}",
            # costs only for whom they are meant (chair, coordinator, gemeente: who pays)
            "placements": case_placements(case) if current_case_access().sees_costs else [],
            "labels": LABELS,
        }
    }
