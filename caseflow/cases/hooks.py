"""What the cases domain registers at app start: for the packages below it, who is a member of a
case (auth's case rule) and what privacy's name list needs from cases; its start-page panels, on the
case page the list of corrections of the intake data, and its template labels. Safe to call more
than once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from caseflow.auth.permissions import register_case_hooks
from caseflow.cases import access, start_panels, vocab
from caseflow.cases.corrections import corrections_context, corrections_reads
from caseflow.cases.fact_queries import facts_reads
from caseflow.cases.fact_services import facts_panel_context
from caseflow.cases.models import Case, CaseMember, Gemeente
from caseflow.cases.vocab import MEMBER_ROLE_LABELS, MemberRole
from caseflow.core.case_page import register_case_panel
from caseflow.core.labels import register_labels, register_template_value
from caseflow.extensions import db
from caseflow.privacy.known import register_case_knowledge, register_names
from caseflow.privacy.known_names import KnownNames


def _corrections(case: Case, _access: Any, _user: Any) -> dict[str, Any]:
    return corrections_context(case)


def _facts(case: Case, _access: Any, _user: Any) -> dict[str, Any]:
    return facts_panel_context(case)


def register_template_labels() -> None:
    register_labels("phase_label", vocab.PHASE_LABELS, blank_when_empty=True)
    register_labels("trigger_label", vocab.TRIGGER_LABELS, blank_when_empty=True)
    register_labels("area_label", vocab.PROBLEM_AREA_LABELS)
    register_labels("referrer_label", vocab.REFERRER_LABELS)
    register_labels("member_role_label", vocab.MEMBER_ROLE_LABELS)
    register_labels("closing_label", vocab.CLOSING_REASON_LABELS, blank_when_empty=True)
    register_labels("decision_label", vocab.DECISION_LABELS)
    # the phase bar of the case page: every phase but the end
    register_template_value(
        "main_phases", [p for p in vocab.PHASE_LABELS if p != vocab.Phase.AFGESLOTEN]
    )


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
    start_panels.register()
    register_template_labels()
    register_case_panel(
        "cases.corrections",
        load=_corrections,
        reads=lambda case, _access, _user: corrections_reads(case),
        template="cases/_corrections.html",
        order=10,
        slot="bottom",
    )
    register_case_panel(
        "cases.facts", load=_facts, template="cases/_facts_panel.html", order=40, slot="grid",
        reads=lambda case, _access, _user: facts_reads(case.id),
    )
    register_labels("framework_label", vocab.LEGAL_FRAMEWORK_LABELS)
    register_case_hooks(
        membership_of=access.membership_of,
        membership_ended=access.membership_ended,
        case_by_reference=access.case_by_reference,
    )
    register_case_knowledge(
        member_roles=member_roles, member_role_label=member_role_label, find_case=find_case
    )
    register_names(add_gemeente_names)
