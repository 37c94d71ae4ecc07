"""The monitor's combined and narrowed queries give the same figures as the straightforward
ones they replaced (tests/monitor_reference.py), on a generated region, for every kind of
period and every split."""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.extensions import db
from caseflow.generate.runner import generate
from caseflow.monitor import flow, services, stays
from caseflow.monitor.dimensions import label_of
from caseflow.monitor.periods import Dimension, Period, PeriodKind
from caseflow.monitor.tables import SUPPRESS_BELOW, Cell
from tests import monitor_data
from tests import monitor_reference as reference

TODAY = date(2026, 6, 15)
PERIODS = (
    Period(PeriodKind.YEAR, 2025),
    Period(PeriodKind.YEAR, 2024),
    Period(PeriodKind.YEAR, 2026),
    Period(PeriodKind.QUARTER, 2025, 3),
    Period(PeriodKind.MONTH, 2025, 6),
)


@pytest.fixture
def region(app):
    """Generated cases over four years, plus the hand-made region (a re-opening in 2025)."""
    generate(200, seed=31, years=4, reads_per_case=1, today=TODAY)
    monitor_data.build()
    db.session.flush()


def _cells(found: dict) -> dict:
    return {key: Cell.count(n) for key, n in found.items()}


def _by_label(dimension: Dimension, found: dict) -> dict:
    return {label_of(dimension, key): [Cell.count(row[0]), Cell(row[1], row[0]),
                                        Cell(row[2], row[0])] for key, row in found.items()}


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.slug)
def test_fast_queries_match_the_straightforward_ones(region, period):
    series = period.series(services.TREND_PERIODS)
    expected_trend = [
        (each.label, None if 0 < n < SUPPRESS_BELOW else n)
        for each, n in zip(series, reference.trend(series), strict=True)
    ]
    assert services.inflow_trend(period)[0][1] == expected_trend

    durations = flow.phase_durations(period)
    expected = reference.phase_durations(period)
    expected.pop("afgesloten", None)  # the table leaves out the stays in afgesloten
    assert sorted(
        (cells[0].value, cells[1].value, cells[2].value) for _label, cells in durations.rows
    ) == sorted(expected.values())

    assert stays.wachten(period, TODAY).rows == _wachten_rows(period)

    for dimension in Dimension:
        counts = flow.transition_counts(period, dimension)
        assert counts.reopened == _cells(reference.reopened(period, dimension))
        assert counts.reopened_within_year == _cells(
            reference.reopened_within_year(period, dimension)
        )
        assert counts.closed == _cells(reference.closed(period, dimension))
        first = flow.time_to_first_placement(period, dimension)
        assert dict(first.rows) == _by_label(
            dimension, reference.time_to_first_placement(period, dimension)
        )


def _wachten_rows(period: Period) -> list:
    n, median, overdue, open_count, open_overdue = reference.wachten(period, TODAY)
    return [
        ("In fase plaatsing zonder lopende plaatsing", [Cell.count(n), Cell(median, n)]),
        ("Blijven volgen: contact verlopen", [Cell.count(overdue), Cell(None)]),
        ("Open acties", [Cell.count(open_count), Cell(None)]),
        ("Verlopen acties", [Cell.count(open_overdue), Cell(None)]),
    ]


def test_the_generated_region_exercises_every_figure(region):
    """Guard against a vacuous comparison: the data has re-openings, closings, stays and first
    placements in last year."""
    last_year = PERIODS[0]
    assert reference.reopened(last_year, Dimension.TOTAAL)
    assert reference.reopened_within_year(last_year, Dimension.TOTAAL)
    assert reference.closed(last_year, Dimension.TOTAAL)
    assert len(reference.phase_durations(last_year)) >= 4
    assert reference.time_to_first_placement(last_year, Dimension.TOTAAL)
