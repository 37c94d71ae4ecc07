"""Case business logic: intake, phase moves and proposals. Functions take models and the acting
user, change state, write phase history and timeline events and ``flush()``; views commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import force_locale
from sqlalchemy import exists, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from caseflow.audit.models import AuditEvent
from caseflow.auth.models import Organisation, User
from caseflow.auth.permissions import CHAIRS
from caseflow.cases import facts as case_facts_module
from caseflow.cases.closing import PendingChoice, wrap_up
from caseflow.cases.events import (
    DEFAULT_FOLLOW_UP_WEEKS,
    EventKind,
    add_system_event,
    refresh_follow_up,
)
from caseflow.cases.models import (
    Case,
    CaseMember,
    CaseProblemArea,
    Gemeente,
    PhaseProposal,
    PhaseTransition,
    ReferenceCounter,
)
from caseflow.cases.trail import trail
from caseflow.cases.vocab import PHASE_LABELS, TRIGGER_LABELS, MemberRole
from caseflow.cases.workflow import N_, ClosingReason, MoveRequest, Phase, Trigger, evaluate_move
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
DECIDERS = CHAIRS  # who decides on a case


class CaseError(Exception):
    """A request about a case that cannot be carried out; ``messages`` are Dutch msgids."""

    def __init__(self, *messages: str) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


class CaseChangedMeanwhile(CaseError):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "De casus is intussen door iemand anders gewijzigd. Bekijk de actuele stand en "
                "probeer het opnieuw; er is niets opgeslagen."
            )
        )


class MoveRefused(CaseError):
    pass


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
        "Aanmelding geregistreerd",
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
    trail(
        AuditEvent.CREATE,
        actor=actor,
        case_id=case.id,
        object_type="case",
        object_id=case.id,
        fields=INTAKE_FIELDS,
    )
    return case


def move_case(
    case: Case,
    trigger: Trigger | str,
    actor: User,
    *,
    reason: str = "",
    closing_reason: ClosingReason | str | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
    proposal: PhaseProposal | None = None,
    follow_up_weeks: int | None = None,
    pending_choice: str | None = None,
) -> PhaseTransition:
    """Move the case through the state machine, in one transaction with its history and timeline.

    Raises MoveRefused (not allowed, with the guards' messages) or CaseChangedMeanwhile (someone
    else changed the case since ``expected_version`` was read). Nothing is written then.
    """
    if actor.role not in DECIDERS:
        raise MoveRefused(
            N_(
                "Alleen de voorzitter of de procesbegeleider kan een casus verplaatsen; u kunt de "
                "stap voorstellen."
            )
        )
    if expected_version is not None and case.version != expected_version:
        raise CaseChangedMeanwhile()
    at = at or utcnow()
    facts = case_facts_module.collect(case)
    outcome = evaluate_move(facts, trigger, MoveRequest(reason, closing_reason))
    if not outcome.allowed or outcome.destination is None:
        raise MoveRefused(*outcome.messages)
    source = case.phase
    dest = outcome.destination
    if dest is Phase.AFGESLOTEN and pending_choice == PendingChoice.AFRONDEN:
        wrap_up(case, actor)  # while the case is still open: lapse actions, leave agendas
    case.phase = dest.value
    case.phase_since = at
    if dest is Phase.AFGESLOTEN:
        case.closing_reason = str(closing_reason)
        case.closed_at = at
    elif source == Phase.AFGESLOTEN:
        case.closing_reason = None
        case.closed_at = None
    if dest is Phase.BLIJVEN_VOLGEN:
        case.follow_up_weeks = follow_up_weeks or case.follow_up_weeks or DEFAULT_FOLLOW_UP_WEEKS
    refresh_follow_up(case)
    _flush_or_conflict()
    transition = PhaseTransition(
        case_id=case.id,
        from_phase=source,
        to_phase=dest.value,
        trigger=str(trigger),
        at=at,
        by_id=actor.id,
        reason=reason.strip(),
        closing_reason=str(closing_reason) if dest is Phase.AFGESLOTEN else None,
        proposal_id=proposal.id if proposal else None,
    )
    db.session.add(transition)
    db.session.flush()
    with force_locale("nl"):  # stored text is in the region's language, not the reader's
        title = f"Fase: {PHASE_LABELS[Phase(source)]} → {PHASE_LABELS[dest]}"
    add_system_event(
        case,
        EventKind.FASE,
        str(title),
        actor=actor,
        occurred_on=at.date(),
        description=reason.strip(),
        phase_transition=transition,
        recorded_at=at,
    )
    _expire_open_proposals(case, actor, at, keep=proposal)
    db.session.flush()
    trail(
        AuditEvent.PHASE_MOVE,
        actor=actor,
        case_id=case.id,
        object_type="case",
        object_id=case.id,
        fields=("phase",),
    )
    return transition


def _flush_or_conflict() -> None:
    """Flush the case row; a concurrent change shows up here as a stale version (or, on SQLite,
    as a lock on a stale snapshot) and becomes CaseChangedMeanwhile."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise CaseChangedMeanwhile() from error
    except OperationalError as error:
        if "locked" in str(error).lower() or "busy" in str(error).lower():
            raise CaseChangedMeanwhile() from error
        raise


