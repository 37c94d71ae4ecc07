"""The year view's summary (issue 24 point 6): rebuilt by the daily job, read by years.py.

``rebuild`` runs the direct aggregates of years.py once for every month, quarter and year of
the last ``YEARS_KEPT`` years, for the region and per gemeente, and stores their cells; a page
then reads the few hundred rows of its four periods. A period the summary does not cover (a
fresh install before the first run, a year outside the range) is computed directly, as before.
The trade-off (figures as of the last run, not of this minute) is in docs/monitor-summary.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, insert, select, tuple_

from caseflow.extensions import db
from caseflow.monitor.dimensions import WHOLE, current_scope
from caseflow.monitor.periods import Dimension, Period, PeriodKind
from caseflow.monitor.summary_models import MonitorSummaryBuild, MonitorSummaryCell
from caseflow.monitor.tables import Cell

# The page offers the last ten years and shows each with the three before it.
YEARS_KEPT = 13
SPLITS = {"totaal": Dimension.TOTAAL, "gemeente": Dimension.GEMEENTE}
REGION_GROUP = "Totaal"


@dataclass
class Stored:
    """One period's stored figures for one group."""

    indicators: list[Cell] | None = None
    verblijf: dict[str, int] = field(default_factory=dict)


def periods_between(first_year: int, last_year: int) -> list[Period]:
    found = []
    for year in range(first_year, last_year + 1):
        found.append(Period(PeriodKind.YEAR, year))
        found += [Period(PeriodKind.QUARTER, year, q) for q in range(1, 5)]
        found += [Period(PeriodKind.MONTH, year, m) for m in range(1, 13)]
    return found


def _cell_row(period: Period, split: str, group: str, series: str, item: str, cell) -> dict:
    value = cell.value if isinstance(cell, Cell) else cell
    base = cell.base if isinstance(cell, Cell) else None
    return {
        "period_kind": period.kind.value,
        "year": period.year,
        "number": period.number,
        "split": split,
        "grp": group,
        "series": series,
        "item": item,
        "value": None if value is None else float(value),
        "base": base,
        "whole": value is None or not isinstance(value, float),
    }


def rebuild(today: date, years_kept: int | None = None) -> int:
    """Replaces the summary by the figures as of ``today`` for the last ``years_kept`` years
    (also years without cases: a covered period never falls back to the direct aggregate);
    returns the number of cells. Flushes only: the daily job commits it with its "done" mark."""
    from caseflow.monitor import years

    first_year = today.year - (years_kept or YEARS_KEPT) + 1
    rows: list[dict] = []
    for period in periods_between(first_year, today.year):
        for split, dimension in SPLITS.items():
            for group, cells in years.indicator_cells(period, today, dimension).items():
                rows += [
                    _cell_row(period, split, group, "indicator", str(i), cell)
                    for i, cell in enumerate(cells)
                ]
            for group, counted in years.verblijf_counts(period, today, dimension).items():
                rows += [
                    _cell_row(period, split, group, "verblijf", kind, n)
                    for kind, n in counted.items()
                ]
    db.session.execute(delete(MonitorSummaryCell))
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(MonitorSummaryCell), rows[start : start + 5000])
    db.session.add(
        MonitorSummaryBuild(
            as_of=today, first_year=first_year, last_year=today.year, cells=len(rows)
        )
    )
    db.session.flush()
    return len(rows)


def latest_build() -> MonitorSummaryBuild | None:
    return db.session.scalar(
        select(MonitorSummaryBuild).order_by(MonitorSummaryBuild.id.desc()).limit(1)
    )


def covers(build: MonitorSummaryBuild | None, period: Period) -> bool:
    return build is not None and build.first_year <= period.year <= build.last_year


def read(
    periods: list[Period], split: str, group: str
) -> tuple[MonitorSummaryBuild | None, dict[Period, Stored]]:
    """The stored figures (both series) of ``group`` for the periods the latest build covers
    (a covered period without rows for the group had nothing to count for it). Two queries.
    The summary holds the unscoped figures: with a switch on (contracted only, RET cases only)
    or for a consulent's gemeente, nothing is read from it and every period is computed."""
    if current_scope() != WHOLE:
        return None, {}
    build = latest_build()
    covered = [p for p in periods if covers(build, p)]
    if not covered:
        return build, {}
    found = {p: Stored() for p in covered}
    by_key = {(p.kind.value, p.year, p.number): p for p in covered}
    query = select(
        MonitorSummaryCell.period_kind,
        MonitorSummaryCell.year,
        MonitorSummaryCell.number,
        MonitorSummaryCell.series,
        MonitorSummaryCell.item,
        MonitorSummaryCell.value,
        MonitorSummaryCell.base,
        MonitorSummaryCell.whole,
    ).where(
        tuple_(
            MonitorSummaryCell.period_kind, MonitorSummaryCell.year, MonitorSummaryCell.number
        ).in_(list(by_key)),
        MonitorSummaryCell.split == split,
        MonitorSummaryCell.grp == group,
    )
    indicators: dict[Period, dict[int, Cell]] = {}
    for kind, year, number, series, item, value, base, whole in db.session.execute(query):
        period = by_key[(kind, year, number)]
        if whole and value is not None:
            value = int(value)
        if series == "verblijf":
            found[period].verblijf[item] = int(value or 0)
        else:
            indicators.setdefault(period, {})[int(item)] = Cell(value, base)
    for period, cells in indicators.items():
        found[period].indicators = [cells[i] for i in sorted(cells)]
    return build, found
