"""Writing, reading and verifying the access log. ``record`` is the one call that adds a row (and
flushes); callers commit (views once per request; denials and reads are committed by the access
layer). The request's details come from the edge (``caseflow.audit.context``), never from Flask."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, select, text

from caseflow.audit.context import RequestDetails, request_details
from caseflow.audit.models import GENESIS_HASH, AccessLogEntry, AuditEvent, Grounds, Outcome
from caseflow.database import begin_write
from caseflow.extensions import db

# Codes and field names only: free text can never end up in the log.
_CODE = re.compile(r"^[a-z0-9_:.\-]{1,100}$")
_IDENTIFIER = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
HASHED_FIELDS = (
    "occurred_at",
    "user_id",
    "role",
    "organisation_id",
    "on_behalf_of_user_id",
    "access_point",
    "ip_address",
    "user_agent",
    "session_hash",
    "event_type",
    "case_id",
    "object_type",
    "object_id",
    "fields",
    "grounds",
    "reason",
    "outcome",
    "request_id",
    "prev_hash",
)
# Any constant will do: all writers of the chain take this transaction-level lock on PostgreSQL.
_CHAIN_LOCK_KEY = 7513


class AuditValueError(ValueError):
    """A log call with something that is not a code (a bug: free text must not be logged)."""


def _code(value: str | None, what: str, pattern: re.Pattern[str] = _CODE) -> str | None:
    if value is None:
        return None
    value = str(value)
    if not pattern.match(value):
        raise AuditValueError(f"{what} is not a code: {value!r}")
    return value


def row_digest(entry: Any) -> str:
    """The hash of one row: an ``AccessLogEntry`` or anything with the same attributes."""
    return values_digest({name: getattr(entry, name) for name in HASHED_FIELDS})


def values_digest(values: Any) -> str:
    """The hash of one row given as a mapping of (at least) ``HASHED_FIELDS``."""
    payload = {name: _canonical(values[name]) for name in HASHED_FIELDS}
    data = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def _lock_chain(read_only_request: bool = False) -> None:
    """Serialise "read the head, insert after it" among all writers of the chain."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK_KEY})
    elif dialect == "sqlite" and read_only_request:
        # SQLite's write lock serialises the chain, but a page's deferred read transaction can't
        # take it once another request committed ("database is locked" at once, see
        # caseflow/database.py): end the read, write the row in a short BEGIN IMMEDIATE one.
        # (Requests that write began IMMEDIATE already and hold the lock.)
        _commit_keeping_loaded()
        begin_write(db.session(), AccessLogEntry)


def record(
    actor: Any,
    case: Any,
    event_type: AuditEvent,
    *,
    grounds: Grounds | None,
    target: str | None = None,
    target_id: int | str | None = None,
    fields: Iterable[str] = (),
    reason: str | None = None,
    outcome: Outcome = Outcome.SUCCESS,
    on_behalf_of: Any = None,
    details: RequestDetails | None = None,
) -> AccessLogEntry:
    """Append one row to the access log: ``actor`` (a user, or ``None`` for the logged-in one)
    did ``event_type`` on ``case`` (a case, its id, or ``None``) to ``target``/``target_id`` (an
    object type code and id) on ``grounds``. ``grounds=None`` means "on the grounds this
    request's case was opened on" (membership, role, noodtoegang with its grant as reason), and
    role when it opened none. ``fields`` are field *names*, never values; ``reason`` is a code
    such as ``throttled`` or ``grant:12``. ``details`` come from the edge's provider
    (``caseflow.audit.context``) unless given. Adds the row and flushes; callers commit."""
    where = details if details is not None else request_details()
    if grounds is None:
        grounds = where.case_grounds or Grounds.ROLE
        if reason is None and where.case_grounds is not None:
            reason = where.case_reason
    who = actor if actor is not None else where.user
    case_id = case if case is None or isinstance(case, int) else case.id
    field_names = [_code(name, "field", _IDENTIFIER) for name in fields]
    entry = AccessLogEntry(
        occurred_at=datetime.now(UTC),
        user_id=getattr(who, "id", None),
        role=getattr(who, "role", None),
        organisation_id=getattr(who, "organisation_id", None),
        on_behalf_of_user_id=getattr(on_behalf_of, "id", None),
        session_hash=where.session_hash,
        event_type=str(AuditEvent(event_type)),
        case_id=int(case_id) if case_id is not None else None,
        object_type=_code(target, "object_type", _IDENTIFIER),
        object_id=_code(None if target_id is None else str(target_id), "object_id", _IDENTIFIER),
        fields=",".join(name for name in field_names if name) or None,
        grounds=str(Grounds(grounds)),
        reason=_code(reason, "reason"),
        outcome=str(Outcome(outcome)),
        request_id=where.request_id,
        access_point=where.access_point,
        ip_address=where.ip_address,
        user_agent=where.user_agent,
    )
    _lock_chain(where.read_only)
    last = db.session.scalar(
        select(AccessLogEntry.row_hash).order_by(AccessLogEntry.id.desc()).limit(1)
    )
    entry.prev_hash = last or GENESIS_HASH
    entry.row_hash = row_digest(entry)
    db.session.add(entry)
    if where.read_only:
        # A page that only reads commits its row at once: the chain lock (PostgreSQL) is then
        # held for a millisecond, not while the page renders, so readers don't queue behind it.
        _commit_keeping_loaded()
    else:
        db.session.flush()
        if where.on_written is not None:
            where.on_written()
    return entry


