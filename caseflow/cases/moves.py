"""Phase moves and proposals: a decider moves the case through the state machine, a member
proposes a move for the chair to confirm; ``request_move`` decides which by role. Functions take
models and the acting user, write phase history, timeline and audit, and ``flush()``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, exists, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import User
from caseflow.auth.permissions import CHAIRS
from caseflow.cases import closing
from caseflow.cases import facts as case_facts_module
from caseflow.cases.closing import PendingChoice, wrap_up
from caseflow.cases.errors import CaseChangedMeanwhile, ClosingChoiceNeeded, MoveRefused
from caseflow.cases.events import (
    DEFAULT_FOLLOW_UP_WEEKS,
    EventKind,
    add_system_event,
    refresh_follow_up,
    term,
)
from caseflow.cases.models import Case, PhaseProposal, PhaseTransition
from caseflow.cases.workflow import N_, ClosingReason, MoveRequest, Phase, Trigger, evaluate_move
from caseflow.database import utcnow
from caseflow.extensions import db

DECIDERS = CHAIRS  # who decides on a case


@dataclass(frozen=True)
class MoveResult:
    """What ``request_move`` did: moved the case (a decider) or recorded a proposal."""

    moved: bool
    transition: PhaseTransition | None = None
    proposal: PhaseProposal | None = None


def request_move(
    case: Case,
    trigger: Trigger | str,
    actor: User,
    *,
    reason: str = "",
    closing_reason: ClosingReason | str | None = None,
    expected_version: int | None = None,
    follow_up_weeks: int | None = None,
    pending_choice: str | None = None,
) -> MoveResult:
    """The case page's move button: a decider moves the case; anyone else (a member) proposes
    the move for the chair. A decider closing a case with loose ends must say what happens with
    them (``ClosingChoiceNeeded`` otherwise); the choice only counts when something is pending."""
    if actor.role not in DECIDERS:
        proposal = propose_move(
            case, trigger, actor, reason=reason, closing_reason=closing_reason or None
        )
        return MoveResult(moved=False, proposal=proposal)
    pending = closing.pending(case) if trigger == Trigger.AFSLUITEN else []
    if pending and pending_choice not in set(PendingChoice):
        raise ClosingChoiceNeeded(pending)
    transition = move_case(
        case,
        trigger,
        actor,
        reason=reason,
        closing_reason=closing_reason,
        expected_version=expected_version,
        follow_up_weeks=follow_up_weeks,
        pending_choice=pending_choice if pending else None,
    )
    return MoveResult(moved=True, transition=transition)


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
    add_system_event(
        case,
        EventKind.FASE,
        N_("Fase: %(from)s → %(to)s"),
        values={"from": term("phase_label", source), "to": term("phase_label", dest.value)},
        actor=actor,
        occurred_on=at.date(),
        description=reason.strip(),
        phase_transition=transition,
        recorded_at=at,
    )
    _expire_open_proposals(case, actor, at, keep=proposal)
    db.session.flush()
    record(
        actor,
        case.id,
        AuditEvent.PHASE_MOVE,
        grounds=AS_OPENED,
        target="case",
        target_id=case.id,
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
    add_system_event(
        case,
        EventKind.OVERIG,
        N_("Voorstel: %(step)s"),
        values={"step": term("trigger_label", trigger)},
        actor=actor,
        description=reason.strip(),
    )
    db.session.flush()
    record(
        actor,
        case.id,
        AuditEvent.CREATE,
        grounds=AS_OPENED,
        target="phase_proposal",
        target_id=proposal.id,
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
    record(
        actor,
        proposal.case_id,
        AuditEvent.CHANGE,
        grounds=AS_OPENED,
        target="phase_proposal",
        target_id=proposal.id,
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


def phase_history_query(case: Case) -> Select:
    return (
        select(PhaseTransition)
        .where(PhaseTransition.case_id == case.id)
        .order_by(PhaseTransition.at, PhaseTransition.id)
    )


def phase_history(case: Case) -> list[PhaseTransition]:
    return list(db.session.scalars(phase_history_query(case)))
