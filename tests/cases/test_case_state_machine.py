"""Random triggers at a real case: the phase stays legal, refused moves change nothing, and the
phase history always replays to the current phase."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import func, select

from caseflow.cases.models import PhaseTransition
from caseflow.cases.records import record_analysis, record_decision
from caseflow.cases.services import CaseError, move_case, phase_history
from caseflow.cases.vocab import DecisionKind
from caseflow.cases.workflow import ClosingReason, Phase, Trigger, replay
from caseflow.extensions import db
from caseflow.timeline.models import TimelineEvent
from tests.case_helpers import ANALYSIS, new_case, voorzitter

REASONS = st.sampled_from(["", "   ", "Crisis in het gezin", "Nieuwe vraag"])
CLOSING = st.sampled_from([None, "", "weg", *[r.value for r in ClosingReason]])


def _snapshot(case):
    transitions = db.session.scalar(
        select(func.count()).select_from(PhaseTransition).where(PhaseTransition.case_id == case.id)
    )
    events = db.session.scalar(
        select(func.count()).select_from(TimelineEvent).where(TimelineEvent.case_id == case.id)
    )
    return case.phase, case.version, transitions, events


class CaseMachine(RuleBasedStateMachine):
    @initialize()
    def start(self):
        self.chair = voorzitter()
        self.case = new_case(self.chair)
        self.moves = 0

    @rule(trigger=st.sampled_from(list(Trigger)), reason=REASONS, closing=CLOSING)
    def fire(self, trigger, reason, closing):
        before = _snapshot(self.case)
        savepoint = db.session.begin_nested()
        try:
            move_case(self.case, trigger, self.chair, reason=reason, closing_reason=closing)
        except CaseError:
            savepoint.rollback()  # what the view does: nothing of a refused move is kept
            db.session.expire(self.case)
            assert _snapshot(self.case) == before
        else:
            savepoint.commit()
            self.moves += 1
            assert _snapshot(self.case)[2] == before[2] + 1

    @rule()
    def analyse(self):
        record_analysis(self.case, ANALYSIS, self.chair)

    @rule(kind=st.sampled_from(list(DecisionKind)))
    def decide(self, kind):
        record_decision(self.case, kind, "Besluit", self.chair)

    @invariant()
    def phase_is_legal_and_history_replays(self):
        assert self.case.phase in set(Phase)
        history = [(t.from_phase, t.to_phase) for t in phase_history(self.case)]
        assert replay(history) == Phase(self.case.phase)
        assert len(history) == self.moves + 1


def test_random_triggers_keep_the_case_consistent(app):
    CaseMachine.TestCase.settings = settings(
        max_examples=25, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    CaseMachine.TestCase().runTest()
