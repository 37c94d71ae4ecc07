"""The year view's summary tables (issue 24 point 6): on a generated region the figures read
from the summary are exactly those of the direct aggregate, for the region and per gemeente;
the daily job refreshes them; a page reads a fixed, small number of rows and queries."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from caseflow.cases.models import Gemeente
from caseflow.extensions import db
from caseflow.generate.runner import generate
from caseflow.jobs import services as jobs
from caseflow.monitor import summary, years
from caseflow.monitor.periods import Period, PeriodKind
from caseflow.monitor.summary_models import MonitorSummaryBuild, MonitorSummaryCell
from tests import monitor_data
from tests.case_helpers import new_case

TODAY = date(2026, 6, 15)
PERIODS = (
    Period(PeriodKind.YEAR, 2025),
    Period(PeriodKind.YEAR, 2026),
    Period(PeriodKind.YEAR, 2024),
    Period(PeriodKind.QUARTER, 2025, 3),
    Period(PeriodKind.QUARTER, 2026, 1),
    Period(PeriodKind.MONTH, 2025, 6),
    Period(PeriodKind.MONTH, 2026, 2),
)


@pytest.fixture
def region(app):
    """Generated cases over four years, plus the hand-made region (a re-opening in 2025)."""
    generate(200, seed=31, years=4, reads_per_case=1, today=TODAY)
    monitor_data.build()
    db.session.flush()


def _exact(table) -> list:
    """Every number of a table with its type (3 and 3.0 print differently in a CSV), base and
    whether it is hidden; and the labels and columns."""
    return [
        table.columns,
        [
            (label, [(c.value, type(c.value), c.base, c.suppressed) for c in cells])
            for label, cells in table.rows
        ],
    ]


def _views(period: Period, gemeenten: list[str]) -> dict:
    found = {}
    for gemeente in [None, *gemeenten]:
        found[(gemeente, "indicators")] = _exact(years.indicator_series(period, TODAY, gemeente))
        found[(gemeente, "verblijf")] = _exact(years.verblijf_series(period, TODAY, gemeente))
    return found


def test_the_summary_gives_exactly_what_the_direct_aggregate_gives(region):
    gemeenten = sorted(db.session.scalars(select(Gemeente.name)))
    direct = {period: _views(period, gemeenten) for period in PERIODS}
    assert years.indicator_series(PERIODS[0], TODAY).as_of is None  # nothing stored yet

    cells = summary.rebuild(TODAY, years_kept=4)

    assert cells == db.session.scalar(select(func.count()).select_from(MonitorSummaryCell))
    assert cells > 0
    for period in PERIODS:
        assert _views(period, gemeenten) == direct[period], period
    # ... and the figures did come from the summary (every period above is covered).
    assert years.indicator_series(PERIODS[0], TODAY).as_of == TODAY
    assert years.verblijf_series(PERIODS[3], TODAY, gemeenten[0]).as_of == TODAY
    # Something to compare: the region had cases, placements and more than one gemeente.
    region_2025 = direct[PERIODS[0]][(None, "indicators")][1]
    assert region_2025[0][1][-2][0] > 0  # aanmeldingen in 2025
    assert direct[PERIODS[0]][(None, "verblijf")][1]
    assert len(gemeenten) > 1


def test_a_period_outside_the_summary_is_computed_directly(region):
    outside = Period(PeriodKind.YEAR, TODAY.year + 1)  # the page offers next year too
    direct = _exact(years.indicator_series(outside, TODAY))
    summary.rebuild(TODAY, years_kept=4)
    assert not summary.covers(summary.latest_build(), outside)
    table = years.indicator_series(outside, TODAY)
    assert table.as_of == TODAY  # its three periods before come from the summary
    assert _exact(table) == direct


def _aanmeldingen(period: Period) -> int:
    table = years.indicator_series(period, TODAY)
    return table.rows[0][1][-2].value


def test_the_daily_job_refreshes_the_summary(app, monkeypatch):
    monkeypatch.setattr(summary, "YEARS_KEPT", 2)  # the job's own range, kept short here
    generate(60, seed=5, years=2, reads_per_case=1, today=TODAY)
    db.session.commit()
    assert "monitor_summary" in [name for name, _step in jobs.STEPS]
    this_year = Period(PeriodKind.YEAR, TODAY.year)
    result = jobs.run_daily(TODAY)
    assert result.run.status == "ok", result.run.error
    before = _aanmeldingen(this_year)
    assert db.session.scalar(select(MonitorSummaryBuild.as_of)) == TODAY

    new_case(registered_on=date(TODAY.year, 3, 1))
    db.session.commit()
    # Until the next run the page shows the figures as of the last one (and says so) ...
    assert _aanmeldingen(this_year) == before
    next_day = date(TODAY.year, TODAY.month, TODAY.day + 1)
    result = jobs.run_daily(next_day)
    assert result.run.status == "ok", result.run.error
    # ... the next night's run counts the new case.
    assert _aanmeldingen(this_year) == before + 1
    assert summary.latest_build().as_of == next_day


def test_the_year_view_reads_a_fixed_number_of_queries(chair_client, count_queries):
    generate(40, seed=8, years=3, reads_per_case=1)
    summary.rebuild(date.today(), years_kept=5)
    db.session.commit()
    url = f"/monitor/jaren?period=year&year={date.today().year - 1}"
    with count_queries() as small:
        page = chair_client.get(url)
    assert page.status_code == 200
    assert "data-as-of" in page.get_data(as_text=True)
    generate(120, seed=9, years=3, reads_per_case=1)
    summary.rebuild(date.today(), years_kept=5)
    db.session.commit()
    with count_queries() as large:
        assert chair_client.get(url).status_code == 200
    assert len(large) == len(small)
    # The series themselves: the build stamp and the rows of both tables.
    period = Period(PeriodKind.YEAR, date.today().year - 1)
    with count_queries() as reads:
        both = years.series(period)
    assert len(reads) == 2
    assert [table.key for table in both] == ["jaren_indicatoren", "jaren_verblijf"]


def test_a_switch_or_a_consulents_gemeente_reads_no_summary(region):
    """The summary holds the unscoped region: with RET cases only, contracted only or a
    consulent's gemeente the series are computed directly, with that scope applied."""
    from caseflow.monitor.dimensions import Scope, scoped

    period = PERIODS[0]
    gemeente_id = db.session.scalar(select(func.min(Gemeente.id)))
    scopes = (Scope(ret_only=True), Scope(contracted_only=True), Scope(gemeente_id=gemeente_id))
    direct = {}
    for scope in scopes:
        with scoped(scope):
            direct[scope] = _exact(years.verblijf_series(period, TODAY)), _exact(
                years.indicator_series(period, TODAY))
    unscoped = _exact(years.indicator_series(period, TODAY))
    summary.rebuild(TODAY, years_kept=4)
    assert years.indicator_series(period, TODAY).as_of == TODAY
    for scope in scopes:
        with scoped(scope):
            indicators = years.indicator_series(period, TODAY)
            assert indicators.as_of is None, scope
            assert (_exact(years.verblijf_series(period, TODAY)), _exact(indicators)) == (
                direct[scope])
    # Something to tell apart: RET cases only counts fewer aanmeldingen than the region.
    assert direct[scopes[0]][1] != unscoped
