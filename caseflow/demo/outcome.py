"""Demo outcome: goals from the analysis, evaluations with the voice of the child and the parents
(including a 'niet gevraagd' now and then, so it shows), and tariffs on the placements. Built
through the services with backdated times; a generator per case, so other demo data stays as it
was."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cases.workflow import Phase
from caseflow.extensions import db
from caseflow.outcome.evaluations import EvaluationInput, case_evaluations, record_evaluation
from caseflow.outcome.models import GoalStatus
from caseflow.outcome.services import GoalContent, active_goals, add_goal, case_goals, revise_goal
from caseflow.outcome.tariffs import set_tariff
from caseflow.timeline.models import PlacementType
from caseflow.timeline.placements import case_placements

GOALS = [
    ("Een vaste plek waar de jeugdige minstens een jaar kan blijven.", "jeugdige",
     "Geen overplaatsing; de jeugdige noemt de plek 'thuis'."),
    ("Ouders en jeugdige spreken elkaar elke week zonder escalatie.", "gezin",
     "Wekelijks contact, geen politie-inzet."),
    ("Weer naar school, eerst halve dagen.", "jeugdige",
     "Aanwezigheid van minstens 80% van de afgesproken uren."),
    ("Oma en oom dragen bij aan een vast weekendritme.", "netwerk",
     "Twee weekenden per maand bij familie."),
    ("Ouders krijgen hulp bij hun eigen problemen.", "ouders",
     "Ouders zijn aangemeld en gaan naar de afspraken."),
]
CHILD_WORDS = [
    "Ik wil gewoon ergens blijven.",
    "Het is hier wel oké, de groepsleiding luistert.",
    "Ik mis mijn zusje.",
    "Ik voel me rustiger dan eerst.",
    "Niemand vraagt wat ik wil.",
]
PARENT_WORDS = [
    "We zien dat het beter gaat, maar we zijn bang voor een nieuwe crisis.",
    "We willen meer betrokken worden bij de plannen.",
    "Het contact is beter dan vorig jaar.",
]
DAY_TARIFFS = {
    PlacementType.PLEEGZORG: Decimal("45.00"),
    PlacementType.GEZINSHUIS: Decimal("160.00"),
    PlacementType.VERBLIJF_24UUR: Decimal("310.00"),
    PlacementType.GGZ_VERBLIJF: Decimal("420.00"),
    PlacementType.DRIEMILIEU: Decimal("560.00"),
    PlacementType.GESLOTEN: Decimal("650.00"),
    PlacementType.KORTDUREND_VERBLIJF: Decimal("280.00"),
    PlacementType.BESCHERMD_WONEN: Decimal("190.00"),
}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _rng(case: Case) -> random.Random:
    return random.Random(f"outcome-{case.reference}")  # nosec B311 - synthetic demo data


def _ensure_goals(case: Case, before: date, actor: User, rng: random.Random) -> None:
    if case_goals(case):
        return
    for description, for_whom, indicator in rng.sample(GOALS, rng.randint(2, 3)):
        add_goal(
            case,
            GoalContent(description=description, for_whom=for_whom, indicator=indicator),
            actor,
            at=_at(before, 9),
        )


def _evaluate(case: Case, day: date, actor: User, rng: random.Random, step: int) -> None:
    not_asked = rng.random() < 0.15
    safety = min(10, max(0, 4 + step + rng.randint(-1, 2)))
    parents_heard = rng.random() < 0.8
    record_evaluation(
        case,
        EvaluationInput(
            held_on=day,
            professionals_view="De plek houdt stand; de samenwerking met school verbetert.",
            scores={
                g.id: max(-2, min(2, step - 1 + rng.randint(-1, 1))) for g in active_goals(case)
            },
            child_view="" if not_asked else rng.choice(CHILD_WORDS),
            child_safety=None if not_asked else safety,
            child_missing="niet_gevraagd" if not_asked else None,
            parents_view=rng.choice(PARENT_WORDS) if parents_heard else "",
            parents_score=rng.randint(4, 8) if parents_heard else None,
            parents_missing=None if parents_heard else "wilde_niet",
        ),
        actor,
        at=_at(day, 10),
    )


def record_walk_evaluation(case: Case, day: date, actor: User, _rng_unused=None) -> None:
    """The evaluatiemoment the demo walk needs before a case moves into evaluatie."""
    rng = _rng(case)
    _ensure_goals(case, day - timedelta(days=1), actor, rng)
    _evaluate(case, day, actor, rng, step=3)


def load_demo_outcome(actor: User, today: date | None = None) -> int:
    """Goals, earlier evaluations and tariffs for the demo cases; returns evaluations added."""
    today = today or date.today()
    added = 0
    cases = db.session.scalars(select(Case).order_by(Case.id)).all()
    for case in cases:
        rng = _rng(case)
        placements = case_placements(case)
        for placement in placements:
            kind = PlacementType(placement.type)
            if kind is PlacementType.MAATWERK:
                set_tariff(placement, case, "totaal", Decimal(rng.randint(60, 180) * 1000),
                           case.gemeente_id, actor)
            elif kind in DAY_TARIFFS and rng.random() < 0.9:
                set_tariff(placement, case, "per_dag", DAY_TARIFFS[kind], case.gemeente_id, actor)
        if case.phase not in (Phase.BLIJVEN_VOLGEN, Phase.EVALUATIE, Phase.AFGESLOTEN):
            continue
        if case.phase == Phase.AFGESLOTEN and not case_evaluations(case):
            continue
        started = placements[-1].start_date if placements else case.registered_on
        _ensure_goals(case, started, actor, rng)
        first = min([e.held_on for e in case_evaluations(case)], default=today)
        span = (first - started).days
        if span < 30:
            continue
        count = rng.randint(1, 3)
        for step in range(count):
            day = started + timedelta(days=(step + 1) * span // (count + 1))
            _evaluate(case, day, actor, rng, step)
            added += 1
        if case.phase == Phase.AFGESLOTEN:
            for goal in active_goals(case):
                revise_goal(
                    goal, case,
                    GoalContent(goal.description, goal.for_whom, goal.indicator,
                                rng.choice([GoalStatus.BEHAALD, GoalStatus.DEELS]).value,
                                "Afgerond bij de afsluiting."),
                    actor, at=_at(case.closed_at.date() if case.closed_at else today, 12),
                )
    db.session.flush()
    return added
