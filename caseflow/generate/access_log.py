"""Generated access-log rows, chained like ``caseflow.audit.services.log_access`` chains them.

The log is append-only and hash-chained: each row's ``prev_hash`` is the ``row_hash`` of the row
before it (by id) and ``row_hash`` is ``caseflow.audit.services.row_digest`` of the row. This
helper takes the chain lock, reads the last hash, sorts the rows by time, hands out ids in that
order and computes both hashes before the bulk insert, so ``flask audit verify`` passes after it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from types import SimpleNamespace

from sqlalchemy import select

from caseflow.audit.models import GENESIS_HASH, AccessLogEntry, Grounds, Outcome
from caseflow.audit.services import _lock_chain, row_digest
from caseflow.extensions import db
from caseflow.generate.bulk import BATCH, Ids, insert_many

TABLE = AccessLogEntry.__table__
AGENT = "Mozilla/5.0 (X11; Linux x86_64) gegenereerd"


def append_chained(
    rows: list[tuple], ids: Ids, progress: Callable[[int], None] | None = None
) -> int:
    """Write (occurred_at, user_id, role, organisation_id, event_type, case_id) rows, oldest
    first."""
    _lock_chain()
    previous = db.session.scalar(
        select(AccessLogEntry.row_hash).order_by(AccessLogEntry.id.desc()).limit(1)
    ) or GENESIS_HASH
    rows.sort(key=lambda row: row[0])
    batch: list[dict] = []
    written = 0
    for occurred_at, user_id, role, org, event_type, case_id in rows:
        entry = {
            "occurred_at": occurred_at, "user_id": user_id, "role": role,
            "organisation_id": org, "on_behalf_of_user_id": None, "access_point": "web",
            "ip_address": "127.0.0.1", "user_agent": AGENT, "session_hash": None,
            "event_type": event_type, "case_id": case_id, "object_type": "case",
            "object_id": str(case_id),
            "grounds": Grounds.MEMBERSHIP.value if role == "professional" else Grounds.ROLE.value,
            "fields": None, "reason": None, "outcome": Outcome.SUCCESS.value,
            "request_id": secrets.token_hex(16), "prev_hash": previous,
        }
        entry["row_hash"] = previous = row_digest(SimpleNamespace(**entry))
        entry["id"] = ids.take(TABLE)
        batch.append(entry)
        if len(batch) == BATCH:
            written += insert_many(TABLE, batch)
            batch = []
            if progress:
                progress(written)
    written += insert_many(TABLE, batch)
    if progress:
        progress(written)
    return written
