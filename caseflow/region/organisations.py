"""Organisations of the region: adding and renaming one (with its identifier, the AGB code)
and merging two spellings of one organisation."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import lazy_gettext as _  # problems are message ids; views translate
from sqlalchemy import delete, func, insert, select, update

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import log_access
from caseflow.auth.models import Organisation, OrganisationKind, User
from caseflow.auth.services import AccountError, check_text
from caseflow.extensions import db

AGB = re.compile(r"\d{8}")
# Which kinds carry an AGB code (Vektis registers care providers).
AGB_KINDS = frozenset({OrganisationKind.ZORGAANBIEDER.value})


def check_agb(code: str | None, kind: str, current: Organisation | None) -> str | None:
    """The AGB code cleaned (spaces and dots removed), None when empty; refused with a
    message when it is not 8 digits, belongs to another kind, or is taken."""
    value = re.sub(r"[\s.]", "", code or "")
    if not value:
        return None
    if kind not in AGB_KINDS:
        raise AccountError({"agb_code": _("Alleen een zorgaanbieder heeft een AGB-code.")})
    if not AGB.fullmatch(value):
        raise AccountError({"agb_code": _("Een AGB-code is 8 cijfers, bijvoorbeeld 73730012.")})
    other = db.session.scalar(select(Organisation).where(Organisation.agb_code == value))
    if other is not None and other is not current:
        raise AccountError(
            {"agb_code": _("AGB-code %(code)s hoort al bij %(name)s.", code=value, name=other.name)}
        )
    return value


def _unique_organisation_name(name: str, current: Organisation | None) -> str:
    name = check_text(name, _("een naam"), 200)
    other = db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.lower())
    )
    if other is not None and other is not current:
        raise AccountError(
            {"name": _("Er bestaat al een organisatie met de naam %(name)s.", name=name)}
        )
    return name


def add_organisation(actor: User, *, name: str, kind: str, agb_code: str = "") -> Organisation:
    kind = str(OrganisationKind(kind))
    organisation = Organisation(
        name=_unique_organisation_name(name, None), kind=kind,
        agb_code=check_agb(agb_code, kind, None),
    )
    db.session.add(organisation)
    db.session.flush()
    log_access(
        AuditEvent.CREATE, user=actor, object_type="organisation", object_id=organisation.id,
        fields=("name", "kind", "agb_code") if organisation.agb_code else ("name", "kind"),
    )
    return organisation


def update_organisation(
    actor: User, organisation: Organisation, *, name: str, kind: str, agb_code: str | None = None
) -> None:
    """``agb_code`` None leaves the code as it is; an empty string clears it."""
    kind = str(OrganisationKind(kind))
    new = {"name": _unique_organisation_name(name, organisation), "kind": kind}
    new["agb_code"] = (
        check_agb(agb_code, kind, organisation) if agb_code is not None
        else check_agb(organisation.agb_code, kind, organisation)
    )
    changed = [field for field, value in new.items() if getattr(organisation, field) != value]
    for field in changed:
        setattr(organisation, field, new[field])
    if changed:
        log_access(
            AuditEvent.CHANGE, user=actor, object_type="organisation",
            object_id=organisation.id, fields=changed,
        )
    db.session.flush()


# Packages above region (exchange) name the columns of theirs that refer to an organisation
# here, from their hooks.py at app start, so a merge moves those too.
REFERENCE_HOOKS: list[Callable[[], tuple[object, object]]] = []


def register_organisation_reference(reference: Callable[[], tuple[object, object]]) -> None:
    if reference not in REFERENCE_HOOKS:
        REFERENCE_HOOKS.append(reference)


def _references() -> list[tuple[object, object]]:
    """(table, column) of every reference to an organisation, outside the access log (which
    records the organisation of that moment and is never rewritten)."""
    from caseflow.cases.models import Case
    from caseflow.meetings.models import MeetingAction
    from caseflow.timeline.models import Placement

    return [
        (User.__table__, User.__table__.c.organisation_id),
        (Case.__table__, Case.__table__.c.referrer_organisation_id),
        (MeetingAction.__table__, MeetingAction.__table__.c.owner_organisation_id),
        (Placement.__table__, Placement.__table__.c.provider_id),
        *(reference() for reference in REFERENCE_HOOKS),
    ]


def merge(actor, duplicate: Organisation, keep: Organisation) -> int:
    """Move everything of ``duplicate`` (accounts, referrals, placements, actions, timeline
    links) to ``keep`` and remove ``duplicate``. Returns the number of rows moved."""
    from caseflow.timeline.models import timeline_event_organisation as links

    if duplicate.id == keep.id:
        raise AccountError({"keep": _("Kies twee verschillende organisaties.")})
    if duplicate.kind != keep.kind:
        raise AccountError({"keep": _("Alleen organisaties van dezelfde soort kunnen samengaan.")})
    moved = 0
    for table, column in _references():
        moved += db.session.execute(
            update(table).where(column == duplicate.id).values({column.name: keep.id})
        ).rowcount or 0
    # A timeline event may name both spellings: keep one link per event.
    events = select(links.c.event_id).where(links.c.organisation_id == duplicate.id)
    already = select(links.c.event_id).where(links.c.organisation_id == keep.id)
    to_move = list(db.session.scalars(events.except_(already)))
    if to_move:
        db.session.execute(
            insert(links), [{"event_id": e, "organisation_id": keep.id} for e in to_move]
        )
        moved += len(to_move)
    db.session.execute(delete(links).where(links.c.organisation_id == duplicate.id))
    if keep.agb_code is None and duplicate.agb_code:
        code, duplicate.agb_code = duplicate.agb_code, None
        db.session.flush()
        keep.agb_code = code
    db.session.flush()
    db.session.expire_all()  # the bulk updates above bypassed the loaded objects
    duplicate_id = duplicate.id
    db.session.expunge(duplicate)
    # Nothing refers to it any more: a plain DELETE (the ORM would first load its accounts).
    db.session.execute(delete(Organisation).where(Organisation.id == duplicate_id))
    log_access(AuditEvent.CHANGE, user=actor, object_type="organisation", object_id=keep.id,
               fields=("merged",), reason=f"merged:{duplicate_id}")
    log_access(AuditEvent.DELETE, user=actor, object_type="organisation",
               object_id=duplicate_id, fields=("name",), reason=f"merged_into:{keep.id}")
    return moved
