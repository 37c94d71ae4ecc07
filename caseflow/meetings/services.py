"""Meeting business logic. Functions take models and the acting user, change state, write timeline
entries and ``flush()``; views commit. Refusals raise MeetingError with Dutch msgids."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import force_locale
from sqlalchemy import exists, func, select

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import User
from caseflow.auth.permissions import CHAIRS
from caseflow.cases.events import term
from caseflow.cases.models import Case
from caseflow.cases.records import latest_analysis
from caseflow.cases.workflow import Phase
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.meetings.clock import local_date
from caseflow.meetings.guards import N_, MeetingError, require_confirmation, require_open
from caseflow.meetings.models import AgendaItem, Meeting, MeetingAttendee, MeetingDecision
from caseflow.meetings.vocab import GuestRole, Mandate
from caseflow.timeline.models import EventKind
from caseflow.timeline.services import add_system_event


def _require_chair(actor: User) -> None:
    if actor.role not in CHAIRS:
        raise MeetingError(N_("Alleen de voorzitter of de procesbegeleider beheert besprekingen."))


def plan_meeting(
    starts_at: datetime,
    chair: User,
    coordinator: User,
    actor: User,
    *,
    location: str = "",
    attendees: Iterable[User] = (),
    confirmed: bool = False,
) -> Meeting:
    """A new meeting; one in the past or at the same moment as another needs ``confirmed``."""
    _require_chair(actor)
    if chair.role not in CHAIRS or not chair.active:
        raise MeetingError(N_("Kies een voorzitter uit de lijst."), field="chair")
    if coordinator.role not in CHAIRS or not coordinator.active:
        raise MeetingError(N_("Kies een procesbegeleider uit de lijst."), field="coordinator")
    require_confirmation(starts_at, confirmed)
    meeting = Meeting(
        starts_at=starts_at,
        location=location.strip(),
        chair_id=chair.id,
        coordinator_id=coordinator.id,
        created_by_id=actor.id,
    )
    db.session.add(meeting)
    db.session.flush()
    for user in {u.id: u for u in (chair, coordinator, *attendees)}.values():
        db.session.add(MeetingAttendee(meeting_id=meeting.id, user_id=user.id))
    db.session.flush()
    record(actor, None, AuditEvent.CREATE, grounds=AS_OPENED, target="meeting",
           target_id=meeting.id)
    return meeting


def add_guest(meeting: Meeting, role: str, actor: User, *, case: Case | None = None) -> None:
    """An external guest, by role only: caseflow stores no names of family members."""
    _require_chair(actor)
    require_open(meeting)
    if role not in set(GuestRole):
        raise MeetingError(N_("Kies de rol van de gast."), field="role")
    if case is not None and not _on_agenda(meeting, case):
        raise MeetingError(N_("Deze casus staat niet op de agenda."), field="case")
    db.session.add(
        MeetingAttendee(meeting_id=meeting.id, guest_role=role, case_id=case.id if case else None)
    )
    db.session.flush()
    record(actor, case, AuditEvent.CHANGE, grounds=AS_OPENED, target="meeting",
           target_id=meeting.id, fields=("guests",))


def add_attendee(meeting: Meeting, user: User, actor: User) -> None:
    _require_chair(actor)
    require_open(meeting)
    already = db.session.scalar(
        select(
            exists().where(
                MeetingAttendee.meeting_id == meeting.id, MeetingAttendee.user_id == user.id
            )
        )
    )
    if already:
        raise MeetingError(N_("Deze persoon staat al op de presentielijst."), field="user")
    db.session.add(MeetingAttendee(meeting_id=meeting.id, user_id=user.id))
    db.session.flush()
    record(actor, None, AuditEvent.CHANGE, grounds=AS_OPENED, target="meeting",
           target_id=meeting.id, fields=("attendees",))


def _on_agenda(meeting: Meeting, case: Case) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(AgendaItem.meeting_id == meeting.id, AgendaItem.case_id == case.id)
            )
        )
    )


def add_agenda_item(
    meeting: Meeting, case: Case, actor: User, *, at: datetime | None = None
) -> AgendaItem:
    """Put a case on the agenda; the question to the RET is taken from the case's analysis."""
    _require_chair(actor)
    require_open(meeting)
    if case.phase == Phase.AFGESLOTEN.value:
        raise MeetingError(N_("Een afgesloten casus kan niet op de agenda."), field="case")
    if _on_agenda(meeting, case):
        raise MeetingError(N_("Deze casus staat al op de agenda."), field="case")
    analysis = latest_analysis(case)
    position = db.session.scalar(
        select(func.coalesce(func.max(AgendaItem.position), 0)).where(
            AgendaItem.meeting_id == meeting.id
        )
    )
    item = AgendaItem(
        meeting_id=meeting.id,
        case_id=case.id,
        position=position + 1,
        question=_question(case, analysis.question if analysis else case.question),
        added_at=at or utcnow(),
        added_by_id=actor.id,
    )
    db.session.add(item)
    db.session.flush()
    record(actor, case, AuditEvent.CREATE, grounds=AS_OPENED, target="agenda_item",
           target_id=item.id)
    return item


