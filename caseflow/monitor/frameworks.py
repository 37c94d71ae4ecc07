"""The split by legal framework (issue 24 point 1: "terughoudend met maatregelen", "naar 0
gesloten"), read from the cases' framework periods (cases.fact_models.CaseFramework).

Which framework counts (also written in the monitor's help text, templates/monitor/_form.html):
- a table of cases (instroom, looptijd, terugkeer, ...): the framework in force on the period's
  last day (today, while the period runs); a case whose frameworks all ended earlier in the
  period counts under the one it had last. A case can have two at once (a machtiging gesloten
  jeugdhulp on top of an OTS): it counts under both, as under two problem areas.
- a table of placements (verblijf, uitval, kosten): the framework in force on the day the
  placement started, the measure under which the child was placed.
Cases or placements with no framework recorded then are under "geen kader vastgelegd".
Retracted framework periods never count."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, and_, case, func, literal, or_, select

from caseflow.cases.fact_models import CaseFramework
from caseflow.cases.models import Case
from caseflow.cases.vocab import LEGAL_FRAMEWORK_LABELS, LegalFramework
from caseflow.monitor.dimensions import register_split
from caseflow.monitor.periods import Dimension, Period
from caseflow.timeline.models import Placement

NO_FRAMEWORK = "geen kader"
ORDER = [f.value for f in LegalFramework]


def last_day(period: Period | None, today: date | None = None) -> date:
    """The day whose framework a case counts under: the period's last day, or today."""
    today = today or date.today()
    if period is None:
        return today
    return min(period.end - timedelta(days=1), today)


def _live():
    return CaseFramework.retracted_at.is_(None)


def _at_period_end(query: Select, period: Period | None) -> tuple[Select, object]:
    """Per case the framework(s) in force on the latest day of the period it had any."""
    day = literal(last_day(period))
    start = literal(period.start if period is not None else date.min)
    clipped = case(
        (or_(CaseFramework.until_date.is_(None), CaseFramework.until_date >= day), day),
        else_=CaseFramework.until_date,
    )
    ranked = (
        select(
            CaseFramework.case_id.label("case_id"),
            CaseFramework.framework.label("framework"),
            clipped.label("last"),
            func.max(clipped).over(partition_by=CaseFramework.case_id).label("latest"),
        )
        .where(
            _live(),
            CaseFramework.from_date <= day,
            or_(CaseFramework.until_date.is_(None), CaseFramework.until_date >= start),
        )
        .subquery("framework_ranked")
    )
    chosen = (
        select(ranked.c.case_id, ranked.c.framework)
        .where(ranked.c.last == ranked.c.latest)
        .distinct()
        .subquery("framework_at_end")
    )
    joined = query.outerjoin(chosen, chosen.c.case_id == Case.id)
    return joined, func.coalesce(chosen.c.framework, literal(NO_FRAMEWORK))


def _at_placement_start(query: Select) -> tuple[Select, object]:
    """The framework(s) in force on the placement's first day (the query joins Placement)."""
    periods = (
        select(
            CaseFramework.case_id,
            CaseFramework.framework,
            CaseFramework.from_date,
            CaseFramework.until_date,
        )
        .where(_live())
        .subquery("framework_periods")
    )
    joined = query.outerjoin(
        periods,
        and_(
            periods.c.case_id == Placement.case_id,
            periods.c.from_date <= Placement.start_date,
            or_(periods.c.until_date.is_(None), periods.c.until_date >= Placement.start_date),
        ),
    )
    return joined, func.coalesce(periods.c.framework, literal(NO_FRAMEWORK))


def join(query: Select, period: Period | None, placed: bool) -> tuple[Select, object]:
    return _at_placement_start(query) if placed else _at_period_end(query, period)


def label(value: object) -> str:
    try:
        text = str(LEGAL_FRAMEWORK_LABELS[LegalFramework(value)])
    except ValueError:
        return _("Geen kader vastgelegd")
    return text[:1].upper() + text[1:]


def order(value: object) -> tuple:
    return (ORDER.index(value) if value in ORDER else len(ORDER), str(value))


register_split(Dimension.JURIDISCH_KADER, join, label, order)
