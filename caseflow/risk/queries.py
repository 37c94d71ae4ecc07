"""Reading stored flags: for the case page, the overview and the start page. Never runs rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_login import current_user
from sqlalchemy import Row, Select, and_, exists, func, select

from caseflow.auth.models import User
from caseflow.cases.access import visible_cases
from caseflow.cases.models import Case, Gemeente
from caseflow.core.case_page import read
from caseflow.extensions import db
from caseflow.risk.config import thresholds
from caseflow.risk.forms import AcknowledgeForm
from caseflow.risk.models import RiskCaseSummary, RiskFlag
from caseflow.risk.rules import SEVERITY_ORDER
from caseflow.risk.services import ACKNOWLEDGERS
from caseflow.risk.summary import rank_sql


def _order(flag: RiskFlag) -> tuple[int, str]:
    return (SEVERITY_ORDER.get(flag.severity, 9), flag.code)


def case_flags_query(case: Case) -> Select:
    return (
        select(RiskFlag)
        .where(RiskFlag.case_id == case.id)
        .order_by(RiskFlag.raised_at.desc(), RiskFlag.id.desc())
    )


def case_flags(case: Case) -> list[RiskFlag]:
    """All flags of the case, newest first (on the case page read with the other panels)."""
    return read("risk.flags", case_flags_query(case))


def case_flags_context(case: Case) -> dict[str, Any]:
    """What ``risk/_case_flags.html`` needs, under the key ``risk_context`` (two queries: the
    flags, and the region's settings their labels name, read whether or not there are flags)."""
    flags = case_flags(case)
    thresholds()  # cached for the request: the labels' numbers
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
SEVERITIES = ("hoog", "midden", "laag")  # shown in the overview; informatie on the case page
SHOWN_RANKS = len(SEVERITIES)  # summary ranks below this: a case with a shown flag


@dataclass(frozen=True)
class OverviewFlag:
    code: str
    severity: str
    explanation: str
    acknowledged: bool
    message: dict | None = None
    raised_at: datetime | None = None
    new: bool = False  # raised since the reader last looked (settings.mark_seen)


@dataclass
class OverviewRow:
    """One case of the overview, with only what the page shows: one line per child, its
    strongest flag first (``flags`` is in severity order) and the others folded in."""

    case_id: int
    reference: str
    pseudonym: str
    gemeente: str
    phase: str
    flags: list[OverviewFlag] = field(default_factory=list)

    @property
    def strongest(self) -> OverviewFlag:
        return self.flags[0]

    @property
    def others(self) -> list[OverviewFlag]:
        return self.flags[1:]

    @property
    def new(self) -> bool:
        return any(f.new for f in self.flags)


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


def _matching(user: User, filters: OverviewFilters) -> list:
    """Conditions on ``risk_case_summary`` for the visible cases that match the filters; none
    for a region-wide role without filters (the common path: the summary's index alone)."""
    conditions = [RiskCaseSummary.worst_rank < SHOWN_RANKS]  # not the informatie-only cases
    cases = visible_cases(user)
    if filters.gemeente:
        cases = cases.where(Case.gemeente_id == filters.gemeente)
    if filters.phase:
        cases = cases.where(Case.phase == filters.phase)
    if cases.whereclause is not None:  # region-wide roles without filters: every case
        conditions.append(RiskCaseSummary.case_id.in_(cases.with_only_columns(Case.id)))
    if filters.code:
        conditions.append(
            exists().where(
                RiskFlag.case_id == RiskCaseSummary.case_id,
                RiskFlag.code == filters.code,
                RiskFlag.cleared_at.is_(None),
            )
        )
    return conditions


def _counts(conditions: list) -> dict[str, int]:
    """Flagged cases per their most severe active flag (an index-only count without filters)."""
    counts = dict(
        db.session.execute(
            select(RiskCaseSummary.worst_rank, func.count())
            .where(*conditions)
            .group_by(RiskCaseSummary.worst_rank)
        ).all()
    )
    return {s: counts.get(SEVERITY_ORDER[s], 0) for s in SEVERITIES}


def _page_rows(conditions: list, page: int, per_page: int) -> list[Row]:
    """One page of cases in the overview's order (the summary's index order), with the case's
    shown columns and its active flags: one row per flag, in the page's order."""
    order = (
        RiskCaseSummary.worst_rank,
        RiskCaseSummary.active_count.desc(),
        RiskCaseSummary.reference,
        RiskCaseSummary.case_id,
    )
    ranked = (
        select(
            RiskCaseSummary.case_id, RiskCaseSummary.worst_rank, RiskCaseSummary.active_count,
            RiskCaseSummary.reference,
        )
        .where(*conditions)
        .order_by(*order)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .subquery("ranked")
    )
    return list(
        db.session.execute(
            select(
                ranked.c.case_id, ranked.c.reference, Case.pseudonym, Case.phase,
                Gemeente.name.label("gemeente"), RiskFlag.code, RiskFlag.severity,
                RiskFlag.explanation, RiskFlag.acknowledged_at.is_not(None).label("acknowledged"),
                RiskFlag.message, RiskFlag.raised_at,
            )
            .join(Case, Case.id == ranked.c.case_id)
            .join(Gemeente, Gemeente.id == Case.gemeente_id)
            .join(
                RiskFlag,
                and_(
                    RiskFlag.case_id == ranked.c.case_id, RiskFlag.cleared_at.is_(None),
                    RiskFlag.severity.in_(SEVERITIES),
                ),
            )
            .order_by(
                ranked.c.worst_rank, ranked.c.active_count.desc(), ranked.c.reference,
                ranked.c.case_id, rank_sql(), RiskFlag.code,
            )
        )
    )


def overview(
    user: User, filters: OverviewFilters, page: int = 1, per_page: int = PER_PAGE,
    seen_before: datetime | None = None,
) -> OverviewPage:
    """One page of the cases with active flags: most severe first, then most active flags, then
    by reference. Two queries whatever the number of cases (the counts per severity, then the
    page with its flags), both on the per-case summary kept by ``recompute``; a page past the
    end shows the last page, bad page values the first. A flag raised after ``seen_before`` is
    new (all are, without it: the reader never looked)."""
    conditions = _matching(user, filters)
    by_severity = _counts(conditions)
    result = OverviewPage([], sum(by_severity.values()), 1, per_page, by_severity)
    result.page = min(max(1, page), result.pages)  # past the end: the last page
    found: dict[int, OverviewRow] = {}
    for r in _page_rows(conditions, result.page, per_page) if result.total else ():
        row = found.get(r.case_id)
        if row is None:
            row = found[r.case_id] = OverviewRow(
                r.case_id, r.reference, r.pseudonym, r.gemeente, r.phase
            )
        new = seen_before is None or r.raised_at > seen_before
        row.flags.append(OverviewFlag(
            r.code, r.severity, r.explanation, r.acknowledged, r.message, r.raised_at, new
        ))
    result.rows = list(found.values())
    return result
