"""Which placements run in a period and for how many days, shared by the verblijf, uitval and
cost tables: a placement stops at its own end and at its case's closing."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, func, literal, or_

from caseflow.cases.models import Case
from caseflow.monitor.periods import Period
from caseflow.monitor.sql import date_of, days_between, greatest, least
from caseflow.timeline.models import Placement


def effective_end():
    """The day a placement stopped: its own end, or the day its case was closed if that is
    earlier (a placement nobody ended in a closed case does not run on, nor cost anything).
    Needs Case in the query."""
    closed = date_of(Case.closed_at)
    return case(
        (Case.closed_at.is_(None), Placement.actual_end),
        (Placement.actual_end.is_(None), closed),
        else_=least(Placement.actual_end, closed),
    )


def _overlapping(period: Period):
    """Placements running at some time in the period (the query must join Case)."""
    end = effective_end()
    return and_(
        Placement.retracted_at.is_(None),  # entered by mistake: counts for nothing
        Placement.start_date < period.end,
        or_(end.is_(None), end >= period.start),
    )


def _days_in_period(period: Period, today: date):
    """Days of the placement within the period (the end day itself not counted, so a moving
    day is not counted twice); a running placement counts up to the period's end or today,
    and no placement beyond its case's closing (the query must join Case)."""
    stop = min(period.end, today + timedelta(days=1))
    until = least(func.coalesce(effective_end(), literal(stop)), literal(stop))
    return days_between(until, greatest(Placement.start_date, literal(period.start)))
