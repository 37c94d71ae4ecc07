"""'Who saw this case': the case page's access history for the chair (template partial
``audit/_case_access_history.html``). In admin, not audit: it joins the log's plain user ids
and roles to users (auth), and audit imports no domain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_login import current_user

from caseflow.admin.audit_words import grounds_label, object_label, role_label
from caseflow.audit.models import AccessLogEntry, AuditEvent, Grounds
from caseflow.audit.services import case_access_history_query
from caseflow.auth.models import Organisation, Role, User
from caseflow.extensions import db

HISTORY_ROLES = frozenset({Role.VOORZITTER, Role.PROCESBEGELEIDER})


@dataclass(frozen=True)
class AccessRow:
    occurred_at: datetime
    user_name: str
    role_label: str
    organisation: str
    event_label: str
    grounds: str
    break_glass: bool
    object_label: str = ""


SHORT_HISTORY = 20
LONG_HISTORY = 1000


def who_saw_case(case_id: int, limit: int = SHORT_HISTORY) -> list[AccessRow]:
    """The rows of the partial, newest first, at most ``limit`` + 1 (so the partial knows there is
    more); empty for anyone who may not see the history. The case page shows the latest 20: a
    busy case is read thousands of times, and the page should not grow with it."""
    if not current_user.is_authenticated or current_user.role not in HISTORY_ROLES:
        return []
    return case_access_rows(case_id, min(limit, LONG_HISTORY) + 1)


def case_access_rows(case_id: int, limit: int) -> list[AccessRow]:
    """Who saw or changed this one case, newest first, at most ``limit`` rows (no role check:
    the caller decided who may ask, e.g. the family's PDF)."""
    # Only the columns the rows show, with their users' and organisations' names, in one query:
    # plain rows, not log entries, users and organisations as objects (the case page shows 20;
    # hydrating them was ~3 ms of its CPU, issue 21).
    query = (
        case_access_history_query(case_id, limit=limit)
        .with_only_columns(
            AccessLogEntry.occurred_at,
            AccessLogEntry.role,
            AccessLogEntry.event_type,
            AccessLogEntry.grounds,
            AccessLogEntry.reason,
            AccessLogEntry.object_type,
            User.name,
            Organisation.name,
        )
        .outerjoin(User, User.id == AccessLogEntry.user_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
    )
    rows = []
    for occurred_at, role, event_type, grounds, reason, object_type, user_name, org_name in (
        db.session.execute(query)
    ):
        rows.append(
            AccessRow(
                occurred_at=occurred_at,
                user_name=user_name if user_name is not None else "—",
                role_label=role_label(role),
                organisation=org_name if user_name is not None and org_name else "—",
                event_label=_event_label(event_type),
                grounds=grounds_label(grounds, reason),
                break_glass=grounds == Grounds.BREAK_GLASS,
                object_label=object_label(object_type, None),
            )
        )
    return rows


def _event_label(event_type: str) -> str:
    """As ``AccessLogEntry.event_label``, from the plain column."""
    try:
        return AuditEvent(event_type).label
    except ValueError:
        return event_type
