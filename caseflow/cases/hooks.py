"""What the cases domain adds to the packages below it, at app start: who is a member of a case
(for auth's case rule), what privacy's name list needs from cases, and the start-page panels."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from caseflow.auth.permissions import register_case_hooks
from caseflow.cases import access, start_panels
from caseflow.cases.models import Case, CaseMember, Gemeente
from caseflow.cases.vocab import MEMBER_ROLE_LABELS, MemberRole
from caseflow.extensions import db
from caseflow.privacy.known import register_case_knowledge, register_names
from caseflow.privacy.known_names import KnownNames


def member_roles(case: Case) -> dict[int, str]:
    """{user id: role in the case}; a member's current role wins over an ended one."""
    roles: dict[int, str] = {}
    for user_id, role in db.session.execute(
        select(CaseMember.user_id, CaseMember.role)
        .where(CaseMember.case_id == case.id)
        .order_by(CaseMember.until.is_not(None), CaseMember.id)  # current role first
    ):
        roles.setdefault(user_id, role)
    if case.casusregisseur_id:
        roles.setdefault(case.casusregisseur_id, MemberRole.CASUSREGISSEUR.value)
    return roles


def member_role_label(role: str) -> Any:
    return MEMBER_ROLE_LABELS.get(role, role)


def find_case(reference: str) -> Case | None:
    return db.session.scalar(select(Case).where(Case.reference == reference))


def add_gemeente_names(known: KnownNames) -> None:
    for (name,) in db.session.execute(select(Gemeente.name)):
        known.add(name, "[gemeente]", kind="gemeente", parts=False)
        known.add(f"gemeente {name}", "[gemeente]", kind="gemeente", parts=False)


def register() -> None:
    register_case_hooks(
        membership_of=access.membership_of,
        membership_ended=access.membership_ended,
        case_by_reference=access.case_by_reference,
    )
    register_case_knowledge(
        member_roles=member_roles, member_role_label=member_role_label, find_case=find_case
    )
    register_names(add_gemeente_names)
    start_panels.register()
