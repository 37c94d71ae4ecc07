"""Destroying cases: everything attached goes with them (database cascades); what was destroyed
is written to the access log (by case id, never content)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from flask import current_app
from flask_babel import lazy_gettext as _  # problems are message ids; views translate
from sqlalchemy import delete, select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import log_access
from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cases.workflow import Phase
from caseflow.core.problems import FieldProblems
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.retention.models import DestructionRequest

DEFAULT_RETENTION_YEARS = 20


class RetentionError(FieldProblems):
    """A retention request that cannot be stored (see ``FieldProblems``)."""


@dataclass(frozen=True)
class Expired:
    case_id: int
    reference: str
    closed_at: datetime


def retention_years() -> int:
    return int(current_app.config.get("RETENTION_YEARS", DEFAULT_RETENTION_YEARS))


def cutoff(today: date | None = None) -> datetime:
    """Cases closed before this moment have passed their retention period."""
    today = today or utcnow().date()
    years = retention_years()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return datetime.combine(day, time(0), tzinfo=UTC)


def expired_cases(today: date | None = None) -> list[Expired]:
    rows = db.session.execute(
        select(Case.id, Case.reference, Case.closed_at)
        .where(Case.phase == Phase.AFGESLOTEN.value, Case.closed_at < cutoff(today))
        .order_by(Case.closed_at)
    ).all()
    return [Expired(*row) for row in rows]


def destroy(case_ids: list[int], actor: User | None, *, reason: str) -> int:
    """Delete the cases with everything attached and log each destruction."""
    if not case_ids:
        return 0
    for case_id in case_ids:
        log_access(
            AuditEvent.DELETE,
            case_id=case_id,
            object_type="case",
            object_id=case_id,
            reason=reason,
            user=actor,
        )
    db.session.execute(delete(Case).where(Case.id.in_(case_ids)))
    db.session.expire_all()
    return len(case_ids)


def purge(
    actor: User | None = None, *, dry_run: bool = False, today: date | None = None
) -> list[Expired]:
    expired = expired_cases(today)
    if not dry_run:
        destroy([e.case_id for e in expired], actor, reason="retention_expired")
    return expired


def record_request(reference: str, requested_on: date | None, actor: User) -> DestructionRequest:
    problems: dict[str, str] = {}
    case = db.session.scalar(select(Case).where(Case.reference == reference.strip().upper()))
    if case is None:
        problems["reference"] = _("Er is geen casus met deze referentie.")
    if requested_on is None:
        problems["requested_on"] = _("Vul de datum van het verzoek in.")
    elif requested_on > date.today():
        problems["requested_on"] = _("De datum van het verzoek ligt in de toekomst.")
    if problems:
        raise RetentionError(problems)
    request = DestructionRequest(
        case_id=case.id,
        reference=case.reference,
        requested_on=requested_on,
        recorded_by_id=actor.id,
    )
    db.session.add(request)
    db.session.flush()
    log_access(
        AuditEvent.CREATE,
        case_id=case.id,
        object_type="destruction_request",
        object_id=request.id,
        user=actor,
    )
    return request


def execute_request(request: DestructionRequest, actor: User) -> None:
    if request.executed_at is not None:
        raise RetentionError({"request": _("Dit verzoek is al uitgevoerd.")})
    destroy([request.case_id], actor, reason="family_request")
    request.executed_at = utcnow()
    request.executed_by_id = actor.id
    db.session.flush()
