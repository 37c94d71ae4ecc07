"""What the outcome domain adds to others: the evaluation fact for the guard on entering
evaluatie, the outcome and cost tables of the regional monitor, and the case page's panel of
goals, evaluations and costs."""

from __future__ import annotations

from typing import Any

from caseflow.cases import facts
from caseflow.core.case_page import register_case_panel
from caseflow.monitor import services as monitor_service
from caseflow.outcome.cost_indicators import verblijf_kosten
from caseflow.outcome.evaluations import evaluation_since_phase_start
from caseflow.outcome.indicators import outcome_table
from caseflow.outcome.placement_outcome import placement_outcome
from caseflow.outcome.queries import outcome_context


def _case_outcome_reads(case: Any, access: Any, _user: Any) -> dict[str, Any]:
    from caseflow.outcome.services import case_goals_query
    from caseflow.timeline.placements import case_placements_query

    reads = {"outcome.goals": case_goals_query(case)}
    if access.sees_costs:
        reads["placements"] = case_placements_query(case)
    return reads


def _case_outcome(case: Any, access: Any, _user: Any) -> dict[str, Any]:
    return outcome_context(case, sees_costs=access.sees_costs)


def register() -> None:
    if evaluation_since_phase_start not in facts.EVALUATION_HOOKS:
        facts.EVALUATION_HOOKS.append(evaluation_since_phase_start)
    for make in (verblijf_kosten, outcome_table, placement_outcome):
        if make not in monitor_service.MONITOR_TABLES:
            monitor_service.MONITOR_TABLES.append(make)
    register_case_panel(
        "outcome.case_outcome",
        load=_case_outcome,
        reads=_case_outcome_reads,
        template="outcome/_case_outcome.html",
        slot="after_phase",
    )
