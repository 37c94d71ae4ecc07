"""Recording and correcting the case facts of ``fact_models`` (issue 24, point 1).

A legal framework period is added, corrected (a new revision; the earlier ones stay) or
retracted (entered by mistake: it stays listed, struck through). A sibling link joins two cases
both ways at once and is removed with a reason. Every change goes to the access log as
``change`` with the names of the fields changed, never their values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import User
from caseflow.cases.events import EventKind, add_system_event, term
from caseflow.cases.fact_models import (
    CaseFramework,
    CaseFrameworkRevision,
    SiblingLink,
    SiblingsOutside,
)
from caseflow.cases.fact_queries import case_facts
from caseflow.cases.forms import TEXT_MAX
from caseflow.cases.models import Case
from caseflow.cases.vocab import LEGAL_FRAMEWORK_LABELS, LegalFramework
from caseflow.cases.workflow import N_
from caseflow.core.case_page import shared
from caseflow.core.dates import check_date
from caseflow.core.problems import FieldProblems
from caseflow.core.revisions import revision_row, revisions_of
from caseflow.database import utcnow
from caseflow.extensions import db

MAX_OUTSIDE = 30
FRAMEWORK_FIELDS = ("framework", "from_date", "until_date")


class FactError(FieldProblems):
    """A case fact that cannot be stored (see ``FieldProblems``)."""


@dataclass(frozen=True)
class FrameworkPeriod:
    framework: str
    from_date: date
    until_date: date | None = None


def _periods_meet(a_from: date, a_until: date | None, b_from: date, b_until: date | None) -> bool:
    return (a_until is None or b_from <= a_until) and (b_until is None or a_from <= b_until)


def case_frameworks(case: Case, *, include_retracted: bool = False) -> list[CaseFramework]:
    query = select(CaseFramework).where(CaseFramework.case_id == case.id)
    if not include_retracted:
        query = query.where(CaseFramework.retracted_at.is_(None))
    return list(db.session.scalars(query.order_by(CaseFramework.from_date, CaseFramework.id)))


def _validate(
    case: Case, data: FrameworkPeriod, today: date, exclude_id: int | None, reason: str | None
) -> None:
    problems: dict[str, str] = {}
    if data.framework not in set(LegalFramework):
        problems["framework"] = _("Kies een juridisch kader uit de lijst.")
    for name in ("from_date", "until_date"):
        day = getattr(data, name)
        message = None if day is None else check_date(day, case.birth_year, today=today)
        if message:
            problems[name] = message
    if "from_date" not in problems and data.until_date and data.until_date < data.from_date:
        problems["until_date"] = _("De einddatum ligt vóór de begindatum.")
    if reason is not None and not reason.strip():
        problems["reason"] = _("Geef een reden voor de correctie.")
    elif reason is not None and len(reason) > TEXT_MAX:
        problems["reason"] = _("De reden is te lang (hooguit 5000 tekens).")
    if not problems:
        # Care is voluntary or under a measure, not both; one measure does not run twice at
        # once. A machtiging gesloten jeugdhulp comes on top of an OTS or voogdij, so may overlap.
        for other in case_frameworks(case):
            if other.id == exclude_id or not _periods_meet(
                data.from_date, data.until_date, other.from_date, other.until_date
            ):
                continue
            kinds = {data.framework, other.framework}
            if data.framework == other.framework or LegalFramework.VRIJWILLIG.value in kinds:
                problems["from_date"] = _(
                    "Deze periode overlapt met %(kader)s vanaf %(day)s; pas die eerst aan.",
                    kader=LEGAL_FRAMEWORK_LABELS[LegalFramework(other.framework)],
                    day=other.from_date.strftime("%d-%m-%Y"),
                )
                break
    if problems:
        raise FactError(problems)


def add_framework(
    case: Case, data: FrameworkPeriod, actor: User, *, today: date | None = None
) -> CaseFramework:
    _validate(case, data, today or date.today(), None, None)
    now = utcnow()
    row = CaseFramework(
        case_id=case.id, framework=data.framework, from_date=data.from_date,
        until_date=data.until_date, recorded_at=now, recorded_by_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    add_system_event(
        case, EventKind.OVERIG, N_("Juridisch kader: %(kader)s"),
        values={"kader": term("framework_label", data.framework)}, actor=actor,
        occurred_on=data.from_date,
    )
    record(actor, case.id, AuditEvent.CREATE, grounds=AS_OPENED, target="legal_framework",
           target_id=row.id, fields=FRAMEWORK_FIELDS)
    return row


def _snapshot(row: CaseFramework, number: int, at: datetime, by: int | None,
              changed: list[str], reason: str) -> CaseFrameworkRevision:
    content = {name: getattr(row, name) for name in FRAMEWORK_FIELDS}
    return revision_row(CaseFrameworkRevision.framework_id, row.id, number, content, at=at,
                        by=by, changed_fields=changed, reason=reason)


def correct_framework(
    row: CaseFramework, case: Case, data: FrameworkPeriod, actor: User, *, reason: str,
    today: date | None = None,
) -> CaseFrameworkRevision:
    """A new version of the period; every earlier version stays readable."""
    if row.is_retracted:
        raise FactError({"reason": _("Een ingetrokken periode kunt u niet corrigeren.")})
    _validate(case, data, today or date.today(), row.id, reason)
    changed = [n for n in FRAMEWORK_FIELDS if getattr(row, n) != getattr(data, n)]
    if not changed:
        raise FactError({"reason": _("Er is niets gewijzigd; er is niets opgeslagen.")})
    now = utcnow()
    if row.revision_count == 1:  # keep what was first recorded as revision 1
        db.session.add(_snapshot(row, 1, row.recorded_at, row.recorded_by_id, [], ""))
    for name in FRAMEWORK_FIELDS:
        setattr(row, name, getattr(data, name))
    row.revision_count += 1
    row.last_revised_at = now
    revision = _snapshot(row, row.revision_count, now, actor.id, changed, reason.strip())
    db.session.add(revision)
    db.session.flush()
    record(actor, case.id, AuditEvent.CHANGE, grounds=AS_OPENED, target="legal_framework",
           target_id=row.id, fields=changed)
    return revision


def retract_framework(row: CaseFramework, case: Case, actor: User, *, reason: str) -> None:
    if not reason.strip():
        raise FactError({"reason": _("Geef een reden voor het intrekken.")})
    if row.is_retracted:
        raise FactError({"reason": _("Deze periode is al ingetrokken.")})
    row.retracted_at, row.retracted_by_id = utcnow(), actor.id
    row.retraction_reason = reason.strip()[:TEXT_MAX]
    db.session.flush()
    record(actor, case.id, AuditEvent.CHANGE, grounds=AS_OPENED, target="legal_framework",
           target_id=row.id, fields=("retracted_at", "retraction_reason"))


def sibling_links(case: Case, *, include_removed: bool = False) -> list[SiblingLink]:
    query = select(SiblingLink).where(
        or_(SiblingLink.case_id == case.id, SiblingLink.sibling_id == case.id)
    )
    if not include_removed:
        query = query.where(SiblingLink.removed_at.is_(None))
    return list(db.session.scalars(query.order_by(SiblingLink.id)))


def link_siblings(case: Case, other: Case | None, actor: User) -> SiblingLink:
    """Join two cases as brothers or sisters; the link shows on both."""
    if other is None:
        raise FactError({"sibling": _("Er is geen casus met dit kenmerk.")})
    if other.id == case.id:
        raise FactError({"sibling": _("Een casus kan niet zijn eigen broer of zus zijn.")})
    if any(link.other(case.id) == other.id for link in sibling_links(case)):
        raise FactError({"sibling": _("Deze casussen zijn al als broers of zussen gekoppeld.")})
    low, high = sorted((case.id, other.id))
    link = SiblingLink(case_id=low, sibling_id=high, recorded_at=utcnow(),
                       recorded_by_id=actor.id)
    db.session.add(link)
    db.session.flush()
    # One row, on the case it was done from; the link names the other case.
    record(actor, case.id, AuditEvent.CREATE, grounds=AS_OPENED, target="sibling_link",
           target_id=link.id, fields=("case_id", "sibling_id"))
    return link


def unlink_siblings(link: SiblingLink, case: Case, actor: User, *, reason: str) -> None:
    """A link made by mistake: removed with a reason, still listed as removed."""
    if not reason.strip():
        raise FactError({"reason": _("Geef een reden voor het ontkoppelen.")})
    if link.removed_at is not None:
        raise FactError({"reason": _("Deze koppeling is al verwijderd.")})
    link.removed_at, link.removed_by_id = utcnow(), actor.id
    link.removal_reason = reason.strip()[:TEXT_MAX]
    db.session.flush()
    record(actor, case.id, AuditEvent.CHANGE, grounds=AS_OPENED, target="sibling_link",
           target_id=link.id, fields=("removed_at", "removal_reason"))


def outside_history(case: Case) -> list[SiblingsOutside]:
    return list(db.session.scalars(
        select(SiblingsOutside).where(SiblingsOutside.case_id == case.id)
        .order_by(SiblingsOutside.recorded_at, SiblingsOutside.id)
    ))


def set_siblings_outside(
    case: Case, count: int | None, actor: User, *, reason: str = ""
) -> SiblingsOutside:
    """A new count of brothers and sisters outside caseflow; a change of a count recorded
    before needs a reason (the earlier count stays in the history)."""
    history = outside_history(case)
    if count is None or not 0 <= count <= MAX_OUTSIDE:
        raise FactError({"count": _("Vul een aantal van 0 tot en met %(n)d in.", n=MAX_OUTSIDE)})
    if history and history[-1].count == count:
        raise FactError({"count": _("Er is niets gewijzigd; er is niets opgeslagen.")})
    if history and not reason.strip():
        raise FactError({"reason": _("Geef een reden voor de correctie.")})
    row = SiblingsOutside(case_id=case.id, count=count, reason=reason.strip()[:TEXT_MAX],
                          recorded_at=utcnow(), recorded_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    record(actor, case.id, AuditEvent.CHANGE, grounds=AS_OPENED, target="siblings_outside",
           target_id=row.id, fields=("count",))
    return row


def framework_revisions(row: CaseFramework) -> list[CaseFrameworkRevision]:
    return revisions_of(CaseFrameworkRevision.framework_id, [row.id])[row.id]


def _sibling_cases(case: Case, links: list[SiblingLink]) -> dict[int, Case]:
    ids = [link.other(case.id) for link in links]
    if not ids:
        return {}
    return {c.id: c for c in db.session.scalars(select(Case).where(Case.id.in_(ids)))}


def facts_page_context(case: Case) -> dict[str, object]:
    """The facts page: every period and link, withdrawn ones included, and the count's history."""
    links = sibling_links(case, include_removed=True)
    history = outside_history(case)
    return {
        "frameworks": case_frameworks(case, include_retracted=True),
        "sibling_links": links,
        "sibling_cases": _sibling_cases(case, links),
        "outside_history": history,
        "outside_count": history[-1].count if history else None,
    }


def facts_panel_context(case: Case) -> dict[str, object]:
    """The case page's panel: what holds now, in one query shared with the timeline's panel of
    siblings placed together or apart."""
    return {"case_facts": shared("case_facts", lambda: case_facts(case.id))}
