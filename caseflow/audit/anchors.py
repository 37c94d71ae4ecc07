"""Anchors of the access log's chain head, outside the table.

The hash chain alone shows an edited or removed row in the middle, but not a log cut short at the
end, emptied, or rewritten with recomputed hashes: anyone with database access can do those. So
the head (its id and hash, and the number of rows up to it) is *anchored*: an HMAC-SHA256 with a key
that is not in the database (``AUDIT_KEY``) is stored in ``audit_checkpoint`` and the same line is
appended to a file (``AUDIT_ANCHOR_FILE``) and/or sent to syslog (``AUDIT_SYSLOG``) that the
operator ships elsewhere. ``caseflow.audit.integrity`` checks the log against both.

A checkpoint is written with every row whose id is a multiple of ``AUDIT_CHECKPOINT_EVERY`` (in
the same transaction as that row; an id skipped by a rolled-back transaction moves it to the next
multiple) and by ``flask --app caseflow audit checkpoint`` (the daily job). Per row this costs one
modulo: the access log is written on every case read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import logging.handlers
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, SessionTransaction, object_session

from caseflow import config as config_module
from caseflow.audit.models import AccessLogEntry, AuditCheckpoint
from caseflow.extensions import db

MARKER = "caseflow-audit-anchor"
_PENDING = "audit_anchor_lines"
_LOG = logging.getLogger("caseflow.audit.anchors")
_SYSLOG_HANDLERS: dict[str, logging.Handler] = {}
_CHECKPOINTS = AuditCheckpoint.__table__
_LOG_TABLE = AccessLogEntry.__table__


@dataclass(frozen=True)
class Anchor:
    """One anchored head, as stored in ``audit_checkpoint`` and written to the external file."""

    at: str
    head_id: int
    head_hash: str
    rows: int
    mac: str
    checkpoint: int | None = None

    def line(self) -> str:
        payload = {"v": 1, **asdict(self)}
        return f"{MARKER} {json.dumps(payload, sort_keys=True, separators=(',', ':'))}"

    def valid(self, key: bytes) -> bool:
        return hmac.compare_digest(self.mac, anchor_mac(key, self.at, self.head_id,
                                                        self.head_hash, self.rows))


def timestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def anchor_mac(key: bytes, at: str, head_id: int, head_hash: str, rows: int) -> str:
    message = f"{MARKER}/1|{at}|{head_id}|{head_hash}|{rows}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def audit_key() -> bytes:
    """``AUDIT_KEY`` from the config; outside production the generated ``instance/audit_key``."""
    key = current_app.config.get("AUDIT_KEY")
    if not key:
        if current_app.config.get("ENV") == "production":
            raise RuntimeError("CASEFLOW_AUDIT_KEY ontbreekt")  # the production check refuses it
        key = config_module.instance_audit_key(current_app.instance_path)
    return str(key).encode()


def anchor_file() -> Path:
    configured = current_app.config.get("AUDIT_ANCHOR_FILE")
    if configured:
        return Path(configured)
    return Path(current_app.instance_path) / config_module.AUDIT_ANCHOR_FILE


def from_checkpoint(checkpoint: Any) -> Anchor:
    return Anchor(
        at=timestamp(checkpoint.created_at),
        head_id=checkpoint.head_id,
        head_hash=checkpoint.head_hash,
        rows=checkpoint.row_count,
        mac=checkpoint.mac,
        checkpoint=checkpoint.id,
    )


# --- writing ------------------------------------------------------------------------------------


def write_checkpoint(source: str = "command") -> Anchor | None:
    """Anchor the current head now (the daily job). The caller commits; the external line is
    written after that commit. ``None`` when the log is still empty."""
    from caseflow.audit.services import _lock_chain

    _lock_chain()
    head = db.session.execute(
        select(_LOG_TABLE.c.id, _LOG_TABLE.c.row_hash).order_by(_LOG_TABLE.c.id.desc()).limit(1)
    ).first()
    if head is None:
        return None
    rows = db.session.scalar(select(func.count()).select_from(_LOG_TABLE)) or 0
    anchor = _store(db.session.connection(), head.id, head.row_hash, rows, source)
    _queue(db.session(), anchor)
    return anchor


@event.listens_for(AccessLogEntry, "after_insert")
def _checkpoint_every_n(_mapper: Any, connection: Connection, entry: AccessLogEntry) -> None:
    """With the N-th row, in its flush and transaction (the chain lock is held there)."""
    if not has_app_context():
        return
    every = int(current_app.config.get("AUDIT_CHECKPOINT_EVERY") or 0)
    if every <= 0 or entry.id % every:
        return
    rows = _rows_up_to(connection, entry.id)
    anchor = _store(connection, entry.id, entry.row_hash, rows, "every_n")
    session = object_session(entry)
    if session is not None:
        _queue(session, anchor)


def _rows_up_to(connection: Connection, head_id: int) -> int:
    """Rows with id ≤ ``head_id``: the last valid checkpoint's count plus the rows since (about N
    index entries), so a request never counts millions of rows; a full count only without one."""
    previous = connection.execute(
        select(_CHECKPOINTS).where(_CHECKPOINTS.c.head_id < head_id)
        .order_by(_CHECKPOINTS.c.head_id.desc()).limit(1)
    ).first()
    since = select(func.count()).select_from(_LOG_TABLE).where(_LOG_TABLE.c.id <= head_id)
    if previous is not None and from_checkpoint(previous).valid(audit_key()):
        since = since.where(_LOG_TABLE.c.id > previous.head_id)
        return previous.row_count + (connection.scalar(since) or 0)
    return connection.scalar(since) or 0


def _store(connection: Connection, head_id: int, head_hash: str, rows: int, source: str) -> Anchor:
    now = datetime.now(UTC)
    at = timestamp(now)
    mac = anchor_mac(audit_key(), at, head_id, head_hash, rows)
    checkpoint_id = connection.execute(
        insert(_CHECKPOINTS).values(created_at=now, head_id=head_id, head_hash=head_hash,
                                    row_count=rows, source=source, mac=mac)
        .returning(_CHECKPOINTS.c.id)
    ).scalar_one()
    return Anchor(at=at, head_id=head_id, head_hash=head_hash, rows=rows, mac=mac,
                  checkpoint=checkpoint_id)


def _queue(session: Session, anchor: Anchor) -> None:
    """Remember the line and where it goes; it is written once the transaction has committed, so
    the external file never names a checkpoint that a rollback took back."""
    destination = (str(anchor_file()), current_app.config.get("AUDIT_SYSLOG"))
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_PENDING, []).append((anchor.line(), destination, transaction))


@event.listens_for(Session, "after_commit")
def _ship_pending(session: Session) -> None:
    for line, (path, syslog), _transaction in session.info.pop(_PENDING, []):
        ship_line(line, path, syslog)


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    """A rollback (of the whole transaction or of a savepoint) takes back its checkpoints."""
    pending = session.info.get(_PENDING)
    if pending:
        session.info[_PENDING] = [
            item for item in pending if not _within(item[2], previous_transaction)
        ]


def _within(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


def ship_line(line: str, path: str | None, syslog: str | bool | None) -> None:
    """Append ``line`` to the anchor file and send it to syslog. A failure is logged, not raised:
    the commit is done, and ``audit verify`` accepts a checkpoint that the file lacks."""
    if path:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            with os.fdopen(fd, "a", encoding="utf-8") as handle:
                handle.write(line + "\n")  # one write with O_APPEND: workers don't interleave
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            _LOG.error("ankerregel niet naar %s geschreven: %s", path, error)
    if syslog:
        handler = _syslog_handler(syslog)
        if handler is not None:
            handler.handle(_LOG.makeRecord(_LOG.name, logging.INFO, __file__, 0, line, (), None))


def _syslog_handler(setting: str | bool) -> logging.Handler | None:
    name = "/dev/log" if setting is True else str(setting)
    if name not in _SYSLOG_HANDLERS:
        address: str | tuple[str, int] = name
        if ":" in name and not name.startswith("/"):
            host, port = name.rsplit(":", 1)
            address = (host, int(port))
        try:
            handler = logging.handlers.SysLogHandler(
                address=address, facility=logging.handlers.SysLogHandler.LOG_AUTH
            )
        except OSError as error:
            _LOG.error("syslog %s niet bereikbaar: %s", name, error)
            return None
        handler.setFormatter(logging.Formatter("caseflow: %(message)s"))
        _SYSLOG_HANDLERS[name] = handler
    return _SYSLOG_HANDLERS[name]


def read_anchor_file(path: Path) -> list[tuple[int, Anchor | None]]:
    """The anchors in ``path`` with their line numbers (``None``: a marked line that does not
    parse). Lines without the marker are skipped, so a syslog export can be read as it is."""
    found: list[tuple[int, Anchor | None]] = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            start = line.find(MARKER + " {")
            if start < 0:
                continue
            try:
                data = json.loads(line[start + len(MARKER) + 1:])
                anchor = Anchor(at=str(data["at"]), head_id=int(data["head_id"]),
                                head_hash=str(data["head_hash"]), rows=int(data["rows"]),
                                mac=str(data["mac"]), checkpoint=data.get("checkpoint"))
            except (ValueError, KeyError, TypeError):
                anchor = None
            found.append((number, anchor))
    return found
