"""Correcting meetings: reschedule, attendees, cancel, remove or move an agenda item, fix the
minutes and add an addendum. Every change is kept as a MeetingChange (who, when, old and new
values, the reason of a correction) and written to the access log; views commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, func, select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import log_access
from caseflow.auth.models import User
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.meetings.clock import local_date, region_today
from caseflow.meetings.guards import N_, MeetingError, require_confirmation, require_open
from caseflow.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingAction,
    MeetingAttendee,
    MeetingChange,
    MeetingDecision,
    MinutesAddendum,
)
from caseflow.meetings.services import CHAIRS, _require_chair
from caseflow.meetings.vocab import MeetingChangeKind, MinutesStatus

REASON_MAX = 2000


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise MeetingError(N_("Geef een reden op."), field="reason")
    if len(reason) > REASON_MAX:
        raise MeetingError(N_("De reden is te lang."), field="reason")
    return reason


def _record(
    meeting: Meeting, kind: MeetingChangeKind, actor: User, *, reason: str = "",
    detail: dict[str, Any] | None = None, case_id: int | None = None, at: datetime | None = None,
) -> MeetingChange:
    change = MeetingChange(
        meeting_id=meeting.id, case_id=case_id, kind=kind.value, reason=reason,
        detail=detail or {}, at=at or utcnow(), by_id=actor.id,
    )
    db.session.add(change)
    return change


def _log(meeting: Meeting, actor: User, fields: Iterable[str], reason: str,
         case_ids: Iterable[int | None] = (None,)) -> None:
    """One access-log row per case concerned (as the minutes' print log): which case, by whom."""
    for case_id in case_ids or (None,):
        log_access(
            AuditEvent.CHANGE, case_id=case_id, object_type="meeting", object_id=meeting.id,
            fields=fields, reason=reason, user=actor,
        )


def _agenda_case_ids(meeting: Meeting) -> list[int]:
    return list(db.session.scalars(
        select(AgendaItem.case_id).where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position)
    ))


def _moment(value: datetime) -> str:
    return value.isoformat()


def update_meeting(
    meeting: Meeting,
    actor: User,
    *,
    starts_at: datetime,
    location: str,
    attendees: Iterable[User],
    reason: str = "",
    confirmed: bool = False,
) -> MeetingChange | None:
    """Date, time, place and attendees (users; guests stay). The chair and the coordinator stay
    on the list. Returns the change kept, or None when nothing changed."""
    _require_chair(actor)
    require_open(meeting)
    location = (location or "").strip()
    if len(location) > 200:
        raise MeetingError(N_("Een locatie is hoogstens 200 tekens."), field="location")
    if len(reason or "") > REASON_MAX:
        raise MeetingError(N_("De reden is te lang."), field="reason")
    if starts_at != meeting.starts_at:
        require_confirmation(starts_at, confirmed, exclude=meeting)
    current = {
        a.user_id: a for a in db.session.scalars(
            select(MeetingAttendee).where(
                MeetingAttendee.meeting_id == meeting.id, MeetingAttendee.user_id.is_not(None)
            )
        )
    }
    wanted = {u.id: u for u in attendees}
    wanted.setdefault(meeting.chair_id, meeting.chair)
    wanted.setdefault(meeting.coordinator_id, meeting.coordinator)
    detail: dict[str, Any] = {}
    fields = []
    if starts_at != meeting.starts_at:
        detail["starts_at"] = [_moment(meeting.starts_at), _moment(starts_at)]
        fields.append("starts_at")
        meeting.starts_at = starts_at
    if location != meeting.location:
        detail["location"] = [meeting.location, location]
        fields.append("location")
        meeting.location = location
    added = sorted(set(wanted) - set(current))
    removed = sorted(set(current) - set(wanted))
    if added or removed:
        detail["attendees"] = {"added": added, "removed": removed}
        fields.append("attendees")
    for user_id in added:
        db.session.add(MeetingAttendee(meeting_id=meeting.id, user_id=user_id))
    for user_id in removed:
        db.session.delete(current[user_id])
    if not detail:
        return None
    change = _record(meeting, MeetingChangeKind.GEWIJZIGD, actor, reason=(reason or "").strip(),
                     detail=detail)
    _log(meeting, actor, fields, "edit", _agenda_case_ids(meeting) or [None])
    db.session.flush()
    return change


def cancel_meeting(meeting: Meeting, actor: User, *, reason: str) -> MeetingChange:
    """Cancelled with a reason; its agenda items stay with it (the history) and their cases are
    proposed for the next agenda again. A meeting with decisions is not cancelled."""
    _require_chair(actor)
    require_open(meeting)
    reason = _reason(reason)
    decided = db.session.scalar(select(exists().where(
        MeetingDecision.agenda_item_id == AgendaItem.id, AgendaItem.meeting_id == meeting.id
    )))
    if decided:
        raise MeetingError(
            N_("In deze bespreking zijn al besluiten genomen; annuleren kan niet meer."),
            field="reason",
        )
    now = utcnow()
    meeting.cancelled_at, meeting.cancelled_by_id, meeting.cancel_reason = now, actor.id, reason
    case_ids = _agenda_case_ids(meeting)
    change = _record(meeting, MeetingChangeKind.GEANNULEERD, actor, reason=reason,
                     detail={"cases": case_ids}, at=now)
    _log(meeting, actor, ["cancelled_at", "cancel_reason"], "cancel", case_ids or [None])
    db.session.flush()
    return change


def item_has_results(item: AgendaItem) -> bool:
    return bool(db.session.scalar(select(
        exists().where(MeetingDecision.agenda_item_id == item.id)
        | exists().where(MeetingAction.agenda_item_id == item.id)
    )))


