"""What the case page shows of the outcome: goals, recent evaluations, the chart and costs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from caseflow.auth.permissions import current_case_access
from caseflow.cases.models import Case
from caseflow.core.case_page import read
from caseflow.extensions import db
from caseflow.outcome.models import Evaluation
from caseflow.outcome.services import case_goals_query
from caseflow.outcome.vocab import (
    GOAL_FOR_LABELS,
    GOAL_STATUS_LABELS,
    MISSING_VOICE_LABELS,
    TARIFF_KIND_LABELS,
)
from caseflow.timeline.placements import shown_placements

LABELS = {
    "goal_for": GOAL_FOR_LABELS,
    "goal_status": GOAL_STATUS_LABELS,
    "missing": MISSING_VOICE_LABELS,
    "tariff": TARIFF_KIND_LABELS,
}


def _evaluations_with_scores(case: Case) -> list[Evaluation]:
    """``case_evaluations`` (oldest first) with their scores in the same query."""
    return list(
        db.session.scalars(
            select(Evaluation)
            .where(Evaluation.case_id == case.id)
            .options(joinedload(Evaluation.scores))
            .order_by(Evaluation.held_on, Evaluation.id)
        ).unique()
    )


def outcome_context(case: Case, *, sees_costs: bool | None = None) -> dict[str, Any]:
    """Context for templates/outcome/_case_outcome.html (a fixed number of queries; the
    placements are those the timeline panel read). ``sees_costs``: the reader's
    ``CaseAccess.sees_costs`` (by default the current request's)."""
    if sees_costs is None:
        sees_costs = current_case_access().sees_costs
    evaluations = _evaluations_with_scores(case)
    return {
        "outcome_context": {
            "goals": read("outcome.goals", case_goals_query(case)),
            "evaluations": evaluations[::-1],
            "latest": evaluations[-1] if evaluations else None,
            # changes whenever an evaluation is added, so the browser fetches the new chart
            "chart_version": f"{len(evaluations)}-{evaluations[-1].id if evaluations else 0}",
            # costs only for whom they are meant (chair, coordinator, gemeente: who pays)
            "placements": shown_placements(case)
            if sees_costs
            else [],
            "labels": LABELS,
        }
    }
