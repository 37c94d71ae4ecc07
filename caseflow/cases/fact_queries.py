"""What the monitor reads of the case facts (issue 24, point 1), as queries it can join or
filter on. Retracted framework periods and removed sibling links never count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import Select, and_, func, or_, select

from caseflow.cases.fact_models import CaseFramework, SiblingLink, SiblingsOutside
from caseflow.extensions import db


def frameworks_in(start: date, end: date) -> Select:
    """(case_id, framework, from_date, until_date) of every framework period that was in force
    at some day of [start, end]."""
    return select(
        CaseFramework.case_id, CaseFramework.framework, CaseFramework.from_date,
        CaseFramework.until_date,
    ).where(
        CaseFramework.retracted_at.is_(None),
        CaseFramework.from_date <= end,
        or_(CaseFramework.until_date.is_(None), CaseFramework.until_date >= start),
    )


def framework_on(day: date) -> Select:
    """(case_id, framework) in force on ``day`` (a case may have two: a machtiging gesloten
    jeugdhulp on top of an OTS)."""
    periods = frameworks_in(day, day).subquery()
    return select(periods.c.case_id, periods.c.framework)


def case_has_framework(case_id_column, framework: str, start: date, end: date):
    """A clause for the monitor's split/filter: the case had ``framework`` within [start, end]."""
    return case_id_column.in_(
        select(CaseFramework.case_id).where(
            CaseFramework.framework == framework,
            CaseFramework.retracted_at.is_(None),
            CaseFramework.from_date <= end,
            or_(CaseFramework.until_date.is_(None), CaseFramework.until_date >= start),
        )
    )


def frameworks_of(case_ids: Iterable[int], start: date, end: date) -> dict[int, list[str]]:
    """{case id: the frameworks in force at some day of [start, end], in order of start}."""
    ids = sorted(set(case_ids))
    found: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return found
    rows = db.session.execute(
        frameworks_in(start, end).where(CaseFramework.case_id.in_(ids))
        .order_by(CaseFramework.case_id, CaseFramework.from_date)
    )
    for case_id, framework, _from, _until in rows:
        if framework not in found[case_id]:
            found[case_id].append(framework)
    return found


def sibling_pairs() -> Select:
    """(case_id, sibling_id) of every current sibling link, each pair once (lower id first)."""
    return select(SiblingLink.case_id, SiblingLink.sibling_id).where(
        SiblingLink.removed_at.is_(None)
    )


def siblings_of(case_ids: Iterable[int]) -> dict[int, set[int]]:
    """{case id: the ids of its linked sibling cases} (both directions)."""
    ids = sorted(set(case_ids))
    found: dict[int, set[int]] = defaultdict(set)
    if not ids:
        return found
    rows = db.session.execute(
        sibling_pairs().where(or_(SiblingLink.case_id.in_(ids), SiblingLink.sibling_id.in_(ids)))
    )
    for low, high in rows:
        found[low].add(high)
        found[high].add(low)
    return found


def siblings_outside() -> Select:
    """(case_id, count): the latest recorded number of siblings outside caseflow per case."""
    latest = (
        select(SiblingsOutside.case_id, func.max(SiblingsOutside.id).label("last_id"))
        .group_by(SiblingsOutside.case_id)
        .subquery()
    )
    return select(SiblingsOutside.case_id, SiblingsOutside.count).join(
        latest, and_(latest.c.case_id == SiblingsOutside.case_id,
                     latest.c.last_id == SiblingsOutside.id)
    )
