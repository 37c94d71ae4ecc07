"""The backtest on a small hand-made history; recall and precision worked out by hand below."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from freezegun import freeze_time

from caseflow.risk.backtest import month_starts, run_backtest
from caseflow.risk.config import DEFAULTS
from caseflow.risk.history import RawCase, RawEvent, RawPlacement

TODAY = date(2026, 7, 1)


def at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def case(cid: int, registered: date, *, closed: date | None = None, events=(), placements=()):
    transitions = [(at(registered), "aanmelding")]
    if closed:
        transitions.append((at(closed), "afgesloten"))
    return RawCase(
        id=cid, reference=f"T-{cid}", birth_year=2015, birth_month=1, registered_on=registered,
        problem_areas=frozenset(), follow_up_weeks=None,
        events=[RawEvent(cid * 100 + i, "crisis", d, at(d), None, None)
                for i, d in enumerate(events)],
        placements=list(placements), transitions=transitions,
        analyses=[at(date(2025, 11, 1))],
    )


def broken(pid: int, start: date, end: date, recorded: date | None = None) -> RawPlacement:
    return RawPlacement(pid, "gezinshuis", True, start, end, "onplanmatig",
                        at(recorded or start), at(end))


HISTORY = [
    # A: two crises in February (crises_recent on 1 Mar, 1 Apr, 1 May); the placement breaks
    # down on 15 Apr (onplanmatig_beeindigd on 1 May, 1 Jun, 1 Jul). Open Jan..Jul: 7 months.
    case(1, date(2026, 1, 1), events=[date(2026, 2, 10), date(2026, 2, 20)],
         placements=[broken(1, date(2025, 12, 1), date(2026, 4, 15), date(2026, 1, 1))]),
    # B: no warning at all; breaks down on 10 Jun (flag on 1 Jul only). 7 months.
    case(2, date(2026, 1, 1),
         placements=[broken(2, date(2025, 12, 1), date(2026, 6, 10), date(2026, 1, 1))]),
    # C: broke down in Oct 2025, before the RET knew the case (recorded at intake in May):
    # not a breakdown the flags could foresee; flagged May, Jun, Jul. 3 months.
    case(3, date(2026, 5, 1),
         placements=[broken(3, date(2025, 6, 1), date(2025, 10, 1), date(2026, 5, 1))]),
    # D: two crises in February, closed on 15 Mar: open Jan, Feb, Mar (flagged Mar). 3 months.
    case(4, date(2026, 1, 1), closed=date(2026, 3, 15),
         events=[date(2026, 2, 10), date(2026, 2, 20)]),
]


def test_month_starts():
    assert month_starts(date(2026, 1, 1), date(2026, 3, 1)) == [
        date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert month_starts(date(2025, 12, 5), date(2026, 1, 31)) == [date(2026, 1, 1)]


def test_backtest_by_hand():
    result = run_backtest(HISTORY, horizon_days=90, today=TODAY, limits=DEFAULTS)
    # case-months: A 7 + B 7 + C 3 + D 3
    assert result.case_months == 20
    # flagged (hoog/midden): A Mar, Apr, May, Jun, Jul (5); B Jul (1); C May, Jun, Jul (3);
    # D Mar (1)
    assert result.flagged_months == 10
    # followed by a breakdown within 90 days: A Mar and Apr (15 Apr); nothing else
    assert result.flagged_followed == 2
    # breakdowns while followed: A (1 Feb..1 Apr in the horizon: 1 Mar flagged) and B
    # (1 Apr, 1 May, 1 Jun: none flagged); C's breakdown predates the case.
    assert result.breakdowns == 2
    assert result.breakdowns_foreseen == 1
    assert result.recall == 1 / 2
    assert result.precision == 2 / 10
    assert result.flag_rate == 10 / 20
    rules = {r.code: r for r in result.rules}
    crises, unplanned = rules["crises_recent"], rules["onplanmatig_beeindigd"]
    assert (crises.months, crises.followed) == (4, 2)
    assert crises.foreseen == 1 and result.rule_recall(crises) == 0.5
    assert (unplanned.months, unplanned.followed) == (7, 0)
    assert unplanned.precision == 0
    assert rules["buiten_regio"].months == 0 and rules["buiten_regio"].precision is None


def test_shorter_horizon_loses_the_hit():
    # 30 days: A's breakdown (15 Apr) has only 1 Apr in its horizon: flagged (crises_recent).
    # Followed: A 1 Apr only. B: 1 Jun only, unflagged.
    result = run_backtest(HISTORY, horizon_days=30, today=TODAY, limits=DEFAULTS)
    assert (result.breakdowns, result.breakdowns_foreseen) == (2, 1)
    assert result.flagged_followed == 1 and result.precision == 1 / 10


@freeze_time(TODAY)
def test_backtest_cli_and_empty_region(app, runner):
    result = runner.invoke(args=["risk", "backtest", "--horizon-days", "60"])
    assert result.exit_code == 0, result.output
    assert "Recall" in result.output and "Precisie" in result.output
    assert "veel_plaatsingen_12m" in result.output
    refused = runner.invoke(args=["risk", "backtest", "--horizon-days", "0"])
    assert refused.exit_code != 0
