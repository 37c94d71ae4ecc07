"""Placements (verblijf): starting and ending them, the overlap rule, and doorplaatsingen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import Select, select

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import Organisation, User
from caseflow.cases.models import Case
from caseflow.core.dates import DateProblem, date_message, date_problem
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.timeline.models import (
    OVERLAP_ALLOWED,
    EndingKind,
    EndReason,
    EventKind,
    Placement,
    PlacementType,
)
from caseflow.timeline.services import TimelineError, add_system_event
from caseflow.timeline.titles import (
    placement_end_title,
    placement_start_title,
    region_description,
)
from caseflow.timeline.vocab import PLACEMENT_TYPE_LABELS


@dataclass(frozen=True)
class PlacementInput:
    type: str
    provider_name: str
    start_date: date
    in_region: bool = True
    planned_end: date | None = None
    provider_id: int | None = None
    contracted: bool | None = None  # None: not recorded


def case_placements_query(case: Case, *, include_retracted: bool = False) -> Select:
    query = select(Placement).where(Placement.case_id == case.id)
    if not include_retracted:
        query = query.where(Placement.retracted_at.is_(None))
    return query.order_by(Placement.start_date, Placement.id)


def case_placements(case: Case, *, include_retracted: bool = False) -> list[Placement]:
    """The case's placements by start; a retracted one (entered by mistake) counts for nothing
    and is left out unless asked for (the placements page shows it struck through)."""
    return list(
        db.session.scalars(case_placements_query(case, include_retracted=include_retracted))
    )


def shown_placements(case: Case) -> list[Placement]:
    """``case_placements``, on the case page the list its panels read together (timeline,
    costs)."""
    from caseflow.core.case_page import read

    return read("placements", case_placements_query(case))


def _overlaps(first_start, first_end, second_start, second_end) -> bool:
    """Periods overlap unless one ends on or before the day the other starts (moving day)."""
    return (first_end is None or first_end > second_start) and (
        second_end is None or second_end > first_start
    )


def overlapping_placement(
    case: Case, type_: str, start: date, end: date | None, exclude_id: int | None = None
) -> Placement | None:
    if type_ in OVERLAP_ALLOWED:
        return None
    for other in case_placements(case):
        if other.id == exclude_id or other.type in OVERLAP_ALLOWED:
            continue
        if _overlaps(other.start_date, other.actual_end, start, end):
            return other
    return None


def _overlap_message(other: Placement) -> str:
    values = {
        "label": PLACEMENT_TYPE_LABELS[PlacementType(other.type)],
        "provider": other.provider_name,
        "start": format_date(other.start_date, "medium"),
    }
    if other.actual_end is None:
        return _(
            "Deze plaatsing overlapt met de lopende plaatsing %(label)s bij %(provider)s (sinds "
            "%(start)s). Beëindig die eerst; alleen kortdurend verblijf mag overlappen.",
            **values,
        )
    return _(
        "Deze plaatsing overlapt met %(label)s bij %(provider)s (%(start)s – %(end)s); alleen "
        "kortdurend verblijf mag overlappen.",
        end=format_date(other.actual_end, "medium"),
        **values,
    )


# What happens elsewhere when a placement starts (the search domain closes its open search):
# those domains build on timeline, so they register here instead of timeline importing them.
PlacementStarted = Callable[[Case, Placement, User], None]
_started: list[PlacementStarted] = []


def on_placement_started(listener: PlacementStarted) -> None:
    if listener not in _started:
        _started.append(listener)


def start_placement(
    case: Case,
    data: PlacementInput,
    actor: User,
    *,
    recorded_at: datetime | None = None,
    imported: bool = False,
) -> Placement:
    problems: dict[str, str] = {}
    if data.type not in set(PlacementType):
        problems["type"] = _("Kies een soort plaatsing uit de lijst.")
    if not data.provider_name.strip():
        problems["provider_name"] = _("Vul de aanbieder in.")
    wrong_start = date_problem(data.start_date, case.birth_year)
    if wrong_start is DateProblem.FUTURE:
        problems["start_date"] = _(
            "Een plaatsing legt u vast als ze begonnen is; de datum ligt in de toekomst."
        )
    elif wrong_start is not None:
        problems["start_date"] = date_message(wrong_start, case.birth_year)
    if data.planned_end is not None and data.planned_end < data.start_date:
        problems["planned_end"] = _("Het geplande einde ligt vóór de start.")
    if data.provider_id is not None and db.session.get(Organisation, data.provider_id) is None:
        problems["provider_id"] = _("Kies een aanbieder uit de lijst.")
    if not problems:
        other = overlapping_placement(case, data.type, data.start_date, None)
        if other is not None:
            problems["start_date"] = _overlap_message(other)
    if problems:
        raise TimelineError(problems)
    placement = Placement(
        case_id=case.id,
        type=data.type,
        provider_name=data.provider_name.strip(),
        provider_id=data.provider_id,
        in_region=data.in_region,
        start_date=data.start_date,
        planned_end=data.planned_end,
        contracted=data.contracted,
        recorded_by_id=actor.id,
        imported=imported,
        **({"recorded_at": recorded_at} if recorded_at else {}),
    )
    db.session.add(placement)
    db.session.flush()
    msgid, values = placement_start_title(placement)
    region, region_values = region_description(data.in_region)
    add_system_event(
        case,
        EventKind.PLAATSING,
        msgid,
        values=values,
        actor=actor,
        occurred_on=data.start_date,
        description=region,
        description_values=region_values,
        placement=placement,
        recorded_at=recorded_at,
    )
    db.session.flush()
    record(
        actor,
        case.id,
        AuditEvent.CREATE,
        grounds=AS_OPENED,
        target="placement",
        target_id=placement.id,
        fields=("type", "provider", "in_region", "start_date"),
    )
    if not imported:  # imported history brings its own searches, closed as they were
        for listener in _started:
            listener(case, placement, actor)
    return placement


def end_placement(
    placement: Placement,
    case: Case,
    actor: User,
    *,
    end_date: date,
    ending: str,
    end_reason: str | None = None,
    note: str = "",
    recorded_at: datetime | None = None,
) -> None:
    problems: dict[str, str] = {}
    if placement.actual_end is not None:
        problems["end_date"] = _("Deze plaatsing is al beëindigd.")
    elif end_date < placement.start_date:
        problems["end_date"] = _("De einddatum ligt vóór de start van de plaatsing.")
    elif date_problem(end_date, case.birth_year) is DateProblem.FUTURE:
        problems["end_date"] = _("De einddatum ligt in de toekomst.")
    if ending not in set(EndingKind):
        problems["ending"] = _("Geef aan of de plaatsing volgens plan eindigde.")
    elif ending == EndingKind.ONPLANMATIG and end_reason not in set(EndReason):
        problems["end_reason"] = _("Kies de reden waarom de plaatsing onplanmatig eindigde.")
    if problems:
        raise TimelineError(problems)
    placement.actual_end = end_date
    placement.ending = ending
    placement.end_reason = end_reason if ending == EndingKind.ONPLANMATIG else None
    placement.end_note = note.strip()
    placement.ended_recorded_at = recorded_at or utcnow()
    if placement.revision_count > 1:  # corrected before: the ending is a version of its own
        from caseflow.timeline.placement_corrections import record_ending_revision

        record_ending_revision(placement, actor, placement.ended_recorded_at)
    msgid, values = placement_end_title(placement)
    add_system_event(
        case,
        EventKind.PLAATSING,
        msgid,
        values=values,
        actor=actor,
        occurred_on=end_date,
        description=note.strip(),
        placement=placement,
        recorded_at=recorded_at,
    )
    db.session.flush()
    record(
        actor,
        case.id,
        AuditEvent.CHANGE,
        grounds=AS_OPENED,
        target="placement",
        target_id=placement.id,
        fields=("actual_end", "ending", "end_reason", "end_note"),
    )


def doorplaatsingen(placements: list[Placement]) -> int:
    """How many doorplaatsingen the case page shows: counted by the one definition
    (``timeline.doorplaatsing``; a retracted placement counts for nothing)."""
    from caseflow.timeline.doorplaatsing import doorplaatsingen as starts

    return len(starts(placements))


def running_placement_started(case: Case) -> bool:
    """The guard fact for leaving 'plaatsing': a placement has started and is still running."""
    today = date.today()
    return any(p.actual_end is None and p.start_date <= today for p in case_placements(case))
