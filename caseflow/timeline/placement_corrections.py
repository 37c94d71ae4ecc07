"""Correcting a placement and retracting one entered by mistake (issue 20, point 3).

Like timeline events, a placement is never rewritten: the row holds the latest version and every
version, the first included, is kept as a ``PlacementRevision`` with who, when and why, so
``placements_as_of`` still shows what was known on an earlier date. The placement's own timeline
entries (start, end) are revised or retracted with it."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import Organisation, OrganisationKind, User
from caseflow.cases.models import Case
from caseflow.core.dates import check_date
from caseflow.core.revisions import revision_row, revisions_of
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.timeline.models import (
    EndingKind,
    EndReason,
    Placement,
    PlacementRevision,
    PlacementType,
)
from caseflow.timeline.placement_entries import follow_on_timeline, own_events
from caseflow.timeline.placements import _overlap_message, overlapping_placement
from caseflow.timeline.services import EDITORS, TEXT_MAX, TimelineError


@dataclass(frozen=True)
class PlacementCorrection:
    type: str
    provider_name: str
    start_date: date
    in_region: bool = True
    provider_id: int | None = None
    planned_end: date | None = None
    actual_end: date | None = None
    ending: str | None = None
    end_reason: str | None = None
    end_note: str = ""
    contracted: bool | None = None


CONTENT = tuple(f.name for f in fields(PlacementCorrection))


def current_placement(placement: Placement) -> PlacementCorrection:
    return PlacementCorrection(**{name: getattr(placement, name) for name in CONTENT})


def may_correct(placement: Placement, actor: User) -> bool:
    return not placement.is_retracted and (
        actor.role in EDITORS or placement.recorded_by_id == actor.id
    )


def _dates(case: Case, data: PlacementCorrection, today: date) -> dict[str, str]:
    """Dates that make sense (the one rule of ``core.dates``), and an end after the start."""
    problems: dict[str, str] = {}
    for name in ("start_date", "actual_end"):
        value = getattr(data, name)
        message = None if value is None else check_date(value, case.birth_year, today=today)
        if message:
            problems[name] = message
    if "start_date" not in problems:
        if data.planned_end is not None and data.planned_end < data.start_date:
            problems["planned_end"] = _("Het geplande einde ligt vóór de start.")
        if data.actual_end is not None and data.actual_end < data.start_date:
            problems.setdefault(
                "actual_end", _("De einddatum ligt vóór de start van de plaatsing.")
            )
    return problems


def _provider(data: PlacementCorrection, problems: dict[str, str]) -> tuple[int | None, str]:
    """A care provider from the list, or a new one by name (made an organisation of kind
    zorgaanbieder, so the next correction can choose it)."""
    if data.provider_id:
        chosen = db.session.get(Organisation, data.provider_id)
        if chosen is None or chosen.kind != OrganisationKind.ZORGAANBIEDER.value:
            problems["provider_id"] = _("Kies een zorgaanbieder uit de lijst.")
            return None, ""
        return chosen.id, chosen.name
    name = " ".join(data.provider_name.split())
    if not name:
        problems["provider_name"] = _("Kies een zorgaanbieder of vul de naam van een nieuwe in.")
        return None, ""
    if len(name) > 200:
        problems["provider_name"] = _("De naam is te lang (hooguit 200 tekens).")
        return None, ""
    known = db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.lower())
    )
    if known is not None:
        linked = known.kind == OrganisationKind.ZORGAANBIEDER.value
        return (known.id if linked else None), known.name
    return None, name  # made in correct_placement, once everything else is valid


def _validate(
    placement: Placement, case: Case, data: PlacementCorrection, reason: str, today: date
) -> tuple[PlacementCorrection, bool]:
    problems: dict[str, str] = {}
    if data.type not in set(PlacementType):
        problems["type"] = _("Kies een soort plaatsing uit de lijst.")
    provider_id, provider_name = _provider(data, problems)
    problems.update(_dates(case, data, today))
    ending, end_reason = data.ending or None, data.end_reason or None
    if data.actual_end is None:
        ending = end_reason = None
    elif ending not in set(EndingKind):
        problems["ending"] = _("Geef aan of de plaatsing volgens plan eindigde.")
    elif ending == EndingKind.ONPLANMATIG.value and end_reason not in set(EndReason):
        problems["end_reason"] = _("Kies de reden waarom de plaatsing onplanmatig eindigde.")
    elif ending == EndingKind.PLANMATIG.value:
        end_reason = None
    if len(data.end_note) > TEXT_MAX:
        problems["end_note"] = _("De toelichting is te lang (hooguit 5000 tekens).")
    if not reason.strip():
        problems["reason"] = _("Geef een reden voor de correctie.")
    if not problems:
        other = overlapping_placement(
            case, data.type, data.start_date, data.actual_end, exclude_id=placement.id
        )
        if other is not None:
            problems["start_date"] = _overlap_message(other)
    if problems:
        raise TimelineError(problems)
    # A name typed anew becomes a zorgaanbieder; an unchanged free-text name (from before the
    # list existed) stays as it was, so correcting the type does not make an organisation.
    new_provider = (
        provider_id is None
        and provider_name.lower() != placement.provider_name.lower()
        and db.session.scalar(
            select(Organisation.id).where(func.lower(Organisation.name) == provider_name.lower())
        ) is None
    )
    cleaned = PlacementCorrection(
        type=data.type, provider_name=provider_name, start_date=data.start_date,
        in_region=bool(data.in_region), provider_id=provider_id, planned_end=data.planned_end,
        actual_end=data.actual_end, ending=ending, end_reason=end_reason,
        end_note=data.end_note.strip(), contracted=data.contracted,
    )
    return cleaned, new_provider


def _snapshot(
    placement: Placement, number: int, at: datetime, by: int | None, changed: list[str], why: str
) -> PlacementRevision:
    content = {name: getattr(placement, name) for name in CONTENT}
    return revision_row(
        PlacementRevision.placement_id, placement.id, number, content, at=at, by=by,
        changed_fields=changed, reason=why,
    )


def placement_revisions(placement: Placement) -> list[PlacementRevision]:
    return revisions_of(PlacementRevision.placement_id, [placement.id])[placement.id]


def record_ending_revision(placement: Placement, actor: User, at: datetime) -> None:
    """``end_placement`` on a placement corrected before: the ending becomes a revision, so the
    "as known on" view (which reads the latest revision) sees it from ``at`` on."""
    placement.revision_count += 1
    db.session.add(_snapshot(placement, placement.revision_count, at, actor.id,
                             ["actual_end", "ending", "end_reason", "end_note"], ""))


def correct_placement(
    placement: Placement,
    case: Case,
    data: PlacementCorrection,
    actor: User,
    *,
    reason: str,
    today: date | None = None,
) -> PlacementRevision:
    """A correction: a new revision; every earlier version stays readable. Nothing is stored if
    any field is wrong, the reason is missing or nothing changed."""
    if not may_correct(placement, actor):
        raise TimelineError({"placement": _("Deze plaatsing kunt u niet corrigeren.")})
    cleaned, new_provider = _validate(placement, case, data, reason, today or date.today())
    before = current_placement(placement)
    changed = [n for n in CONTENT if getattr(before, n) != getattr(cleaned, n)]
    if not changed:
        raise TimelineError({"reason": _("Er is niets gewijzigd; er is niets opgeslagen.")})
    if new_provider:
        organisation = Organisation(
            name=cleaned.provider_name, kind=OrganisationKind.ZORGAANBIEDER.value
        )
        db.session.add(organisation)
        db.session.flush()
        cleaned = PlacementCorrection(**(vars(cleaned) | {"provider_id": organisation.id}))
        changed = sorted(set(changed) | {"provider_id"}, key=CONTENT.index)
    now = utcnow()
    if placement.revision_count == 1:  # keep what was first recorded as revision 1
        db.session.add(_snapshot(placement, 1, placement.recorded_at, placement.recorded_by_id,
                                 [], ""))
    had_end = placement.actual_end is not None
    for name in CONTENT:
        setattr(placement, name, getattr(cleaned, name))
    if not had_end and placement.actual_end is not None:
        placement.ended_recorded_at = now
    placement.revision_count += 1
    placement.last_revised_at = now
    revision = _snapshot(placement, placement.revision_count, now, actor.id, changed,
                         reason.strip()[:TEXT_MAX])
    db.session.add(revision)
    db.session.flush()
    end_added = not had_end and placement.actual_end is not None
    follow_on_timeline(placement, case, actor, reason.strip(), now, end_added=end_added)
    record(
        actor,
        case.id,
        AuditEvent.CHANGE,
        grounds=AS_OPENED,
        target="placement",
        target_id=placement.id,
        fields=changed,
    )
    return revision


def retract_placement(placement: Placement, case: Case, actor: User, *, reason: str) -> None:
    """Withdraw a placement entered by mistake: it stays listed, struck through, with who, when
    and why; it no longer counts for the overlap rule, the doorplaatsingen or the monitor."""
    if not may_correct(placement, actor):
        raise TimelineError({"placement": _("Deze plaatsing kunt u niet intrekken.")})
    if not reason.strip():
        raise TimelineError({"reason": _("Geef een reden voor het intrekken.")})
    now = utcnow()
    placement.retracted_at = now
    placement.retracted_by_id = actor.id
    placement.retraction_reason = reason.strip()[:TEXT_MAX]
    for event in own_events(placement):
        if event.retracted_at is None:
            event.retracted_at, event.retracted_by_id = now, actor.id
            event.retraction_reason = placement.retraction_reason
    db.session.flush()
    record(
        actor,
        case.id,
        AuditEvent.CHANGE,
        grounds=AS_OPENED,
        target="placement",
        target_id=placement.id,
        fields=("retracted_at", "retraction_reason"),
    )
