"""Writing the NEN 7513 trail of changes to case data: who changed what (field names, never
values), on which case, on what grounds. Reads are logged by the access decorators."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import g, has_request_context

from caseflow.audit.models import AuditEvent, Grounds
from caseflow.audit.services import log_access


def trail(
    event: AuditEvent,
    *,
    actor: Any,
    case_id: int | None,
    object_type: str,
    object_id: int | str | None = None,
    fields: Iterable[str] = (),
) -> None:
    decision = g.get("case_access") if has_request_context() else None
    log_access(
        event,
        case_id=case_id,
        object_type=object_type,
        object_id=object_id,
        fields=fields,
        grounds=decision.grounds if decision is not None else Grounds.ROLE,
        reason=decision.reason if decision is not None else None,
        user=actor,
    )
