"""The monitor's summary tables (issue 24 point 6): the year view's figures per period, kept by
the daily job so a request reads a few hundred rows instead of aggregating every case.

Stored per period (each month, quarter and year), not only per month: the year view's unique
children and its median are not sums of monthly figures, and storing each period's own values
is what keeps the summary exactly equal to the direct aggregate (docs/monitor-summary.md)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db


class MonitorSummaryCell(db.Model):
    """One figure of the year view: a period, a split group, a series and an item in it.

    ``split`` is ``totaal`` (group ``Totaal``) or ``gemeente`` (group: the gemeente's name as
    the monitor labels it in that period, after herindeling). ``series`` is ``indicator``
    (item: the row's index in years.INDICATOR_ROWS) or ``verblijf`` (item: the placement
    type; value: unique children)."""

    __tablename__ = "monitor_summary_cell"
    __table_args__ = (
        UniqueConstraint(
            "period_kind",
            "year",
            "number",
            "split",
            "grp",
            "series",
            "item",
            # Also the index a page's read uses: period, split and group lead.
            name="uq_monitor_summary_cell",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_kind: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    split: Mapped[str] = mapped_column(String(16))
    grp: Mapped[str] = mapped_column(String(200))
    series: Mapped[str] = mapped_column(String(16))
    item: Mapped[str] = mapped_column(String(40))
    value: Mapped[float | None] = mapped_column(Float)
    base: Mapped[int | None] = mapped_column(Integer)
    # The value was a whole number (a count, a median of days), not a float (a share, a rate):
    # read back as an int, so CSV and spreadsheet show "3", not "3,0", exactly as computed.
    whole: Mapped[bool] = mapped_column(Boolean, default=True)


class MonitorSummaryBuild(db.Model):
    """One rebuild: the day its figures are as of (shown on the page) and what it covered."""

    __tablename__ = "monitor_summary_build"

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[date] = mapped_column(Date)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_year: Mapped[int] = mapped_column(Integer)
    last_year: Mapped[int] = mapped_column(Integer)
    cells: Mapped[int] = mapped_column(Integer, default=0)
