"""The access log table (NEN 7513). Rows are only ever inserted: a database trigger refuses UPDATE,
DELETE and TRUNCATE, and every row carries a SHA-256 hash chained to the row before it."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import DDL, CheckConstraint, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db

GENESIS_HASH = "0" * 64


class AuditEvent(enum.StrEnum):
    READ = "read"
    SEARCH = "search"
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"
    PHASE_MOVE = "phase_move"
    EXPORT = "export"
    PRINT = "print"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"
    LOGOUT = "logout"
    ACCESS_DENIED = "access_denied"
    BREAK_GLASS = "break_glass"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS[self])


EVENT_LABELS = {
    AuditEvent.READ: _l("Inzien"),
    AuditEvent.SEARCH: _l("Zoeken"),
    AuditEvent.CREATE: _l("Aanmaken"),
    AuditEvent.CHANGE: _l("Wijzigen"),
    AuditEvent.DELETE: _l("Verwijderen"),
    AuditEvent.PHASE_MOVE: _l("Fase verplaatst"),
    AuditEvent.EXPORT: _l("Export"),
    AuditEvent.PRINT: _l("Afdrukken/PDF"),
    AuditEvent.LOGIN: _l("Ingelogd"),
    AuditEvent.LOGIN_FAILED: _l("Mislukte inlogpoging"),
    AuditEvent.LOGIN_THROTTLED: _l("Inloggen geblokkeerd (te veel pogingen)"),
    AuditEvent.LOGOUT: _l("Uitgelogd"),
    AuditEvent.ACCESS_DENIED: _l("Toegang geweigerd"),
    AuditEvent.BREAK_GLASS: _l("Noodtoegang"),
}


class Outcome(enum.StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    DENIED = "denied"


class Grounds(enum.StrEnum):
    """On what grounds the access happened (or was asked for)."""

    ROLE = "role"  # the role allows it (e.g. the chair sees every case of the region)
    MEMBERSHIP = "membership"  # current member of the case
    FORMER_MEMBERSHIP = "former_membership"  # former member: own entries only
    BREAK_GLASS = "break_glass"  # a noodtoegang grant (reason and review in break_glass_grant)
    AUTHENTICATION = "authentication"  # logging in or out
    NONE = "none"  # no grounds: the access was refused


def _values(enum_cls: type[enum.StrEnum]) -> str:
    return ", ".join(f"'{member.value}'" for member in enum_cls)


class AccessLogEntry(db.Model):
    __tablename__ = "access_log"
    __table_args__ = (
        CheckConstraint(f"event_type IN ({_values(AuditEvent)})", name="event_type"),
        CheckConstraint(f"outcome IN ({_values(Outcome)})", name="outcome"),
        CheckConstraint(f"grounds IN ({_values(Grounds)})", name="grounds"),
        # A case's access history, newest first, reads its own rows from the end (a busy case
        # is read thousands of times; the log holds millions of rows).
        Index("ix_access_log_case_id_id", "case_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Who: internal ids (no foreign keys, so the log outlives any record it mentions).
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    role: Mapped[str | None] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(Integer)
    on_behalf_of_user_id: Mapped[int | None] = mapped_column(Integer)
    # Where from: "web" or "cli", client address, browser, hash of the session id.
    access_point: Mapped[str] = mapped_column(String(10))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    session_hash: Mapped[str | None] = mapped_column(String(64))
    # What: the event, the case (internal id), the object and the names of the fields involved.
    event_type: Mapped[str] = mapped_column(String(20), index=True)
    case_id: Mapped[int | None] = mapped_column(Integer)
    object_type: Mapped[str | None] = mapped_column(String(50))
    object_id: Mapped[str | None] = mapped_column(String(64))
    fields: Mapped[str | None] = mapped_column(String(500))
    # Why and how it ended; ``reason`` is a code (never free text), e.g. "throttled", "grant:12".
    grounds: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(10))
    request_id: Mapped[str | None] = mapped_column(String(32))
    # The chain: row_hash = sha256(canonical JSON of the fields above + prev_hash).
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64), unique=True)

    @property
    def event_label(self) -> str:
        try:
            return AuditEvent(self.event_type).label
        except ValueError:
            return self.event_type

    @property
    def field_list(self) -> list[str]:
        return self.fields.split(",") if self.fields else []

    def __repr__(self) -> str:
        return f"<AccessLogEntry {self.id} {self.event_type} case={self.case_id}>"


# The same statements run in migration 0003; here they make db.create_all() (tests) equal.
POSTGRES_APPEND_ONLY = (
    """
    CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION USING MESSAGE = 'access_log is append-only: ' || TG_OP || ' refused';
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER access_log_no_update_delete BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_append_only()
    """,
    """
    CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()
    """,
)
SQLITE_APPEND_ONLY = (
    """
    CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
    BEGIN SELECT RAISE(ABORT, 'access_log is append-only: UPDATE refused'); END
    """,
    """
    CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
    BEGIN SELECT RAISE(ABORT, 'access_log is append-only: DELETE refused'); END
    """,
)

for _statement in POSTGRES_APPEND_ONLY:
    event.listen(
        AccessLogEntry.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )
for _statement in SQLITE_APPEND_ONLY:
    event.listen(
        AccessLogEntry.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite")
    )


class AuditCheckpoint(db.Model):
    """An anchor of the chain head: the head row (id, hash) and the row count up to it, with an
    HMAC whose key is not in the database (``caseflow.audit.anchors``). The same line also goes to
    a file or syslog outside the database, so cutting the log short no longer goes unnoticed."""

    __tablename__ = "audit_checkpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    head_id: Mapped[int] = mapped_column(Integer, index=True)
    head_hash: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer)
    # "every_n" (written with the N-th row) or "command" (``flask audit checkpoint``, daily).
    source: Mapped[str] = mapped_column(String(10))
    mac: Mapped[str] = mapped_column(String(64), unique=True)

    def __repr__(self) -> str:
        return f"<AuditCheckpoint {self.id} head={self.head_id} rows={self.row_count}>"