def _question(case: Case, question: str) -> str:
    """A case in blijven_volgen comes back to the RET for an evaluation; say so on the agenda."""
    if case.phase == Phase.BLIJVEN_VOLGEN.value:
        with force_locale("nl"):  # stored text is in the region's language
            return f"Evaluatie (blijven volgen): {question}"
    return question


def update_preparation(item: AgendaItem, actor: User, *, question: str, advice: str) -> None:
    _require_chair(actor)
    require_open(item.meeting)
    if not question.strip():
        raise MeetingError(N_("Beschrijf de vraag aan de RET."), field="question")
    item.question = question.strip()
    item.advice = advice.strip()
    db.session.flush()
    record(actor, item.case_id, AuditEvent.CHANGE, grounds=AS_OPENED, target="agenda_item",
           target_id=item.id, fields=("question", "advice"))


def record_meeting_decision(
    item: AgendaItem,
    actor: User,
    *,
    text: str,
    mandate: str,
    escalated_to: str = "",
    at: datetime | None = None,
) -> MeetingDecision:
    """A decision of the meeting about the case of ``item``, with the mandate it rests on."""
    _require_chair(actor)
    at = at or utcnow()
    meeting = item.meeting
    require_open(meeting)
    if local_date(meeting.starts_at) > local_date(at):
        raise MeetingError(
            N_("De bespreking heeft nog niet plaatsgevonden; leg besluiten vast op of na de dag "
            "van de bespreking."),
            field="text",
        )
    if mandate not in set(Mandate):
        raise MeetingError(N_("Kies het mandaat van dit besluit."), field="mandate")
    if not text.strip():
        raise MeetingError(N_("Beschrijf het besluit."), field="text")
    decision = MeetingDecision(
        agenda_item_id=item.id,
        case_id=item.case_id,
        text=text.strip(),
        mandate=mandate,
        escalated_to=escalated_to.strip(),
        decided_at=at,
        decided_by_id=actor.id,
    )
    db.session.add(decision)
    description = text.strip()
    if escalated_to.strip():  # stored text is in the region's language
        description += f"\nOpgeschaald naar: {escalated_to.strip()}"
    add_system_event(
        item.case,
        EventKind.BESLUIT,
        N_("RET-bespreking: %(mandate)s"),
        values={"mandate": term("mandate_label", mandate)},
        actor=actor,
        occurred_on=local_date(meeting.starts_at),
        description=description,
        recorded_at=at,
    )
    db.session.flush()
    record(actor, item.case_id, AuditEvent.CREATE, grounds=AS_OPENED, target="meeting_decision",
           target_id=decision.id)
    return decision


def has_meeting_decision_since_phase_start(case: Case) -> bool:
    """Hook for the guard on leaving ret_bespreking (caseflow.cases.facts.RET_DECISION_HOOKS)."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    MeetingDecision.case_id == case.id,
                    MeetingDecision.decided_at >= case.phase_since,
                )
            )
        )
    )