def log_access(
    event_type: AuditEvent,
    *,
    case_id: int | None = None,
    object_type: str | None = None,
    object_id: int | str | None = None,
    fields: Iterable[str] = (),
    grounds: Grounds = Grounds.ROLE,
    outcome: Outcome = Outcome.SUCCESS,
    reason: str | None = None,
    user: Any = None,
    on_behalf_of: Any = None,
) -> AccessLogEntry:
    """``record`` in its older keyword spelling (grounds default to role), kept for the callers
    that do not yet pass the actor and the case first."""
    return record(
        user, case_id, event_type, grounds=grounds, target=object_type, target_id=object_id,
        fields=fields, reason=reason, outcome=outcome, on_behalf_of=on_behalf_of,
    )


def _commit_keeping_loaded() -> None:
    """Commit without expiring what the request already loaded (a read changed nothing else)."""
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire


@dataclass(frozen=True)
class ChainReport:
    rows: int
    broken_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain() -> ChainReport:
    """Walk the log in order; report the first row whose hash or link does not match."""
    previous = GENESIS_HASH
    count = 0
    # Plain rows from a server-side cursor: millions of rows, no ORM objects, constant memory.
    columns = [AccessLogEntry.__table__.c[name] for name in ("id", "row_hash", *HASHED_FIELDS)]
    query = select(*columns).order_by(AccessLogEntry.id)
    rows = db.session.execute(query.execution_options(yield_per=5_000))
    for row in rows.mappings():
        count += 1
        if row["prev_hash"] != previous:
            return ChainReport(count, row["id"], "prev_hash wijst niet naar de vorige regel")
        if values_digest(row) != row["row_hash"]:
            return ChainReport(count, row["id"], "inhoud komt niet overeen met row_hash")
        previous = row["row_hash"]
    return ChainReport(count)


@dataclass(frozen=True)
class LogFilter:
    start: datetime | None = None
    end: datetime | None = None
    user_id: int | None = None
    case_id: int | None = None
    event_type: str | None = None


def filtered_log(criteria: LogFilter) -> Select[tuple[AccessLogEntry]]:
    query = select(AccessLogEntry).order_by(AccessLogEntry.id.desc())
    if criteria.start is not None:
        query = query.where(AccessLogEntry.occurred_at >= criteria.start)
    if criteria.end is not None:
        query = query.where(AccessLogEntry.occurred_at < criteria.end)
    if criteria.user_id is not None:
        query = query.where(AccessLogEntry.user_id == criteria.user_id)
    if criteria.case_id is not None:
        query = query.where(AccessLogEntry.case_id == criteria.case_id)
    if criteria.event_type:
        query = query.where(AccessLogEntry.event_type == criteria.event_type)
    return query


CASE_ACCESS_EVENTS = (
    AuditEvent.READ,
    AuditEvent.SEARCH,
    AuditEvent.CREATE,
    AuditEvent.CHANGE,
    AuditEvent.DELETE,
    AuditEvent.PHASE_MOVE,
    AuditEvent.EXPORT,
    AuditEvent.PRINT,
    AuditEvent.BREAK_GLASS,
)


def case_access_history_query(case_id: int, *, limit: int = 200) -> Select:
    """The statement of ``case_access_history``, for a caller that joins more to its rows."""
    return (
        select(AccessLogEntry)
        .where(
            AccessLogEntry.case_id == case_id,
            AccessLogEntry.outcome == Outcome.SUCCESS.value,
            AccessLogEntry.event_type.in_([str(e) for e in CASE_ACCESS_EVENTS]),
        )
        .order_by(AccessLogEntry.id.desc())
        .limit(limit)
    )


def case_access_history(case_id: int, *, limit: int = 200) -> list[AccessLogEntry]:
    """Who saw or changed this case, newest first (successful accesses only)."""
    return list(db.session.scalars(case_access_history_query(case_id, limit=limit)))


def iter_entries() -> Iterator[AccessLogEntry]:
    yield from db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
