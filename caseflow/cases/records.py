"""Recording the explanatory analysis, case decisions and the people around a case."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, select

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import Role, User
from caseflow.cases.events import EventKind, add_system_event, term
from caseflow.cases.models import Case, CaseDecision, CaseMember, ExplanatoryAnalysis
from caseflow.cases.services import DECIDERS, CaseError
from caseflow.cases.vocab import DecisionKind, MemberRole
from caseflow.cases.workflow import N_
from caseflow.database import utcnow
from caseflow.extensions import db


@dataclass(frozen=True)
class AnalysisContent:
    question: str
    problems: str
    strengths: str
    hypotheses_child: str
    hypotheses_family: str
    hypotheses_care: str
    working_theory: str
    goals: str
    scenarios: str
    hypotheses: str = ""  # general, beside the three detailed ones
    made_with_family: bool = False
    behavioural_scientist_involved: bool = False


def latest_analysis(case: Case) -> ExplanatoryAnalysis | None:
    return db.session.scalar(
        select(ExplanatoryAnalysis)
        .where(ExplanatoryAnalysis.case_id == case.id)
        .order_by(ExplanatoryAnalysis.version_number.desc())
        .limit(1)
    )


def record_analysis(
    case: Case, content: AnalysisContent, actor: User, *, at: datetime | None = None
) -> ExplanatoryAnalysis:
    """Save the analysis as a new version; earlier versions stay as they were."""
    required = (
        content.question,
        content.problems,
        content.strengths,
        content.working_theory,
        content.goals,
        content.scenarios,
    )
    hypotheses = (
        content.hypotheses,
        content.hypotheses_child,
        content.hypotheses_family,
        content.hypotheses_care,
    )
    if not all(part.strip() for part in required) or not any(h.strip() for h in hypotheses):
        raise CaseError(N_("De analyse is niet volledig."))
    at = at or utcnow()
    last = db.session.scalar(
        select(func.max(ExplanatoryAnalysis.version_number)).where(
            ExplanatoryAnalysis.case_id == case.id
        )
    )
    analysis = ExplanatoryAnalysis(
        case_id=case.id,
        version_number=(last or 0) + 1,
        recorded_at=at,
        recorded_by_id=actor.id,
        **{k: v.strip() if isinstance(v, str) else v for k, v in asdict(content).items()},
    )
    db.session.add(analysis)
    db.session.flush()
    add_system_event(
        case,
        EventKind.ANALYSE,
        N_("Verklarende analyse vastgelegd (versie %(version)s)"),
        values={"version": analysis.version_number},
        actor=actor,
        occurred_on=at.date(),
        recorded_at=at,
    )
    db.session.flush()
    record(
        actor,
        case.id,
        AuditEvent.CREATE,
        grounds=AS_OPENED,
        target="explanatory_analysis",
        target_id=analysis.id,
        fields=tuple(asdict(content)),
    )
    return analysis


def analysis_versions_query(case: Case) -> Select:
    return (
        select(ExplanatoryAnalysis)
        .where(ExplanatoryAnalysis.case_id == case.id)
        .order_by(ExplanatoryAnalysis.version_number.desc())
    )


def analysis_versions(case: Case) -> list[ExplanatoryAnalysis]:
    return list(db.session.scalars(analysis_versions_query(case)))


def record_decision(
    case: Case, kind: DecisionKind, text: str, actor: User, *, at: datetime | None = None
) -> CaseDecision:
    if actor.role not in DECIDERS:
        raise CaseError(N_("Alleen de voorzitter of de procesbegeleider legt besluiten vast."))
    if kind is DecisionKind.BESLUIT_BUITEN_VERGADERING and actor.role != Role.VOORZITTER.value:
        raise CaseError(
            N_(
                "Een besluit buiten vergadering neemt alleen de voorzitter van het RET; leg het "
                "anders vast in een RET-bespreking."
            )
        )
    if not text.strip():
        raise CaseError(N_("Beschrijf het besluit."))
    at = at or utcnow()
    decision = CaseDecision(
        case_id=case.id, kind=kind.value, text=text.strip(), decided_at=at, decided_by_id=actor.id
    )
    db.session.add(decision)
    add_system_event(
        case,
        EventKind.BESLUIT,
        N_("Besluit: %(kind)s"),
        values={"kind": term("decision_label", kind.value)},
        actor=actor,
        occurred_on=at.date(),
        description=text.strip(),
        recorded_at=at,
    )
    db.session.flush()
    record(
        actor,
        case.id,
        AuditEvent.CREATE,
        grounds=AS_OPENED,
        target="case_decision",
        target_id=decision.id,
        fields=("kind", "text"),
    )
    return decision


def case_decisions_query(case: Case) -> Select:
    return (
        select(CaseDecision)
        .where(CaseDecision.case_id == case.id)
        .order_by(CaseDecision.decided_at.desc())
    )


def case_decisions(case: Case) -> list[CaseDecision]:
    return list(db.session.scalars(case_decisions_query(case)))


def case_members_query(case: Case) -> Select:
    return (
        select(CaseMember)
        .where(CaseMember.case_id == case.id)
        .order_by(CaseMember.until.is_not(None), CaseMember.since, CaseMember.id)
    )


def case_members(case: Case) -> list[CaseMember]:
    return list(db.session.scalars(case_members_query(case)))


def add_member(
    case: Case, user: User, role: MemberRole, actor: User, *, since: date | None = None
) -> CaseMember:
    """Link a professional to the case. A new casusregisseur replaces the current one, whose
    membership as regisseur ends that day (the change is kept as history and on the timeline)."""
    since = since or date.today()
    already = db.session.scalar(
        select(CaseMember).where(
            CaseMember.case_id == case.id,
            CaseMember.user_id == user.id,
            CaseMember.role == role.value,
            CaseMember.until.is_(None),
        )
    )
    if already is not None:
        raise CaseError(N_("Deze persoon is al in deze rol bij de casus betrokken."))
    if role is MemberRole.CASUSREGISSEUR:
        _hand_over_regie(case, user, actor, since)
    member = CaseMember(
        case_id=case.id, user_id=user.id, role=role.value, since=since, added_by_id=actor.id
    )
    db.session.add(member)
    if role is not MemberRole.CASUSREGISSEUR:
        add_system_event(
            case,
            EventKind.NETWERK,
            N_("%(name)s betrokken als %(role)s"),
            values={"name": user.name, "role": term("member_role_label", role.value)},
            actor=actor,
            occurred_on=since,
        )
    db.session.flush()
    record(
        actor,
        case.id,
        AuditEvent.CREATE,
        grounds=AS_OPENED,
        target="case_member",
        target_id=member.id,
        fields=("user", "role", "since"),
    )
    return member


def _hand_over_regie(case: Case, new: User, actor: User, on: date) -> None:
    current = db.session.scalars(
        select(CaseMember).where(
            CaseMember.case_id == case.id,
            CaseMember.role == MemberRole.CASUSREGISSEUR.value,
            CaseMember.until.is_(None),
        )
    ).all()
    for member in current:
        member.until = max(on, member.since)
    previous = ", ".join(m.user.name for m in current)
    case.casusregisseur_id = new.id
    add_system_event(
        case,
        EventKind.WISSELING_REGISSEUR,
        N_("Casusregisseur: %(previous)s → %(new)s")
        if previous
        else N_("Casusregisseur: niemand → %(new)s"),
        values={"previous": previous, "new": new.name} if previous else {"new": new.name},
        actor=actor,
        occurred_on=on,
    )


def end_membership(member: CaseMember, actor: User, *, until: date | None = None) -> None:
    until = until or date.today()
    if member.until is not None:
        raise CaseError(N_("Deze betrokkenheid is al beëindigd."))
    if until < member.since:
        raise CaseError(N_("De einddatum ligt vóór de begindatum."))
    member.until = until
    case = db.session.get(Case, member.case_id)
    if member.role == MemberRole.CASUSREGISSEUR.value and case.casusregisseur_id == member.user_id:
        case.casusregisseur_id = None
    add_system_event(
        case,
        EventKind.NETWERK,
        N_("%(name)s niet meer betrokken"),
        values={"name": member.user.name},
        actor=actor,
        occurred_on=until,
    )
    db.session.flush()
    record(
        actor,
        case.id,
        AuditEvent.CHANGE,
        grounds=AS_OPENED,
        target="case_member",
        target_id=member.id,
        fields=("until",),
    )
