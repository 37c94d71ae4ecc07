"""Start-page panels of the case domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from caseflow.auth.models import Role, User
from caseflow.auth.permissions import CHAIRS
from caseflow.cases.access import current_member_clause, visible_cases
from caseflow.cases.models import Case, CaseMember, PhaseProposal
from caseflow.cases.workflow import Phase
from caseflow.core.start import register_panel
from caseflow.extensions import db

LIMIT = 10


def _waiting_for_ret(user: User) -> dict[str, Any] | None:
    cases = (
        db.session.scalars(
            visible_cases(user)
            .where(Case.phase == Phase.RET_BESPREKING.value)
            .order_by(Case.phase_since)
            .limit(LIMIT)
        )
        .unique()
        .all()
    )
    return {"cases": cases} if cases else None


def _new_intakes(user: User) -> dict[str, Any] | None:
    cases = (
        db.session.scalars(
            visible_cases(user)
            .where(Case.phase == Phase.AANMELDING.value)
            .order_by(Case.phase_since)
            .limit(LIMIT)
        )
        .unique()
        .all()
    )
    return {"cases": cases} if cases else None


def _open_proposals(user: User) -> dict[str, Any] | None:
    rows = db.session.execute(
        select(PhaseProposal, Case.reference, Case.pseudonym)
        .join(Case, Case.id == PhaseProposal.case_id)
        .where(PhaseProposal.status == "open")
        .order_by(PhaseProposal.proposed_at)
        .limit(LIMIT)
    ).all()
    return {"rows": rows} if rows else None


def _my_cases(user: User) -> dict[str, Any] | None:
    rows = (
        db.session.execute(
            select(Case, CaseMember.role)
            .join(CaseMember, CaseMember.case_id == Case.id)
            .where(current_member_clause(user.id), Case.phase != Phase.AFGESLOTEN.value)
            .order_by(Case.reference)
        )
        .unique()
        .all()
    )
    return {"rows": rows} if rows else None


def register() -> None:
    register_panel(
        "cases.proposals",
        roles=CHAIRS,
        template="cases/start/proposals.html",
        load=_open_proposals,
        order=20,
    )
    register_panel(
        "cases.waiting_for_ret",
        roles=CHAIRS,
        template="cases/start/waiting.html",
        load=_waiting_for_ret,
        order=30,
    )
    register_panel(
        "cases.new_intakes",
        roles=CHAIRS,
        template="cases/start/intakes.html",
        load=_new_intakes,
        order=40,
    )
    register_panel(
        "cases.my_cases",
        roles={Role.PROFESSIONAL},
        template="cases/start/mine.html",
        load=_my_cases,
        order=10,
    )
