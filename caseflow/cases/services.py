"""Case business logic: intake (here) and phase moves and proposals (``cases.moves``, re-exported
for the callers that import them from here). Functions take models and the acting user, change
state, write history, timeline and audit and ``flush()``; views commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import Organisation, User
from caseflow.cases.errors import CaseChangedMeanwhile, CaseError, ClosingChoiceNeeded, MoveRefused
from caseflow.cases.events import (
    EventKind,
    add_system_event,
)
from caseflow.cases.models import (
    Case,
    CaseMember,
    CaseProblemArea,
    Gemeente,
    PhaseTransition,
    ReferenceCounter,
)
from caseflow.cases.moves import (
    DECIDERS,
    MoveResult,
    accept_proposal,
    move_case,
    phase_history,
    propose_move,
    reject_proposal,
    request_move,
)
from caseflow.cases.vocab import MemberRole
from caseflow.cases.workflow import N_, Phase
from caseflow.database import utcnow
from caseflow.extensions import db

INTAKE_FIELDS = (
    "pseudonym",
    "birth_year",
    "birth_month",
    "gemeente",
    "referrer_type",
    "question",
    "problem_areas",
    "current_situation",
    "casusregisseur",
)


def next_reference(region: str, year: int) -> str:
    """Hand out the next ``<REGION>-<YEAR>-<NNNN>`` (a counter row per region and year)."""
    bump = (
        update(ReferenceCounter)
        .where(ReferenceCounter.region == region, ReferenceCounter.year == year)
        .values(last_number=ReferenceCounter.last_number + 1)
        .returning(ReferenceCounter.last_number)
    )
    number = db.session.execute(bump).scalar()
    if number is None:
        try:
            with db.session.begin_nested():
                db.session.execute(
                    insert(ReferenceCounter).values(region=region, year=year, last_number=1)
                )
            number = 1
        except IntegrityError:  # another intake created the row first
            number = db.session.execute(bump).scalar_one()
    return f"{region}-{year}-{number:04d}"


@dataclass(frozen=True)
class Intake:
    pseudonym: str
    birth_year: int
    birth_month: int
    gemeente: Gemeente
    referrer_type: str
    question: str
    problem_areas: list[str]
    registered_on: date
    current_situation: str = ""
    referrer_organisation: Organisation | None = None
    casusregisseur: User | None = None


def register_case(intake: Intake, actor: User, *, region: str, at: datetime | None = None) -> Case:
    """Register an aanmelding: a new case in phase ``aanmelding`` with its first history row."""
    at = at or utcnow()
    case = Case(
        reference=next_reference(region, intake.registered_on.year),
        pseudonym=intake.pseudonym.strip(),
        birth_year=intake.birth_year,
        birth_month=intake.birth_month,
        gemeente_id=intake.gemeente.id,
        referrer_type=intake.referrer_type,
        referrer_organisation_id=(
            intake.referrer_organisation.id if intake.referrer_organisation else None
        ),
        question=intake.question.strip(),
        current_situation=intake.current_situation.strip(),
        registered_on=intake.registered_on,
        phase=Phase.AANMELDING.value,
        phase_since=at,
        created_by_id=actor.id,
        problem_area_rows=[CaseProblemArea(area=a) for a in sorted(set(intake.problem_areas))],
    )
    db.session.add(case)
    db.session.flush()
    transition = PhaseTransition(
        case_id=case.id,
        from_phase=None,
        to_phase=Phase.AANMELDING.value,
        trigger=None,
        at=at,
        by_id=actor.id,
        reason="Aanmelding geregistreerd",
    )
    db.session.add(transition)
    db.session.flush()
    add_system_event(
        case,
        EventKind.FASE,
        N_("Aanmelding geregistreerd"),
        values={},
        actor=actor,
        occurred_on=intake.registered_on,
        phase_transition=transition,
        recorded_at=at,
    )
    if intake.casusregisseur is not None:
        db.session.add(
            CaseMember(
                case_id=case.id,
                user_id=intake.casusregisseur.id,
                role=MemberRole.CASUSREGISSEUR.value,
                since=intake.registered_on,
                added_by_id=actor.id,
            )
        )
        case.casusregisseur_id = intake.casusregisseur.id
    db.session.flush()
    record(
        actor,
        case.id,
        AuditEvent.CREATE,
        grounds=AS_OPENED,
        target="case",
        target_id=case.id,
        fields=INTAKE_FIELDS,
    )
    return case


__all__ = [
    "DECIDERS", "CaseChangedMeanwhile", "CaseError", "ClosingChoiceNeeded", "Intake",
    "MoveRefused", "MoveResult", "accept_proposal", "move_case", "next_reference",
    "phase_history", "propose_move", "register_case", "reject_proposal", "request_move",
]
