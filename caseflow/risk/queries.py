"""Reading stored flags: for the case page, the overview and the start page. Never runs rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_login import current_user
from sqlalchemy import Row, Subquery, case, func, select

from caseflow.auth.models import User
from caseflow.cases.access import visible_cases
from caseflow.cases.models import Case, Gemeente
from caseflow.extensions import db
from caseflow.risk.forms import AcknowledgeForm
from caseflow.risk.models import RiskFlag
from caseflow.risk.rules import SEVERITY_ORDER
from caseflow.risk.services import ACKNOWLEDGERS


def _order(flag: RiskFlag) -> tuple[int, str]:
    return (SEVERITY_ORDER.get(flag.severity, 9), flag.code)


def case_flags(case: Case) -> list[RiskFlag]:
    """All flags of the case, the active ones first (by severity), then the history."""
    flags = list(
        db.session.scalars(
            select(RiskFlag)
            .where(RiskFlag.case_id == case.id)
            .order_by(RiskFlag.raised_at.desc(), RiskFlag.id.desc())
        )
    )
    return flags


def case_flags_context(case: Case) -> dict[str, Any]:
    """What ``risk/_case_flags.html`` needs, under the key ``risk_context`` (one query)."""
    flags = case_flags(case)
    user = current_user if current_user and current_user.is_authenticated else None
    may_acknowledge = user is not None and user.role in ACKNOWLEDGERS
    return {
        "risk_context": {
            "active": sorted((f for f in flags if f.active), key=_order),
            "history": [f for f in flags if not f.active],
            "may_acknowledge": may_acknowledge,
            "form": AcknowledgeForm() if may_acknowledge else None,
        }
    }


PER_PAGE = 25
MAX_PAGE = 1_000_000  # any page number beyond this is past the end too (keeps OFFSET in range)
SEVERITIES = tuple(sorted(SEVERITY_ORDER, key=SEVERITY_ORDER.get))  # hoog, midden, laag


@dataclass(frozen=True)
class OverviewFlag:
    code: str
    severity: str
    explanation: str
    acknowledged: bool


@dataclass
class OverviewRow:
    """One case of the overview, with only what the page shows."""

    case_id: int
    reference: str
    pseudonym: str
    gemeente: str
    phase: str
    flags: list[OverviewFlag] = field(default_factory=list)


@dataclass
class OverviewFilters:
    code: str = ""
    gemeente: int | None = None
    phase: str = ""


@dataclass
class OverviewPage:
    rows: list[OverviewRow]
    total: int  # flagged cases matching the filters
    page: int
    per_page: int
    by_severity: dict[str, int]  # flagged cases per their most severe active flag

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _rank():
    """The severity as a number, 0 the most severe (as ``SEVERITY_ORDER``), in SQL."""
    return case(SEVERITY_ORDER, value=RiskFlag.severity, else_=len(SEVERITY_ORDER))


def _flagged(user: User, filters: OverviewFilters) -> Subquery:
    """Per visible case with active flags that match the filters: its most severe rank and its
    number of active flags, aggregated in SQL from the active flags alone (index
    ``ix_risk_flag_active``); the case table is read only when a condition needs it."""
    query = (
        select(
            RiskFlag.case_id.label("case_id"),
            func.min(_rank()).label("worst"),
            func.count().label("flags"),
        )
        .where(RiskFlag.cleared_at.is_(None))
        .group_by(RiskFlag.case_id)
    )
    cases = visible_cases(user)
    if filters.gemeente:
        cases = cases.where(Case.gemeente_id == filters.gemeente)
    if filters.phase:
        cases = cases.where(Case.phase == filters.phase)
    if cases.whereclause is not None:  # region-wide roles without filters: every case
        query = query.where(RiskFlag.case_id.in_(cases.with_only_columns(Case.id)))
    if filters.code:
        query = query.where(
            RiskFlag.case_id.in_(
                select(RiskFlag.case_id).where(
                    RiskFlag.code == filters.code, RiskFlag.cleared_at.is_(None)
                )
            )
        )
    return query.subquery("flagged")


def _counts(flagged: Subquery) -> dict[str, int]:
    counts = dict(
        db.session.execute(select(flagged.c.worst, func.count()).group_by(flagged.c.worst)).all()
    )
    return {s: counts.get(SEVERITY_ORDER[s], 0) for s in SEVERITIES}


def _page_rows(flagged: Subquery, page: int, per_page: int) -> list[Row]:
    """One page of cases in the overview's order, each row with the counts of the whole list
    (window functions, so the aggregation runs once)."""
    ranked = (
        select(
            flagged.c.case_id,
            flagged.c.worst,
            flagged.c.flags,
            Case.reference,
            func.count().over().label("total"),
            *(
                func.sum(case((flagged.c.worst == SEVERITY_ORDER[s], 1), else_=0)).over().label(s)
                for s in SEVERITIES
            ),
        )
        .join(Case, Case.id == flagged.c.case_id)
        .order_by(flagged.c.worst, flagged.c.flags.desc(), Case.reference, flagged.c.case_id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .subquery("ranked")
    )
    return list(
        db.session.execute(
            select(ranked, Case.pseudonym, Case.phase, Gemeente.name.label("gemeente"))
            .join(Case, Case.id == ranked.c.case_id)
            .join(Gemeente, Gemeente.id == Case.gemeente_id)
            .order_by(ranked.c.worst, ranked.c.flags.desc(), ranked.c.reference, ranked.c.case_id)
        )
    )


def overview(
    user: User, filters: OverviewFilters, page: int = 1, per_page: int = PER_PAGE
) -> OverviewPage:
    """One page of the cases with active flags: most severe first, then most active flags, then
    by reference. Two queries whatever the number of cases (the page with the counts, the page's
    flags); a page past the end shows the last page (two more queries)."""
    flagged = _flagged(user, filters)
    page = min(max(1, page), MAX_PAGE)
    rows = _page_rows(flagged, page, per_page)
    if rows:
        by_severity = {s: int(getattr(rows[0], s)) for s in SEVERITIES}
    elif page == 1:
        by_severity = dict.fromkeys(SEVERITIES, 0)
    else:  # past the end (or nothing at all): count, then show the last page
        by_severity = _counts(flagged)
    result = OverviewPage([], sum(by_severity.values()), page, per_page, by_severity)
    if not rows and result.total:
        result.page = result.pages
        rows = _page_rows(flagged, result.page, per_page)
    elif not rows:
        result.page = 1
    found = {
        r.case_id: OverviewRow(r.case_id, r.reference, r.pseudonym, r.gemeente, r.phase)
        for r in rows
    }
    if found:
        flags = db.session.execute(
            select(
                RiskFlag.case_id, RiskFlag.code, RiskFlag.severity, RiskFlag.explanation,
                RiskFlag.acknowledged_at.is_not(None),
            )
            .where(RiskFlag.case_id.in_(list(found)), RiskFlag.cleared_at.is_(None))
            .order_by(RiskFlag.case_id, _rank(), RiskFlag.code)
        )
        for case_id, *values in flags:
            found[case_id].flags.append(OverviewFlag(*values))
    result.rows = list(found.values())
    return result
