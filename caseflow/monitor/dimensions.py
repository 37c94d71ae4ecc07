"""How a case-based query is split by a dimension: the extra join and the group label."""

from __future__ import annotations

from sqlalchemy import Select, and_, case, literal
from sqlalchemy.orm import aliased

from caseflow.cases.models import Case, CaseProblemArea, Gemeente
from caseflow.cases.vocab import PROBLEM_AREA_LABELS, REFERRER_LABELS
from caseflow.monitor.periods import Dimension, Period
from caseflow.monitor.sql import year_of

AGE_GROUPS = ("0-11", "12-15", "16-17", "18+")


def age_group():
    """Age group at registration, from birth year (the birth day is not stored)."""
    age = year_of(Case.registered_on) - Case.birth_year
    return case(
        (age < 12, literal("0-11")),
        (age < 16, literal("12-15")),
        (age < 18, literal("16-17")),
        else_=literal("18+"),
    )


def split(
    query: Select, dimension: Dimension, period: Period | None = None
) -> tuple[Select, object]:
    """``query`` (already selecting from Case) with the join the dimension needs, and the label."""
    if dimension is Dimension.GEMEENTE:
        joined = query.join(Gemeente, Gemeente.id == Case.gemeente_id)
        if period is None:
            return joined, Gemeente.name
        return _gemeente_in(joined, period)
    if dimension is Dimension.VERWIJZER:
        return query, Case.referrer_type
    if dimension is Dimension.LEEFTIJD:
        return query, age_group()
    if dimension is Dimension.PROBLEEMGEBIED:
        joined = query.join(CaseProblemArea, CaseProblemArea.case_id == Case.id)
        return joined, CaseProblemArea.area
    return query, literal("totaal")


def _gemeente_in(query: Select, period: Period) -> tuple[Select, object]:
    """Herindeling: a period that starts after a gemeente's last day counts its cases under
    the successor (Weesp's cases under Amsterdam from 2022 on); earlier periods keep the old
    name. One step of succession, which is what a region meets in practice."""
    successor = aliased(Gemeente)
    start = literal(period.start)  # one bound value, used by the select and its GROUP BY
    label = case(
        (and_(Gemeente.valid_until.is_not(None), Gemeente.valid_until < start,
              successor.id.is_not(None)), successor.name),
        else_=Gemeente.name,
    )
    return query.outerjoin(successor, successor.id == Gemeente.successor_id), label


def label_of(dimension: Dimension, value: object) -> str:
    if dimension is Dimension.VERWIJZER:
        return str(REFERRER_LABELS.get(value, value))
    if dimension is Dimension.PROBLEEMGEBIED:
        return str(PROBLEM_AREA_LABELS.get(value, value))
    if dimension is Dimension.TOTAAL:
        return "Totaal"
    return str(value)


def order_key(dimension: Dimension, value: object) -> tuple:
    if dimension is Dimension.LEEFTIJD and value in AGE_GROUPS:
        return (AGE_GROUPS.index(value),)
    return (str(value),)
