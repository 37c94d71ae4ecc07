"""What the monitor reads of the case facts (issue 24, point 1), as queries it can join or
filter on. Retracted framework periods and removed sibling links never count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    func,
    or_,
    select,
)
from sqlalchemy import case as case_
from sqlalchemy.orm import aliased

from caseflow.cases.fact_models import CaseFramework, SiblingLink, SiblingsOutside
from caseflow.cases.models import Case
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


@dataclass(frozen=True)
class CaseFacts:
    """What the case page shows of the facts: current periods, sibling cases, count outside."""

    frameworks: list[tuple[str, date, date | None]]
    siblings: list[tuple[int, str]]  # (case id, reference) of each linked sibling case
    outside: int | None


FACTS_READS = ("cases.facts_frameworks", "cases.facts_siblings", "cases.facts_outside")


def facts_reads(case_id: int) -> dict[str, Any]:
    """What the case page's facts panel reads, as plain selects: on the case page read with the
    other panels in one statement (core/case_page.py), elsewhere together in one."""
    other = aliased(Case)
    other_id = case_(
        (SiblingLink.case_id == case_id, SiblingLink.sibling_id), else_=SiblingLink.case_id
    )
    last = select(func.max(SiblingsOutside.id)).where(SiblingsOutside.case_id == case_id)
    return {
        "cases.facts_frameworks": select(
            CaseFramework.framework, CaseFramework.from_date, CaseFramework.until_date
        ).where(CaseFramework.case_id == case_id, CaseFramework.retracted_at.is_(None)),
        "cases.facts_siblings": (
            select(other.id, other.reference)
            .select_from(SiblingLink).join(other, other.id == other_id)
            .where(SiblingLink.removed_at.is_(None),
                   or_(SiblingLink.case_id == case_id, SiblingLink.sibling_id == case_id))
        ),
        "cases.facts_outside": select(SiblingsOutside.count).where(
            SiblingsOutside.id == last.scalar_subquery()
        ),
    }


def case_facts(case_id: int) -> CaseFacts:
    """The case page's facts, from ``facts_reads`` (no query of its own on the case page)."""
    from caseflow.core.case_page import read_all

    found = read_all(lambda: facts_reads(case_id), FACTS_READS)
    periods = found["cases.facts_frameworks"]
    frameworks = sorted(
        ((text, _day(start), _day(until)) for text, start, until in periods),
        key=lambda period: period[1],
    )
    siblings = sorted(((number, text) for number, text in found["cases.facts_siblings"]),
                      key=lambda sibling: sibling[1])
    outside = [row[0] for row in found["cases.facts_outside"]]
    return CaseFacts(frameworks, siblings, outside[0] if outside else None)


def _day(value: date | str | None) -> date | None:
    """A UNION's date column comes back as text on SQLite."""
    return date.fromisoformat(value) if isinstance(value, str) else value
