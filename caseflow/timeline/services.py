"""Writing the timeline: events by people, events by caseflow itself, revisions and retractions.
Functions flush; views commit. Nothing here ever deletes or overwrites what was recorded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _  # problems are message ids; views translate
from sqlalchemy import func, select

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import Organisation, User
from caseflow.auth.permissions import CHAIRS
from caseflow.cases.events import DEFAULT_FOLLOW_UP_WEEKS  # noqa: F401 - its old home
from caseflow.cases.models import Case, PhaseTransition
from caseflow.cases.workflow import Phase
from caseflow.core.clock import region_today
from caseflow.core.dates import check_date
from caseflow.core.problems import FieldProblems
from caseflow.core.revisions import revision_row
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.timeline.models import (
    FOLLOW_UP_KINDS,
    DatePrecision,
    EventKind,
    EventSource,
    Placement,
    TimelineEvent,
    TimelineEventRevision,
)
from caseflow.timeline.titles import dutch_text, dutch_title

EVENT_FIELDS = ("kind", "title", "description", "occurred_on", "precision", "organisations")
TITLE_MAX = 200
TEXT_MAX = 5000
EDITORS = CHAIRS  # besides the author


class TimelineError(FieldProblems):
    """Timeline input that cannot be stored (see ``FieldProblems``)."""


@dataclass(frozen=True)
class EventContent:
    kind: str
    title: str
    occurred_on: date
    precision: str = DatePrecision.DAY.value
    description: str = ""
    organisation_ids: tuple[int, ...] = ()
    placement_id: int | None = None


def _validate(case: Case, content: EventContent, *, today: date) -> list[Organisation]:
    problems: dict[str, str] = {}
    if content.kind not in set(EventKind) or content.kind in (EventKind.FASE.value,):
        problems["kind"] = _("Kies een soort gebeurtenis uit de lijst.")
    if not content.title.strip():
        problems["title"] = _("Geef de gebeurtenis een korte titel.")
    elif len(content.title) > TITLE_MAX:
        problems["title"] = _("De titel is te lang (hooguit 200 tekens).")
    if len(content.description) > TEXT_MAX:
        problems["description"] = _("De beschrijving is te lang (hooguit 5000 tekens).")
    if content.precision not in set(DatePrecision):
        problems["precision"] = _("Kies hoe precies de datum is.")
    wrong_date = check_date(content.occurred_on, case.birth_year, today=today)
    if wrong_date:
        problems["occurred_on"] = wrong_date
    organisations = list(
        db.session.scalars(
            select(Organisation).where(Organisation.id.in_(content.organisation_ids))
        )
    )
    if len(organisations) != len(set(content.organisation_ids)):
        problems["organisations"] = _("Kies organisaties uit de lijst.")
    if content.placement_id is not None:
        placement = db.session.get(Placement, content.placement_id)
        if placement is None or placement.case_id != case.id:
            problems["placement"] = _("Kies een plaatsing van deze casus.")
    if problems:
        raise TimelineError(problems)
    return organisations


def log_event(
    case: Case,
    content: EventContent,
    actor: User,
    *,
    source: EventSource = EventSource.USER,
    recorded_at: datetime | None = None,
) -> TimelineEvent:
    """Record something that happened; it may be recorded long after it happened."""
    organisations = _validate(case, content, today=date.today())
    event = TimelineEvent(
        case_id=case.id,
        kind=content.kind,
        title=content.title.strip(),
        description=content.description.strip(),
        occurred_on=content.occurred_on,
        precision=content.precision,
        recorded_at=recorded_at or utcnow(),
        recorded_by_id=actor.id,
        source=source.value,
        placement_id=content.placement_id,
        organisations=organisations,
    )
    db.session.add(event)
    db.session.flush()
    if content.kind in FOLLOW_UP_KINDS:
        refresh_follow_up(case)
    record(
        actor,
        case.id,
        AuditEvent.CREATE,
        grounds=AS_OPENED,
        target="timeline_event",
        target_id=event.id,
        fields=EVENT_FIELDS,
    )
    return event

# The event's own columns a revision keeps (with its organisations' ids).
REVISED = ("kind", "title", "description", "occurred_on", "precision", "placement_id")


def _snapshot(
    event: TimelineEvent, number: int, recorded_at: datetime, by: int | None, note: str = ""
) -> TimelineEventRevision:
    content = {name: getattr(event, name) for name in REVISED}
    content["organisation_ids"] = sorted(o.id for o in event.organisations)
    return revision_row(
        TimelineEventRevision.event_id, event.id, number, content, at=recorded_at, by=by,
        change_note=note,
    )


def may_change(event: TimelineEvent, actor: User) -> bool:
    return event.editable and (actor.role in EDITORS or event.recorded_by_id == actor.id)


def revise_event(
    event: TimelineEvent, case: Case, content: EventContent, actor: User, *, note: str = ""
) -> TimelineEventRevision:
    """A correction: a new revision; every earlier version stays readable."""
    if not may_change(event, actor):
        raise TimelineError({"event": _("Deze gebeurtenis kunt u niet wijzigen.")})
    organisations = _validate(case, content, today=date.today())
    now = utcnow()
    if event.revision_count == 1:  # keep what was first recorded as revision 1
        db.session.add(_snapshot(event, 1, event.recorded_at, event.recorded_by_id))
    event.kind, event.title = content.kind, content.title.strip()
    event.description, event.occurred_on = content.description.strip(), content.occurred_on
    event.precision, event.placement_id = content.precision, content.placement_id
    event.organisations = organisations
    event.revision_count += 1
    event.last_revised_at = now
    revision = _snapshot(event, event.revision_count, now, actor.id, note.strip())
    db.session.add(revision)
    db.session.flush()
    refresh_follow_up(case)
    record(
        actor,
        case.id,
        AuditEvent.CHANGE,
        grounds=AS_OPENED,
        target="timeline_event",
        target_id=event.id,
        fields=EVENT_FIELDS,
    )
    return revision


def retract_event(event: TimelineEvent, case: Case, actor: User, *, reason: str) -> None:
    """Withdraw an event: it stays on the timeline, struck through, with who, when and why."""
    if not may_change(event, actor):
        raise TimelineError({"event": _("Deze gebeurtenis kunt u niet intrekken.")})
    if not reason.strip():
        raise TimelineError({"reason": _("Geef een reden voor het intrekken.")})
    event.retracted_at = utcnow()
    event.retracted_by_id = actor.id
    event.retraction_reason = reason.strip()[:TEXT_MAX]
    db.session.flush()
    refresh_follow_up(case)
    record(
        actor,
        case.id,
        AuditEvent.CHANGE,
        grounds=AS_OPENED,
        target="timeline_event",
        target_id=event.id,
        fields=("retracted_at", "retraction_reason"),
    )


def add_system_event(
    case: Case,
    kind: EventKind,
    title: str,
    *,
    actor: User | None,
    occurred_on: date | None = None,
    description: str = "",
    phase_transition: PhaseTransition | None = None,
    placement: Placement | None = None,
    recorded_at: datetime | None = None,
    values: Mapping[str, Any] | None = None,
    description_values: Mapping[str, Any] | None = None,
) -> TimelineEvent:
    """An event caseflow writes itself (phase moves, decisions, member changes, placements).
    With ``values`` (``{}`` for none), ``title`` is a message id (marked with ``N_``): the event
    keeps it and the values, and shows in the reader's language; ``title`` stores the Dutch.
    ``description_values`` does the same for ``description`` (text a person typed has none)."""
    recorded_at = recorded_at or utcnow()
    msgid = str(title) if values is not None else None
    about = str(description) if description_values is not None and description else None
    event = TimelineEvent(
        case_id=case.id,
        kind=str(kind),
        title=dutch_title(msgid, values) if msgid else title[:TITLE_MAX],
        title_msgid=msgid,
        title_values=dict(values) if msgid and values else None,
        description=dutch_text(about, description_values) if about else description,
        description_msgid=about,
        description_values=dict(description_values) if about and description_values else None,
        occurred_on=occurred_on or recorded_at.date(),
        precision=DatePrecision.DAY.value,
        recorded_at=recorded_at,
        recorded_by_id=actor.id if actor else None,
        source=EventSource.SYSTEM.value,
        phase_transition_id=phase_transition.id if phase_transition else None,
        placement_id=placement.id if placement else None,
    )
    db.session.add(event)
    return event


def refresh_follow_up(case: Case) -> None:
    """Recompute when the next contact is due: the rhythm counted from entering 'blijven volgen'
    or from the latest evaluatiemoment / contact with the youth, whichever is later."""
    if case.phase != Phase.BLIJVEN_VOLGEN.value or not case.follow_up_weeks:
        case.follow_up_due_on = None
        return
    entered = case.phase_since.date()
    latest = db.session.scalar(
        select(func.max(TimelineEvent.occurred_on)).where(
            TimelineEvent.case_id == case.id,
            TimelineEvent.kind.in_(FOLLOW_UP_KINDS),
            TimelineEvent.retracted_at.is_(None),
        )
    )
    start = max(entered, latest) if latest else entered
    case.follow_up_due_on = start + timedelta(weeks=case.follow_up_weeks)


def is_follow_up_overdue(case: Case, today: date | None = None) -> bool:
    """Overdue from the day after the due date (the region's calendar day, as the start page)."""
    today = today or region_today()
    return case.follow_up_due_on is not None and today > case.follow_up_due_on
