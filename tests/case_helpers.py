"""Building cases for tests through the real services, so their histories are genuine."""

from __future__ import annotations

from datetime import date

from caseflow.auth.models import Role, User
from caseflow.cases.models import Case
from caseflow.cases.records import AnalysisContent, record_analysis, record_decision
from caseflow.cases.services import Intake, move_case, register_case
from caseflow.cases.vocab import DecisionKind
from caseflow.cases.workflow import Phase, Trigger
from caseflow.outcome.evaluations import EvaluationInput, record_evaluation
from tests.factories import GemeenteFactory, UserFactory

ANALYSIS = AnalysisContent(
    question="Wat is er nodig?", problems="Veel wisselingen.", strengths="Betrokken oma.",
    hypotheses_child="Onveilige hechting.", hypotheses_family="", hypotheses_care="Geen regie.",
    working_theory="Stabiliteit eerst.", goals="Een vaste plek.", scenarios="Gezinshuis.",
)

def evaluation_input() -> EvaluationInput:
    return EvaluationInput(
        held_on=date.today(), professionals_view="Het gaat stap voor stap beter.",
        child_view="Ik voel me hier rustiger.", child_safety=7, parents_missing="niet_bereikbaar",
    )


PATH = {
    Phase.VERKLARENDE_ANALYSE: [Trigger.START_ANALYSE],
    Phase.RET_BESPREKING: [Trigger.START_ANALYSE, Trigger.NAAR_RET],
    Phase.PLAATSING: [Trigger.START_ANALYSE, Trigger.NAAR_RET, Trigger.NAAR_PLAATSING],
    Phase.BLIJVEN_VOLGEN: [Trigger.START_ANALYSE, Trigger.NAAR_RET, Trigger.NAAR_PLAATSING,
                           Trigger.START_VOLGEN],
    Phase.EVALUATIE: [Trigger.START_ANALYSE, Trigger.NAAR_RET, Trigger.NAAR_PLAATSING,
                      Trigger.START_VOLGEN, Trigger.NAAR_EVALUATIE],
}


def voorzitter() -> User:
    """A chair of the RET (only the chair takes a 'besluit buiten vergadering')."""
    return UserFactory(role=Role.VOORZITTER.value)


def chair_user() -> User:
    return UserFactory(role=Role.PROCESBEGELEIDER.value)


def new_case(
    actor: User | None = None, *, phase: Phase = Phase.AANMELDING, pseudonym: str = "Testkind",
    regisseur: User | None = None, registered_on: date | None = None, gemeente=None,
    problem_areas: tuple[str, ...] = ("trauma",), birth_year: int = 2012,
) -> Case:
    actor = actor or chair_user()
    case = register_case(
        Intake(
            pseudonym=pseudonym, birth_year=birth_year, birth_month=5,
            gemeente=gemeente or GemeenteFactory(), referrer_type="gi",
            question="Hulpvraag", problem_areas=list(problem_areas),
            registered_on=registered_on or date.today(), casusregisseur=regisseur,
        ),
        actor, region="GV",
    )
    advance(case, actor, phase)
    return case


def advance(case: Case, actor: User, phase: Phase) -> Case:
    for trigger in PATH.get(phase, []):
        satisfy_guards(case, actor, trigger)
        move_case(case, trigger, actor)
    return case


def satisfy_guards(case: Case, actor: User, trigger: Trigger) -> None:
    if trigger is Trigger.NAAR_RET:
        record_analysis(case, ANALYSIS, actor)
    elif trigger is Trigger.NAAR_PLAATSING:
        chair = actor if actor.role == Role.VOORZITTER.value else voorzitter()
        record_decision(case, DecisionKind.BESLUIT_BUITEN_VERGADERING, "Advies RET", chair)
    elif trigger is Trigger.START_VOLGEN:
        record_decision(case, DecisionKind.GEEN_PLAATSING_NODIG, "Thuis met hulp", actor)
    elif trigger is Trigger.NAAR_EVALUATIE:
        record_evaluation(case, evaluation_input(), actor)
