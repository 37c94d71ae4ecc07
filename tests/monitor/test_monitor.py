"""Every indicator against the hand-made region in tests/monitor_data.py."""

from datetime import date

import pytest

from caseflow.monitor import flow, stays
from caseflow.monitor.periods import Dimension, Period, PeriodKind
from caseflow.monitor.tables import Cell
from tests import monitor_data

YEAR_2025 = Period(PeriodKind.YEAR, 2025)
TODAY = date(2026, 11, 25)


@pytest.fixture
def region(app):
    return monitor_data.build()


def _row(table, label):
    return dict(table.rows)[label]


def test_instroom_per_gemeente(region):
    table = flow.instroom(YEAR_2025, Dimension.GEMEENTE)
    assert _row(table, "Aastad") == [Cell(5, 5), Cell(0, 0)]
    assert _row(table, "Bedorp") == [Cell(1, 1), Cell(1, 1)]
    assert [c.display() for c in _row(table, "Aastad")] == ["5", "0"]
    assert [c.display() for c in _row(table, "Bedorp")] == ["<5", "<5"]


def test_instroom_period_boundaries(region):
    december = flow.instroom(Period(PeriodKind.MONTH, 2024, 12), Dimension.TOTAAL)
    assert _row(december, "Totaal")[0].value == 1
    q1 = flow.instroom(Period(PeriodKind.QUARTER, 2025, 1), Dimension.TOTAAL)
    assert _row(q1, "Totaal")[0].value == 5
    q3 = flow.instroom(Period(PeriodKind.QUARTER, 2025, 3), Dimension.TOTAAL)
    assert _row(q3, "Totaal") == [Cell(0, 0), Cell(1, 1)]  # only the re-opening


def test_phase_durations_median_and_p90(region):
    table = flow.phase_durations(YEAR_2025)
    # aanmelding stays 2, 4, 6, 8, 10 days plus the Bedorp case's 29 days -> n = 6
    # nearest rank: median = 3rd of 6 = 6 days, p90 = 6th of 6 = 29 days
    assert _row(table, "Aanmelding") == [Cell(6, 6), Cell(6, 6), Cell(29, 6)]


def test_time_from_intake_to_first_placement(region):
    table = flow.time_to_first_placement(YEAR_2025, Dimension.GEMEENTE)
    # 10, 20, 30, 40, 50 days: median = 3rd of 5 = 30, p90 = 5th of 5 = 50
    assert _row(table, "Aastad") == [Cell(5, 5), Cell(30, 5), Cell(50, 5)]


def test_open_duration_is_suppressed_below_five(region):
    table = flow.open_duration(YEAR_2025, Dimension.TOTAAL)
    assert _row(table, "Totaal") == [Cell(1, 1), Cell(29, 1), Cell(29, 1)]
    assert [c.display() for c in _row(table, "Totaal")] == ["<5", "<5", "<5"]


def test_terugkeer_within_twelve_months(region):
    table = flow.terugkeer(YEAR_2025, Dimension.GEMEENTE)
    assert _row(table, "Bedorp") == [Cell(1, 1), Cell(1, 1)]


def test_uitval_and_moves_per_thousand_days(region):
    table = stays.uitval(YEAR_2025, Dimension.TOTAAL, TODAY)
    unplanned, starts, moves, days, rate, children, doorplaatsingen = _row(table, "Totaal")
    assert (unplanned.value, starts.value, moves.value, children.value) == (1, 6, 1, 5)
    assert doorplaatsingen.value == 1  # child 1: broke down on 1 March, foster care that day
    # days in 2025: child 1 gezinshuis 20 jan - 1 mar = 40, pleegzorg 1 mar - 1 jan = 306;
    # children 2-5 from 31 jan, 11 feb, 22 feb, 5 mar (start = registered + offset) to 1 jan.
    expected_days = 40 + 306 + 335 + 324 + 313 + 302
    assert days.value == expected_days
    assert rate.value == pytest.approx(1000 / expected_days)


def test_verblijf_counts_a_child_under_two_types_twice_in_the_total(region):
    table = stays.verblijf(YEAR_2025, TODAY)
    assert _row(table, "Gezinshuis") == [Cell(5, 5), Cell(5, 5), Cell(5, 5), Cell(0, 0)]
    assert _row(table, "Pleegzorg") == [Cell(1, 1), Cell(1, 1), Cell(0, 0), Cell(1, 1)]
    assert _row(table, "Totaal")[1] == Cell(6, 6)  # 5 unique children, one counted twice