def propose_move(
    case: Case,
    trigger: Trigger | str,
    actor: User,
    *,
    reason: str,
    closing_reason: str | None = None,
) -> PhaseProposal:
    """A case member proposes a move for the chair to confirm."""
    if trigger not in set(Trigger) or case_facts_module.destination_of(case, trigger) is None:
        raise MoveRefused(N_("Deze stap is niet mogelijk vanuit de huidige fase."))
    if not reason.strip():
        raise MoveRefused(N_("Geef een reden op voor deze stap."))
    duplicate = db.session.scalar(
        select(
            exists().where(
                PhaseProposal.case_id == case.id,
                PhaseProposal.trigger == str(trigger),
                PhaseProposal.status == "open",
            )
        )
    )
    if duplicate:
        raise MoveRefused(N_("Deze stap is al voorgesteld en wacht op de voorzitter."))
    proposal = PhaseProposal(
        case_id=case.id,
        trigger=str(trigger),
        reason=reason.strip(),
        closing_reason=closing_reason or None,
        proposed_by_id=actor.id,
        status="open",
    )
    db.session.add(proposal)
    db.session.flush()
    with force_locale("nl"):
        title = f"Voorstel: {TRIGGER_LABELS[Trigger(trigger)]}"
    add_system_event(case, EventKind.OVERIG, title, actor=actor, description=reason.strip())
    db.session.flush()
    trail(
        AuditEvent.CREATE,
        actor=actor,
        case_id=case.id,
        object_type="phase_proposal",
        object_id=proposal.id,
        fields=("trigger", "reason"),
    )
    return proposal


def accept_proposal(
    proposal: PhaseProposal, case: Case, actor: User, *, expected_version: int | None = None
) -> PhaseTransition:
    if proposal.status != "open":
        raise MoveRefused(N_("Over dit voorstel is al besloten."))
    transition = move_case(
        case,
        proposal.trigger,
        actor,
        reason=proposal.reason,
        closing_reason=proposal.closing_reason,
        expected_version=expected_version,
        proposal=proposal,
    )
    proposal.status = "aanvaard"
    proposal.decided_by_id = actor.id
    proposal.decided_at = transition.at
    db.session.flush()
    return transition


def reject_proposal(proposal: PhaseProposal, actor: User, *, note: str) -> None:
    if actor.role not in DECIDERS:
        raise MoveRefused(
            N_("Alleen de voorzitter of de procesbegeleider besluit over voorstellen.")
        )
    if proposal.status != "open":
        raise MoveRefused(N_("Over dit voorstel is al besloten."))
    if not note.strip():
        raise MoveRefused(N_("Geef aan waarom het voorstel wordt afgewezen."))
    proposal.status = "afgewezen"
    proposal.decided_by_id = actor.id
    proposal.decided_at = utcnow()
    proposal.decision_note = note.strip()
    db.session.flush()
    trail(
        AuditEvent.CHANGE,
        actor=actor,
        case_id=proposal.case_id,
        object_type="phase_proposal",
        object_id=proposal.id,
        fields=("status", "decision_note"),
    )


def _expire_open_proposals(
    case: Case, actor: User, at: datetime, keep: PhaseProposal | None
) -> None:
    """After a move, proposals made for the old phase no longer apply."""
    open_proposals = db.session.scalars(
        select(PhaseProposal).where(
            PhaseProposal.case_id == case.id, PhaseProposal.status == "open"
        )
    )
    for other in open_proposals:
        if keep is not None and other.id == keep.id:
            continue
        other.status = "vervallen"
        other.decided_by_id = actor.id
        other.decided_at = at


def phase_history(case: Case) -> list[PhaseTransition]:
    return list(
        db.session.scalars(
            select(PhaseTransition)
            .where(PhaseTransition.case_id == case.id)
            .order_by(PhaseTransition.at, PhaseTransition.id)
        )
    )
