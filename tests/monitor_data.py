"""A small hand-made region whose monitor figures are worked out by hand in the tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from caseflow.cases.services import Intake, move_case, register_case
from caseflow.cases.workflow import Trigger
from caseflow.extensions import db
from caseflow.timeline.models import Placement
from tests.case_helpers import chair_user, satisfy_guards
from tests.factories import GemeenteFactory


def at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def build() -> dict:
    chair = chair_user()
    a, b = GemeenteFactory(name="Aastad"), GemeenteFactory(name="Bedorp")

    def case(gemeente, registered: date, birth_year: int = 2012, area: str = "trauma"):
        return register_case(
            Intake(
                pseudonym="Kind",
                birth_year=birth_year,
                birth_month=1,
                gemeente=gemeente,
                referrer_type="gi",
                question="?",
                problem_areas=[area],
                registered_on=registered,
            ),
            chair,
            region="GV",
            at=at(registered),
        )

    # Five cases in Aastad: aanmelding lasted 2, 4, 6, 8, 10 days (all in 2025).
    cases = []
    for index, days in enumerate((2, 4, 6, 8, 10)):
        registered = date(2025, 1, 10 + index)
        c = case(a, registered, birth_year=2012 if index < 3 else 2008)
        move_case(c, Trigger.START_ANALYSE, chair, at=at(date(2025, 1, 10 + index + days)))
        cases.append(c)
    # ... and their first placements start 10, 20, 30, 40, 50 days after registration.
    for c, offset in zip(cases, (10, 20, 30, 40, 50), strict=True):
        start = date.fromordinal(c.registered_on.toordinal() + offset)
        db.session.add(
            Placement(
                case_id=c.id,
                type="gezinshuis",
                provider_name="X",
                in_region=True,
                start_date=start,
                recorded_at=at(start),
            )
        )
    # The first child: that placement broke down on 1 March, then foster care (running).
    first = db.session.query(Placement).filter_by(case_id=cases[0].id).one()
    first.actual_end, first.ending, first.end_reason = date(2025, 3, 1), "onplanmatig", "crisis"
    db.session.add(
        Placement(
            case_id=cases[0].id,
            type="pleegzorg",
            provider_name="Y",
            in_region=False,
            start_date=date(2025, 3, 1),
            recorded_at=at(date(2025, 3, 1)),
        )
    )
    # One case in Bedorp, closed after 29 days and re-opened within 12 months.
    other = case(b, date(2025, 6, 1), area="gedrag")
    move_case(other, Trigger.AFSLUITEN, chair, closing_reason="afgerond", at=at(date(2025, 6, 30)))
    move_case(other, Trigger.HEROPENEN, chair, reason="Nieuwe crisis", at=at(date(2025, 9, 1)))
    # A case registered in 2024 (outside the 2025 period).
    case(a, date(2024, 12, 20))
    db.session.flush()
    satisfy_guards  # noqa: B018 - imported for callers building on this data
    return {"a": a, "b": b, "cases": cases, "other": other, "chair": chair}
