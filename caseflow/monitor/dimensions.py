"""How a case-based query is split by a dimension: the extra join and the group label."""

from __future__ import annotations

from sqlalchemy import Select, case, literal

from caseflow.cases.models import Case, CaseProblemArea, Gemeente
from caseflow.cases.vocab import PROBLEM_AREA_LABELS, REFERRER_LABELS
from caseflow.monitor.periods import Dimension
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


def split(query: Select, dimension: Dimension) -> tuple[Select, object]:
    """``query`` (already selecting from Case) with the join the dimension needs, and the label."""
    if dimension is Dimension.GEMEENTE:
        return query.join(Gemeente, Gemeente.id == Case.gemeente_id), Gemeente.name
    if dimension is Dimension.VERWIJZER:
        return query, Case.referrer_type
    if dimension is Dimension.LEEFTIJD:
        return query, age_group()
    if dimension is Dimension.PROBLEEMGEBIED:
        joined = query.join(CaseProblemArea, CaseProblemArea.case_id == Case.id)
        return joined, CaseProblemArea.area
    return query, literal("totaal")


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
