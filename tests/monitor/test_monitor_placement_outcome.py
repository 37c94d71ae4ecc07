"""The outcome around a placement, against hand-computed means: the last safety score and goal
score before the placement against the first 3 months and months 4-12 after."""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.extensions import db
from caseflow.monitor import services
from caseflow.monitor.periods import Dimension, Period, PeriodKind
from caseflow.outcome.models import Evaluation, Goal, GoalScore
from caseflow.timeline.models import Placement
from tests.case_helpers import chair_user, new_case

TODAY = date(2026, 11, 25)
START = date(2025, 3, 1)
# per child: (safety, goal score) at 1 oct 2024 (older), 1 feb 2025 (the last before),
# 15 apr 2025 (first 3 months) and 1 dec 2025 (months 4-12)
CHILDREN = [
    ((1, -2), (3, -1), (5, 0), (6, 1)),
    ((1, -2), (4, -1), (4, 0), (5, 2)),
    ((1, -2), (5, -1), (6, 0), (8, 1)),
    ((1, -2), (6, -1), (6, 0), (5, 2)),
    ((1, -2), (2, -1), (4, 0), (7, 1)),
]
DAYS = (date(2024, 10, 1), date(2025, 2, 1), date(2025, 4, 15), date(2025, 12, 1))


def _child(chair, scores) -> None:
    case = new_case(chair, registered_on=date(2024, 6, 1))
    goal = Goal(case_id=case.id, number=1, description="Veilig thuis", for_whom="jeugdige",
                indicator="?")
    db.session.add(goal)
    db.session.add(Placement(case_id=case.id, type="pleegzorg", provider_name="X",
                             in_region=True, start_date=START))
    db.session.flush()
    for held_on, (safety, score) in zip(DAYS, scores, strict=True):
        evaluation = Evaluation(case_id=case.id, held_on=held_on, phase="plaatsing",
                                child_safety=safety, professionals_view="-")
        db.session.add(evaluation)
        db.session.flush()
        db.session.add(GoalScore(evaluation_id=evaluation.id, goal_id=goal.id, score=score))
    db.session.flush()


@pytest.fixture
def placed(app):
    chair = chair_user()
    for scores in CHILDREN:
        _child(chair, scores)


def test_safety_and_goals_around_the_placement(placed):
    table = services.table("rond_plaatsing", Period(PeriodKind.YEAR, 2025), Dimension.TOTAAL,
                           TODAY)
    (label, cells), = table.rows
    values = [c.value for c in cells]
    # safety before 3,4,5,6,2 -> 4.0 (not the older 1s); 3 months 5,4,6,6,4 -> 5.0;
    # 12 months 6,5,8,5,7 -> 6.2; change +3,+1,+3,-1,+5 -> 2.2
    # goals before -1 x5; 3 months 0 x5; 12 months 1,2,1,2,1 -> 1.4
    assert values == [5, 4.0, 5.0, 6.2, 2.2, -1.0, 0.0, 1.4]
    assert [c.display() for c in cells][:2] == ["5", "4"]


def test_a_placement_of_another_period_is_not_counted(placed):
    table = services.table("rond_plaatsing", Period(PeriodKind.YEAR, 2024), Dimension.TOTAAL,
                           TODAY)
    assert table.rows == []