def remove_agenda_item(item: AgendaItem, actor: User, *, reason: str) -> MeetingChange:
    """Take a case off the agenda (with a reason). An item with decisions or actions belongs to
    the minutes and stays."""
    _require_chair(actor)
    meeting = item.meeting
    require_open(meeting)
    reason = _reason(reason)
    if item_has_results(item):
        raise MeetingError(
            N_("Bij dit agendapunt zijn besluiten of acties vastgelegd; het blijft op de agenda."),
            field="reason",
        )
    detail = {"case": item.case.reference, "position": item.position, "question": item.question}
    change = _record(meeting, MeetingChangeKind.AGENDA_VERWIJDERD, actor, reason=reason,
                     detail=detail, case_id=item.case_id)
    _log(meeting, actor, ["agenda_item"], "remove", [item.case_id])
    db.session.execute(delete(MeetingAttendee).where(
        MeetingAttendee.meeting_id == meeting.id, MeetingAttendee.case_id == item.case_id
    ))
    db.session.delete(item)
    db.session.flush()
    return change


def move_agenda_item(item: AgendaItem, target: Meeting, actor: User, *, reason: str
                     ) -> MeetingChange:
    """Move a case to another meeting's agenda, with its preparation; kept on both meetings."""
    _require_chair(actor)
    source = item.meeting
    require_open(source)
    if target.id == source.id:
        raise MeetingError(N_("Kies een andere bespreking."), field="target")
    if target.cancelled or target.minutes_fixed:
        raise MeetingError(N_("Deze bespreking kan geen agendapunten meer krijgen."),
                           field="target")
    reason = _reason(reason)
    if item_has_results(item):
        raise MeetingError(
            N_("Bij dit agendapunt zijn besluiten of acties vastgelegd; het blijft op de agenda."),
            field="reason",
        )
    if db.session.scalar(select(exists().where(
        AgendaItem.meeting_id == target.id, AgendaItem.case_id == item.case_id
    ))):
        raise MeetingError(N_("Deze casus staat al op de agenda van die bespreking."),
                           field="target")
    position = db.session.scalar(
        select(func.coalesce(func.max(AgendaItem.position), 0))
        .where(AgendaItem.meeting_id == target.id)
    )
    detail = {
        "case": item.case.reference, "from": source.id, "to": target.id,
        "from_starts_at": _moment(source.starts_at), "to_starts_at": _moment(target.starts_at),
    }
    now = utcnow()
    change = _record(source, MeetingChangeKind.AGENDA_VERPLAATST, actor, reason=reason,
                     detail=detail, case_id=item.case_id, at=now)
    _record(target, MeetingChangeKind.AGENDA_VERPLAATST, actor, reason=reason, detail=detail,
            case_id=item.case_id, at=now)
    db.session.execute(delete(MeetingAttendee).where(  # a guest came for this case, that day
        MeetingAttendee.meeting_id == source.id, MeetingAttendee.case_id == item.case_id
    ))
    item.meeting_id = target.id
    item.position = position + 1
    db.session.flush()
    db.session.expire(item, ["meeting"])
    # one change, one row: the agenda item moved (both meetings keep their MeetingChange)
    log_access(
        AuditEvent.CHANGE, case_id=item.case_id, object_type="agenda_item", object_id=item.id,
        fields=["meeting_id"], reason="move", user=actor,
    )
    db.session.flush()
    return change


def fix_minutes(meeting: Meeting, actor: User) -> MeetingChange:
    """concept → vastgesteld, on or after the day of the meeting; then only an addendum."""
    _require_chair(actor)
    require_open(meeting)
    if local_date(meeting.starts_at) > region_today():
        raise MeetingError(N_("Het verslag kan pas worden vastgesteld op of na de dag van de "
                              "bespreking."))
    now = utcnow()
    meeting.minutes_status = MinutesStatus.VASTGESTELD.value
    meeting.minutes_fixed_at, meeting.minutes_fixed_by_id = now, actor.id
    change = _record(meeting, MeetingChangeKind.VERSLAG_VASTGESTELD, actor, at=now)
    _log(meeting, actor, ["minutes_status"], "fix", _agenda_case_ids(meeting) or [None])
    db.session.flush()
    return change


def add_addendum(meeting: Meeting, actor: User, *, text: str) -> MinutesAddendum:
    if actor.role not in CHAIRS:
        raise MeetingError(N_("Alleen de voorzitter of de procesbegeleider beheert besprekingen."))
    if not meeting.minutes_fixed:
        raise MeetingError(N_("Het verslag is nog een concept; pas het verslag zelf aan."),
                           field="text")
    text = (text or "").strip()
    if not text:
        raise MeetingError(N_("Schrijf het addendum."), field="text")
    now = utcnow()
    addendum = MinutesAddendum(meeting_id=meeting.id, text=text, added_at=now,
                               added_by_id=actor.id)
    db.session.add(addendum)
    _record(meeting, MeetingChangeKind.ADDENDUM, actor, detail={"text": text}, at=now)
    _log(meeting, actor, ["addendum"], "addendum", _agenda_case_ids(meeting) or [None])
    db.session.flush()
    return addendum


def meeting_changes(meeting: Meeting) -> list[MeetingChange]:
    return list(db.session.scalars(
        select(MeetingChange).where(MeetingChange.meeting_id == meeting.id)
        .order_by(MeetingChange.at.desc(), MeetingChange.id.desc())
    ).unique())


def addenda(meeting: Meeting) -> list[MinutesAddendum]:
    return list(db.session.scalars(
        select(MinutesAddendum).where(MinutesAddendum.meeting_id == meeting.id)
        .order_by(MinutesAddendum.added_at, MinutesAddendum.id)
    ).unique())

