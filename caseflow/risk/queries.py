"""Reading stored flags: for the case page, the overview and the start page. Never runs rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_login import current_user
from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.cases.access import visible_cases
from caseflow.cases.models import Case
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


@dataclass
class OverviewRow:
    case: Case
    flags: list[RiskFlag] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple[int, int, str]:
        worst = min((SEVERITY_ORDER[f.severity] for f in self.flags), default=9)
        return (worst, -len(self.flags), self.case.reference)


@dataclass
class OverviewFilters:
    code: str = ""
    gemeente: int | None = None
    phase: str = ""


def overview(user: User, filters: OverviewFilters) -> list[OverviewRow]:
    """Cases with active flags, most severe and most flags first; a fixed number of queries."""
    cases = visible_cases(user).with_only_columns(Case.id)
    query = (
        select(RiskFlag, Case)
        .join(Case, Case.id == RiskFlag.case_id)
        .where(RiskFlag.cleared_at.is_(None), Case.id.in_(cases))
    )
    if filters.code:
        flagged = select(RiskFlag.case_id).where(
            RiskFlag.code == filters.code, RiskFlag.cleared_at.is_(None)
        )
        query = query.where(Case.id.in_(flagged))
    if filters.gemeente:
        query = query.where(Case.gemeente_id == filters.gemeente)
    if filters.phase:
        query = query.where(Case.phase == filters.phase)
    rows: dict[int, OverviewRow] = {}
    for flag, case in db.session.execute(query).unique():
        rows.setdefault(case.id, OverviewRow(case)).flags.append(flag)
    for row in rows.values():
        row.flags.sort(key=_order)
    return sorted(rows.values(), key=lambda r: r.sort_key)
