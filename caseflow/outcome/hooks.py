"""What the outcome domain adds to others: the evaluation fact for the guard on entering
evaluatie, and the outcome and cost tables of the regional monitor."""

from __future__ import annotations

from caseflow.cases import facts
from caseflow.monitor import services as monitor_service
from caseflow.outcome.indicators import outcome_table, verblijf_kosten
from caseflow.outcome.services import evaluation_since_phase_start


def register() -> None:
    if evaluation_since_phase_start not in facts.EVALUATION_HOOKS:
        facts.EVALUATION_HOOKS.append(evaluation_since_phase_start)
    for make in (verblijf_kosten, outcome_table):
        if make not in monitor_service.MONITOR_TABLES:
            monitor_service.MONITOR_TABLES.append(make)