def test_dimensions_age_and_problem_area(region):
    by_age = flow.instroom(YEAR_2025, Dimension.LEEFTIJD)
    assert _row(by_age, "12-15")[0].value == 4  # born 2012 (3 in Aastad, 1 in Bedorp): 13
    assert _row(by_age, "16-17")[0].value == 2  # born 2008: 17
    by_area = flow.instroom(YEAR_2025, Dimension.PROBLEEMGEBIED)
    assert _row(by_area, "Trauma")[0].value == 5
    assert _row(by_area, "Gedragsproblemen")[0].value == 1


def test_wachten_snapshot(region):
    from datetime import timedelta

    from caseflow.cases.services import move_case
    from caseflow.cases.workflow import Phase, Trigger
    from tests.case_helpers import new_case, satisfy_guards

    chair = region["chair"]
    today = date.today()
    waiting = [new_case(chair, phase=Phase.PLAATSING) for _ in range(5)]
    for case in waiting:  # in plaatsing since today - 0 days
        assert case.phase == Phase.PLAATSING
    following = new_case(chair, phase=Phase.PLAATSING)
    satisfy_guards(following, chair, Trigger.START_VOLGEN)
    move_case(following, Trigger.START_VOLGEN, chair, follow_up_weeks=1)
    following.follow_up_due_on = today - timedelta(days=1)  # the contact is a day late
    period = Period(PeriodKind.YEAR, today.year)
    table = stays.wachten(period, today)
    assert _row(table, "In fase plaatsing zonder lopende plaatsing") == [Cell(5, 5), Cell(0, 5)]
    assert _row(table, "Blijven volgen: contact verlopen")[0] == Cell(1, 1)
    assert _row(table, "Open acties")[0] == Cell(0, 0)


def test_signals_raised_acknowledged_and_followed_by_breakdown(region):
    from caseflow.database import utcnow
    from caseflow.extensions import db
    from caseflow.monitor.signals import signals
    from caseflow.risk.models import RiskFlag

    first = region["cases"][0]  # its gezinshuis placement broke down on 1 March 2025

    def flag(case, raised_on, severity="hoog", acknowledged=False, code="crises_recent"):
        db.session.add(RiskFlag(  # at most one active flag per (case, code): uq_risk_flag_active
            case_id=case.id, code=code, severity=severity, explanation="x",
            evidence=[], raised_on=raised_on, raised_at=utcnow(),
            acknowledged_at=utcnow() if acknowledged else None,
        ))

    flag(first, date(2025, 2, 1), acknowledged=True)  # 28 days before the breakdown
    # low flags do not count as foreseeing
    flag(first, date(2025, 1, 1), severity="laag", code="wisseling_regisseur")
    flag(region["cases"][1], date(2025, 5, 1))  # no breakdown follows
    flag(region["cases"][2], date(2024, 10, 1))  # outside the period
    db.session.flush()
    table = signals(YEAR_2025, Dimension.TOTAAL)
    raised, acknowledged, followed, children = _row(table, "Totaal")
    assert (raised.value, acknowledged.value, followed.value, children.value) == (3, 1, 1, 2)
    assert raised.display() == "<5"  # rests on two children


def test_respite_beside_a_running_placement_is_no_move_nor_doorplaatsing(region):
    """Issue 22: the monitor counts moves and doorplaatsingen by the one definition."""
    from caseflow.extensions import db
    from caseflow.timeline.models import Placement

    second = region["cases"][1]
    for start in (date(2025, 6, 6), date(2025, 7, 4)):  # two respite weekends, the gezinshuis runs
        db.session.add(Placement(
            case_id=second.id, type="kortdurend_verblijf", provider_name="Z", in_region=True,
            start_date=start, actual_end=start.replace(day=start.day + 2), ending="planmatig",
        ))
    db.session.flush()
    row = _row(stays.uitval(YEAR_2025, Dimension.TOTAAL, TODAY), "Totaal")
    starts, moves, doorplaatsingen = row[1], row[2], row[6]
    assert (starts.value, moves.value, doorplaatsingen.value) == (8, 1, 1)
