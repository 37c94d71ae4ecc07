"""The monitor as a whole: which indicators, for which period and split."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.monitor import flow, stays
from caseflow.monitor.periods import Dimension, Period
from caseflow.monitor.tables import SUPPRESS_BELOW, Table

TREND_PERIODS = 8


@dataclass
class Monitor:
    period: Period
    dimension: Dimension
    tables: list[Table]
    trend: list[tuple[str, list[tuple[str, int | None]]]]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def build(period: Period, dimension: Dimension, today: date | None = None) -> Monitor:
    today = today or date.today()
    tables = [
        flow.instroom(period, dimension),
        flow.phase_durations(period),
        flow.time_to_first_placement(period, dimension),
        flow.open_duration(period, dimension),
        flow.terugkeer(period, dimension),
        stays.uitval(period, dimension, today),
        stays.verblijf(period, today),
        stays.wachten(period, today),
    ]
    tables += _extra_tables(period, dimension)
    return Monitor(period, dimension, tables, inflow_trend(period))


def _extra_tables(period: Period, dimension: Dimension) -> list[Table]:
    """Indicators other domains contribute (e.g. risk signals), registered in MONITOR_TABLES."""
    return [make(period, dimension) for make in MONITOR_TABLES]


def _signals(period: Period, dimension: Dimension) -> Table:
    from caseflow.monitor.signals import signals

    return signals(period, dimension)


MONITOR_TABLES: list = [_signals]


def inflow_trend(period: Period) -> list[tuple[str, list[tuple[str, int | None]]]]:
    """New cases over the last periods (one small query per period; a fixed number)."""
    points = []
    for each in period.series(TREND_PERIODS):
        count = (
            db.session.scalar(
                select(func.count(Case.id)).where(
                    Case.registered_on >= each.start, Case.registered_on < each.end
                )
            )
            or 0
        )
        points.append((each.label, None if 0 < count < SUPPRESS_BELOW else count))
    return [(_("Aanmeldingen"), points)]
