"""Goals with versions, evaluations with the voices of child and parents, tariffs, and the guard
on entering evaluatie."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from caseflow.cases.services import MoveRefused, move_case
from caseflow.cases.workflow import GUARD_MESSAGES, Phase, Trigger
from caseflow.extensions import db
from caseflow.outcome.evaluations import EvaluationInput, record_evaluation
from caseflow.outcome.models import Evaluation, GoalScore, GoalVersion
from caseflow.outcome.services import (
    GoalContent,
    OutcomeError,
    add_goal,
    goal_versions,
    revise_goal,
)
from caseflow.outcome.tariffs import parse_amount, set_tariff
from caseflow.timeline.models import EventKind, TimelineEvent
from caseflow.timeline.placements import PlacementInput, start_placement
from tests.case_helpers import ANALYSIS, chair_user, evaluation_input, new_case


def _input(**changes) -> EvaluationInput:
    values = {
        "held_on": date.today(), "professionals_view": "Visie.", "child_view": "Eigen woorden.",
        "child_safety": "7", "parents_view": "Ouders.", "parents_score": "6",
    }
    return EvaluationInput(**{**values, **changes})


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_goal_versions_are_kept_like_the_analysis(app):
    chair = chair_user()
    case = new_case(chair, phase=Phase.RET_BESPREKING)
    goal = add_goal(case, GoalContent("Vaste plek", "jeugdige", "Een jaar op één plek"), chair)
    assert goal.number == 1 and goal.analysis_id is not None and goal.status == "actief"
    revise_goal(goal, case, GoalContent("Vaste plek", "gezin", "Een jaar", "behaald", "Gelukt"),
                chair)
    versions = goal_versions(goal)
    assert [v.version_number for v in versions] == [2, 1]
    assert versions[1].for_whom == "jeugdige" and versions[0].status == "behaald"
    assert goal.status == "behaald" and goal.version_number == 2


def test_a_goal_needs_its_parts(app):
    chair = chair_user()
    case = new_case(chair)
    with pytest.raises(OutcomeError) as error:
        add_goal(case, GoalContent(" ", "iedereen", "", "klaar"), chair)
    assert set(error.value.problems) == {"description", "for_whom", "indicator", "status"}


def test_evaluation_stores_voices_scores_and_a_timeline_event(app):
    chair = chair_user()
    case = new_case(chair, phase=Phase.BLIJVEN_VOLGEN)
    goal = add_goal(case, GoalContent("Naar school", "jeugdige", "80% aanwezig"), chair)
    evaluation = record_evaluation(case, _input(scores={goal.id: "+1"}), chair)
    assert evaluation.child_safety == 7 and evaluation.parents_score == 6
    assert [(s.goal_id, s.score) for s in evaluation.scores] == [(goal.id, 1)]
    event = db.session.get(TimelineEvent, evaluation.timeline_event_id)
    assert event.kind == EventKind.EVALUATIEMOMENT.value
    assert "Eigen woorden" not in event.title  # the child's words stay in the evaluation
    assert case.follow_up_due_on is not None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"child_safety": "11"}, "child_safety", "Geef een score van 0 tot en met 10."),
        ({"child_safety": "-1"}, "child_safety", "Geef een score van 0 tot en met 10."),
        ({"child_safety": "zeven"}, "child_safety", "Geef een score van 0 tot en met 10."),
        ({"parents_score": "12"}, "parents_score", "Geef een score van 0 tot en met 10."),
        ({"scores": "GOAL:3"}, "score", "Doel 1: geef een score van -2 tot en met +2."),
        ({"scores": "GOAL:-3"}, "score", "Doel 1: geef een score van -2 tot en met +2."),
        ({"scores": "GOAL:"}, "score", "Doel 1: geef een score van -2 tot en met +2."),
        (
            {"child_view": "", "child_safety": None},
            "child_view",
            "Leg vast wat de jeugdige zelf zegt, in eigen woorden, of waarom dat ontbreekt.",
        ),
        (
            {"child_missing": "niet_gevraagd"},
            "child_missing",
            "Er is een mening of score vastgelegd; laat de reden van ontbreken dan leeg.",
        ),
        ({"child_view": "", "child_safety": None, "child_missing": "vergeten"}, "child_missing",
         "Kies een reden uit de lijst."),
        ({"professionals_view": " "}, "professionals_view",
         "Beschrijf de visie van de professionals."),
        ({"held_on": date.today() + timedelta(days=1)}, "held_on",
         "Deze datum ligt in de toekomst; leg vast wat al gebeurd is."),
    ],
)
def test_values_outside_the_scale_are_refused_with_a_message(app, changes, field, message):
    chair = chair_user()
    case = new_case(chair, phase=Phase.BLIJVEN_VOLGEN)
    goal = add_goal(case, GoalContent("Naar school", "jeugdige", "80% aanwezig"), chair)
    scores = {goal.id: "0"}
    if "scores" in changes:
        scores = {goal.id: changes.pop("scores").split(":", 1)[1]}
        field = f"score_{goal.id}"
    events = _count(TimelineEvent)
    with pytest.raises(OutcomeError) as error:
        record_evaluation(case, _input(scores=scores, **changes), chair)
    assert error.value.problems[field] == message
    assert _count(Evaluation) == 0 and _count(GoalScore) == 0 and _count(TimelineEvent) == events


def test_a_missing_voice_is_stored_with_its_reason(app):
    chair = chair_user()
    case = new_case(chair, phase=Phase.BLIJVEN_VOLGEN)
    evaluation = record_evaluation(
        case, _input(child_view="", child_safety="", child_missing="niet_gevraagd"), chair
    )
    assert evaluation.child_missing == "niet_gevraagd" and evaluation.child_safety is None
    event = db.session.get(TimelineEvent, evaluation.timeline_event_id)
    assert "Niet gevraagd" in event.title


def test_entering_evaluatie_without_an_evaluation_is_refused_by_the_guard(app):
    chair = chair_user()
    case = new_case(chair, phase=Phase.BLIJVEN_VOLGEN)
    with pytest.raises(MoveRefused) as refused:
        move_case(case, Trigger.NAAR_EVALUATIE, chair)
    assert refused.value.messages == (GUARD_MESSAGES["has_evaluation"],)
    assert case.phase == Phase.BLIJVEN_VOLGEN
    record_evaluation(case, evaluation_input(), chair)
    move_case(case, Trigger.NAAR_EVALUATIE, chair)
    assert case.phase == Phase.EVALUATIE


def test_an_evaluation_from_an_earlier_phase_does_not_count(app):
    chair = chair_user()
    case = new_case(chair, phase=Phase.BLIJVEN_VOLGEN)
    record_evaluation(case, evaluation_input(), chair)
    move_case(case, Trigger.NAAR_EVALUATIE, chair)
    move_case(case, Trigger.TERUG_NAAR_VOLGEN, chair)
    with pytest.raises(MoveRefused):
        move_case(case, Trigger.NAAR_EVALUATIE, chair)
    assert ANALYSIS  # the helpers' analysis made the path possible


def test_tariff_per_day_or_total_with_the_funding_gemeente(app):
    chair = chair_user()
    case = new_case(chair, phase=Phase.PLAATSING)
    placement = start_placement(
        case, PlacementInput(type="maatwerk", provider_name="Samen", start_date=date.today()),
        chair,
    )
    set_tariff(placement, case, "totaal", "125.000,50", case.gemeente_id, chair)
    assert placement.tariff_amount == Decimal("125000.50") and placement.tariff_kind == "totaal"
    assert placement.funding_gemeente_id == case.gemeente_id
    for kind, amount, field in [
        ("per_dag", "veel", "amount"), ("per_dag", "-5", "amount"), ("per_dag", "", "amount"),
        ("per_week", "10", "kind"), (None, "10", "kind"),
    ]:
        with pytest.raises(OutcomeError) as error:
            set_tariff(placement, case, kind, amount, None, chair)
        assert field in error.value.problems
    assert placement.tariff_amount == Decimal("125000.50")
    set_tariff(placement, case, None, "", None, chair)
    assert placement.tariff_kind is None and placement.tariff_amount is None


def test_parse_amount_reads_dutch_and_plain_amounts():
    assert parse_amount("€ 1.234,56") == Decimal("1234.56")
    assert parse_amount("312.5") == Decimal("312.50")
    assert parse_amount(" ") is None
    for bad in ("NaN", "Infinity", "1e20", "abc"):
        with pytest.raises(ValueError):
            parse_amount(bad)


def test_goal_version_rows_are_never_rewritten(app):
    chair = chair_user()
    case = new_case(chair)
    goal = add_goal(case, GoalContent("A", "ouders", "B"), chair)
    revise_goal(goal, case, GoalContent("A2", "ouders", "B2"), chair)
    first = db.session.scalar(
        select(GoalVersion).where(GoalVersion.goal_id == goal.id, GoalVersion.version_number == 1)
    )
    assert first.description == "A" and first.indicator == "B"
