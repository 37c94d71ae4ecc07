"""Collect what the state machine's guards need to know about a case, in a few small queries."""

from __future__ import annotations

from sqlalchemy import exists, select

from caseflow.cases.models import Case, CaseDecision, ExplanatoryAnalysis, PhaseTransition
from caseflow.cases.vocab import DecisionKind
from caseflow.cases.workflow import CaseFacts, Phase, Trigger, destination
from caseflow.extensions import db

# Other domains (placements, meetings, evaluations) add facts here, so the guards can see them
# without the cases package importing those domains: each hook takes the case and returns a bool.
PLACEMENT_STARTED_HOOKS: list = []
RET_DECISION_HOOKS: list = []
EVALUATION_HOOKS: list = []


def _decision_since_phase_start(case: Case, kind: DecisionKind) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    CaseDecision.case_id == case.id,
                    CaseDecision.kind == kind.value,
                    CaseDecision.decided_at >= case.phase_since,
                )
            )
        )
    )


def _has_recorded_analysis(case: Case) -> bool:
    """Any version counts on the first pass; after a loop back (heranalyse) the analysis must be
    updated: a version recorded since the case re-entered verklarende analyse."""
    came_back = db.session.scalar(
        select(
            exists().where(
                PhaseTransition.case_id == case.id,
                PhaseTransition.to_phase == Phase.VERKLARENDE_ANALYSE.value,
                PhaseTransition.trigger == Trigger.HERANALYSE.value,
                PhaseTransition.at >= case.phase_since,
            )
        )
    )
    query = exists().where(ExplanatoryAnalysis.case_id == case.id)
    if came_back:
        query = query.where(ExplanatoryAnalysis.recorded_at >= case.phase_since)
    return bool(db.session.scalar(select(query)))


def collect(case: Case) -> CaseFacts:
    phase = Phase(case.phase)
    has_analysis = has_decision = has_placement = has_evaluation = False
    if phase is Phase.VERKLARENDE_ANALYSE:
        has_analysis = _has_recorded_analysis(case)
    if phase is Phase.RET_BESPREKING:
        has_decision = _decision_since_phase_start(
            case, DecisionKind.BESLUIT_BUITEN_VERGADERING
        ) or any(hook(case) for hook in RET_DECISION_HOOKS)
    if phase is Phase.PLAATSING:
        has_placement = _decision_since_phase_start(
            case, DecisionKind.GEEN_PLAATSING_NODIG
        ) or any(hook(case) for hook in PLACEMENT_STARTED_HOOKS)
    if phase is Phase.BLIJVEN_VOLGEN:
        has_evaluation = any(hook(case) for hook in EVALUATION_HOOKS)
    return CaseFacts(
        phase=phase,
        has_recorded_analysis=has_analysis,
        has_ret_decision=has_decision,
        has_placement_or_decision=has_placement,
        has_evaluation=has_evaluation,
    )


def destination_of(case: Case, trigger: Trigger | str) -> Phase | None:
    return destination(trigger, Phase(case.phase))
