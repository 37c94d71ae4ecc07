"""Actions agreed in a meeting: recording one (exactly one owner), who may close it, closing it;
and the lists of open and overdue actions (start page, monitor)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy import case as sql_case

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import Organisation, User
from caseflow.cases.access import current_member_clause
from caseflow.cases.models import CaseMember
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.meetings.clock import local_date, region_today
from caseflow.meetings.guards import N_, MeetingError, require_open
from caseflow.meetings.models import AgendaItem, MeetingAction
from caseflow.meetings.queries import OPEN
from caseflow.meetings.services import CHAIRS, _require_chair
from caseflow.meetings.vocab import ActionStatus
from caseflow.timeline.models import EventKind
from caseflow.timeline.services import add_system_event

# Timeline titles when an action closes (message ids; the Dutch is stored as well).
CLOSED_TITLES = {
    ActionStatus.GEDAAN: N_("Actie gedaan: %(action)s"),
    ActionStatus.VERVALLEN: N_("Actie vervallen: %(action)s"),
}


def add_action(
    item: AgendaItem,
    actor: User,
    *,
    description: str,
    due_on: date | None,
    owner_user: User | None = None,
    owner_organisation: Organisation | None = None,
    at: datetime | None = None,
) -> MeetingAction:
    """An action for the case of ``item``: exactly one owner, a due date not in the past."""
    _require_chair(actor)
    require_open(item.meeting)
    at = at or utcnow()
    if not description.strip():
        raise MeetingError(N_("Beschrijf de actie."), field="description")
    if owner_user is None and owner_organisation is None:
        raise MeetingError(N_("Kies een eigenaar: een persoon of een organisatie."), field="owner")
    if owner_user is not None and owner_organisation is not None:
        raise MeetingError(N_("Een actie heeft één eigenaar."), field="owner")
    if owner_user is not None and not owner_user.active:
        raise MeetingError(N_("Kies een eigenaar uit de lijst."), field="owner")
    if due_on is None:
        raise MeetingError(N_("Vul de uiterste datum in."), field="due_on")
    if due_on < local_date(at):
        raise MeetingError(N_("De uiterste datum ligt in het verleden."), field="due_on")
    action = MeetingAction(
        case_id=item.case_id,
        agenda_item_id=item.id,
        description=description.strip(),
        owner_user_id=owner_user.id if owner_user else None,
        owner_organisation_id=owner_organisation.id if owner_organisation else None,
        due_on=due_on,
        status=ActionStatus.OPEN.value,
        created_at=at,
        created_by_id=actor.id,
    )
    db.session.add(action)
    owner = owner_user.name if owner_user else owner_organisation.name  # type: ignore[union-attr]
    add_system_event(
        item.case,
        EventKind.OVERIG,
        N_("Actie RET: %(action)s"),
        values={"action": description.strip()},
        actor=actor,
        occurred_on=local_date(item.meeting.starts_at),
        description=N_("Eigenaar: %(owner)s; uiterlijk %(due)s"),
        description_values={"owner": owner, "due": f"{due_on:%d-%m-%Y}"},
        recorded_at=at,
    )
    db.session.flush()
    record(actor, item.case_id, AuditEvent.CREATE, grounds=AS_OPENED, target="meeting_action",
           target_id=action.id)
    return action


def may_update_action(action: MeetingAction, user: User) -> bool:
    """The chair and the process coordinator; the owner; for an organisation's action, a current
    member of the case who works for that organisation."""
    if user.role in CHAIRS:
        return True
    if action.owner_user_id is not None:
        return action.owner_user_id == user.id
    if action.owner_organisation_id != user.organisation_id:
        return False
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    CaseMember.case_id == action.case_id, current_member_clause(user.id)
                )
            )
        )
    )


def set_action_status(
    action: MeetingAction, status: str, actor: User, *, at: datetime | None = None
) -> None:
    """Mark an open action done (owner or chair) or lapsed (chair only)."""
    if not may_update_action(action, actor):
        raise MeetingError(N_("Alleen de eigenaar of de voorzitter kan deze actie bijwerken."))
    if status not in (ActionStatus.GEDAAN, ActionStatus.VERVALLEN):
        raise MeetingError(N_("Deze status bestaat niet."))
    if status == ActionStatus.VERVALLEN and actor.role not in CHAIRS:
        raise MeetingError(
            N_("Alleen de voorzitter of de procesbegeleider laat een actie vervallen.")
        )
    if action.status != ActionStatus.OPEN.value:
        raise MeetingError(N_("Deze actie is al afgehandeld."))
    at = at or utcnow()
    action.status = str(status)
    action.closed_at = at
    action.closed_by_id = actor.id
    add_system_event(
        action.case,
        EventKind.OVERIG,
        CLOSED_TITLES[ActionStatus(status)],
        values={"action": action.description},
        actor=actor,
        occurred_on=local_date(at),
        recorded_at=at,
    )
    db.session.flush()
    record(actor, action.case_id, AuditEvent.CHANGE, grounds=AS_OPENED, target="meeting_action",
           target_id=action.id, fields=("status",))


def _visible_to_owner(user: User):
    """Actions that ``user`` owns: personally, or through their organisation on a case they are a
    current member of (the chair roles see every case, so every action of their organisation)."""
    member = exists().where(CaseMember.case_id == MeetingAction.case_id).where(
        current_member_clause(user.id)
    )
    organisation = and_(MeetingAction.owner_organisation_id == user.organisation_id)
    if user.role not in ("voorzitter", "procesbegeleider"):
        organisation = and_(organisation, member)
    return or_(MeetingAction.owner_user_id == user.id, organisation)


def my_open_actions(user: User, limit: int = 20) -> list[MeetingAction]:
    return list(
        db.session.scalars(
            select(MeetingAction)
            .where(MeetingAction.status == OPEN, _visible_to_owner(user))
            .order_by(MeetingAction.due_on, MeetingAction.id)
            .limit(limit)
        ).unique()
    )


def overdue_actions(today: date | None = None, limit: int = 20) -> list[MeetingAction]:
    today = today or region_today()
    return list(
        db.session.scalars(
            select(MeetingAction)
            .where(MeetingAction.status == OPEN, MeetingAction.due_on < today)
            .order_by(MeetingAction.due_on, MeetingAction.id)
            .limit(limit)
        ).unique()
    )


@dataclass(frozen=True)
class OrganisationCount:
    organisation: str
    open: int
    overdue: int


def actions_per_organisation(today: date | None = None) -> list[OrganisationCount]:
    """Per organisation (the owner's, or the owning organisation) how many actions are open and
    how many of those are overdue."""
    today = today or region_today()
    organisation_id = func.coalesce(MeetingAction.owner_organisation_id, User.organisation_id)
    overdue = func.sum(sql_case((MeetingAction.due_on < today, 1), else_=0))
    rows = db.session.execute(
        select(Organisation.name, func.count(MeetingAction.id), overdue)
        .select_from(MeetingAction)
        .outerjoin(User, User.id == MeetingAction.owner_user_id)
        .join(Organisation, Organisation.id == organisation_id)
        .where(MeetingAction.status == OPEN)
        .group_by(Organisation.id, Organisation.name)
        .order_by(overdue.desc(), Organisation.name)
    ).all()
    return [OrganisationCount(name, int(n), int(late or 0)) for name, n, late in rows]
