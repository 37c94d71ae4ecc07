"""Small hand-made data sets whose outcome and cost figures are worked out by hand in the tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

from caseflow.cases.services import Intake, register_case
from caseflow.extensions import db
from caseflow.outcome.evaluations import EvaluationInput, record_evaluation
from caseflow.outcome.services import GoalContent, add_goal, revise_goal
from caseflow.timeline.models import Placement
from tests.case_helpers import chair_user
from tests.factories import GemeenteFactory


def at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def _case(chair, gemeente, registered: date):
    return register_case(
        Intake(
            pseudonym="Kind", birth_year=2012, birth_month=1, gemeente=gemeente,
            referrer_type="gi", question="?", problem_areas=["trauma"], registered_on=registered,
        ),
        chair, region="GV", at=at(registered),
    )


def _placement(case, type_, start, end=None, kind=None, amount=None, ending=None):
    placement = Placement(
        case_id=case.id, type=type_, provider_name="X", in_region=True, start_date=start,
        actual_end=end, ending=ending if end else None, recorded_at=at(start),
        tariff_kind=kind, tariff_amount=Decimal(amount) if amount is not None else None,
        funding_gemeente_id=case.gemeente_id,
    )
    db.session.add(placement)
    return placement


def build_costs() -> None:
    """2025, by hand (the day a placement ends is not counted):

    - gezinshuis at 100/day, 10 days in 2025, for children 1-5: 5 children, 5,000, 1,000 each
      (child 5 started on 27 Dec 2024: only the 10 days in 2025 count);
    - pleegzorg at 50/day, 30 days, for the same children 1-5: 5 children, 7,500, 1,500 each;
    - child 6: maatwerk, one total of 20,000 (started in 2025) and kortdurend verblijf without
      a tariff — one child each, so those rows are suppressed (<5);
    - total: 5 + 5 + 1 + 1 = 12 children (six unique children: those under two types count
      twice), 32,500, 32,500 / 12 = 2,708 per child, 1 placement without tariff.
    """
    chair = chair_user()
    gemeente = GemeenteFactory(name="Aastad")
    children = [_case(chair, gemeente, date(2024, 12, 1)) for _ in range(6)]
    for index, child in enumerate(children[:5]):
        start = date(2024, 12, 27) if index == 4 else date(2025, 1, 1)
        _placement(child, "gezinshuis", start, date(2025, 1, 11), "per_dag", "100.00", "planmatig")
        _placement(child, "pleegzorg", date(2025, 2, 1), date(2025, 3, 3), "per_dag", "50.00",
                   "planmatig")
    _placement(children[5], "maatwerk", date(2025, 5, 1), None, "totaal", "20000.00")
    _placement(children[5], "kortdurend_verblijf", date(2025, 6, 1), date(2025, 6, 8),
               ending="planmatig")
    db.session.flush()


def _evaluate(case, chair, day: date, safety, scores, missing=None):
    return record_evaluation(
        case,
        EvaluationInput(
            held_on=day, professionals_view="Visie.", scores=scores,
            child_view="" if missing else "Eigen woorden.", child_safety=safety,
            child_missing=missing, parents_view="Ouders.", parents_score=6,
        ),
        chair,
        at=at(day),
    )


def build_outcome() -> None:
    """2025 in Aastad, by hand (five children), Bedorp one child (all suppressed):

    - finished goals in 2025: ten goals, one 'vervallen' (not finished) → 9; reached 7 → 77.8%;
    - GAS scores of evaluations in 2025: 10×0, 5×(+1), 5×(+2), then 2×0 → 15 / 22 = 0.68;
    - safety first → latest: 3→6, 4→4, 5→8, 6→5, 2→7 → +3, 0, +3, -1, +5 → mean 2.0
      (child 5's third evaluation has no score: 'niet gevraagd');
    - stability: 5 placed, child 1's placement broke down on 1 Aug 2025 → 4 of 5 = 80.0%;
    - evaluations 11, the child's voice recorded in 10 → 90.9%; 'niet gevraagd' once.
    """
    chair = chair_user()
    aastad, bedorp = GemeenteFactory(name="Aastad"), GemeenteFactory(name="Bedorp")
    firsts, lasts = (3, 4, 5, 6, 2), (6, 4, 8, 5, 7)
    finals = ("behaald", "behaald", "deels", "niet_behaald", "vervallen")
    for index in range(5):
        case = _case(chair, aastad, date(2025, 1, 2))
        ending = "onplanmatig" if index == 0 else None
        _placement(case, "gezinshuis", date(2025, 1, 10), date(2025, 8, 1) if ending else None,
                   ending=ending)
        if ending:
            _placement(case, "pleegzorg", date(2025, 8, 1))
        goals = [
            add_goal(case, GoalContent(f"Doel {n}", "jeugdige", "Indicator"), chair,
                     at=at(date(2025, 1, 5)))
            for n in (1, 2)
        ]
        _evaluate(case, chair, date(2025, 2, 1), firsts[index], {g.id: 0 for g in goals})
        _evaluate(case, chair, date(2025, 6, 1), lasts[index],
                  {goals[0].id: 1, goals[1].id: 2})
        if index == 4:
            _evaluate(case, chair, date(2025, 9, 1), None, {g.id: 0 for g in goals},
                      missing="niet_gevraagd")
        for goal, status in zip(goals, ("behaald", finals[index]), strict=True):
            revise_goal(goal, case, GoalContent(goal.description, goal.for_whom, goal.indicator,
                                                status), chair, at=at(date(2025, 10, 1)))
    other = _case(chair, bedorp, date(2025, 3, 1))
    _evaluate(other, chair, date(2025, 4, 1), 5, {})
    db.session.flush()
