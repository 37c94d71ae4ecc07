"""Generated access-log rows, chained like ``caseflow.audit.services.log_access`` chains them.

The log is append-only and hash-chained: each row's ``prev_hash`` is the ``row_hash`` of the row
before it (by id) and ``row_hash`` is ``caseflow.audit.services.row_digest`` of the row. This
helper takes the chain lock, reads the last hash, sorts the rows by time, hands out ids in that
order and computes both hashes while streaming the rows into the bulk insert, so
``flask audit verify`` passes after it.

Millions of rows: while the cases are generated each future row is one packed ``int`` (time,
case, user, kind; see ``entry``), about 40 bytes instead of a tuple of six objects, and sorting
them is sorting ints. The digest is the same canonical JSON ``row_digest`` hashes, filled into
a template made once with the audit module's own ``_canonical`` and JSON settings: only ten of
the nineteen fields vary, and their values are codes, digits and hex that JSON leaves as is.
Every ``CHECK_EVERY``-th row (and the first) is also hashed by ``row_digest`` itself; a
difference stops the run.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime
from hashlib import sha256
from types import SimpleNamespace

from sqlalchemy import select

from caseflow.audit.models import GENESIS_HASH, AccessLogEntry, Grounds, Outcome
from caseflow.audit.services import HASHED_FIELDS, _canonical, _lock_chain, row_digest
from caseflow.extensions import db
from caseflow.generate.bulk import Ids, insert_rows

TABLE = AccessLogEntry.__table__
AGENT = "Mozilla/5.0 (X11; Linux x86_64) gegenereerd"
READ, CREATE, PHASE_MOVE = 0, 1, 2
_EVENT = ("read", "create", "phase_move")
_ROLE = ("professional", "procesbegeleider", "procesbegeleider")
_GROUNDS = (Grounds.MEMBERSHIP.value, Grounds.ROLE.value, Grounds.ROLE.value)
CHECK_EVERY = 10_000
_EPOCH = date(1970, 1, 1).toordinal()
_CASE_BITS, _USER_BITS = 36, 24
# Fields every generated row shares, as they are written (columns left out are NULL).
CONSTANT = {
    "access_point": "web", "ip_address": "127.0.0.1", "user_agent": AGENT,
    "object_type": "case", "outcome": Outcome.SUCCESS.value,
}
NULL = ("on_behalf_of_user_id", "session_hash", "fields", "reason")
COLUMNS = ("id", "occurred_at", "user_id", "role", "organisation_id", "event_type", "case_id",
           "object_id", "grounds", "request_id", "prev_hash", "row_hash", *CONSTANT)
_VARYING = ("occurred_at", "user_id", "role", "organisation_id", "event_type", "case_id",
            "object_id", "grounds", "request_id", "prev_hash")


def seconds(day: date, hour: int = 0) -> int:
    """Seconds since 1970 (UTC) of ``hour`` o'clock on ``day``."""
    return (day.toordinal() - _EPOCH) * 86_400 + hour * 3_600


def entry(stamp: int, case_id: int, user_id: int, kind: int) -> int:
    """One future log row, packed: sorts by time first."""
    return ((stamp << _CASE_BITS | case_id) << _USER_BITS | user_id) << 4 | kind


def _template() -> str:
    """The canonical JSON of a generated row with ``%(field)s`` where the row's own values go."""
    values = dict.fromkeys(NULL) | CONSTANT | {name: f"@@{name}@@" for name in _VARYING}
    payload = {name: _canonical(values[name]) for name in HASHED_FIELDS}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    text = text.replace("%", "%%")
    for name in _VARYING:
        text = text.replace(f'"@@{name}@@"', f"%({name})s")
    return text


TEMPLATE = _template()


def append_chained(entries: list[int], ids: Ids, org_of: dict[int, int],
                   rng: random.Random) -> int:
    """Write the ``entry`` rows, oldest first, chained to the last row already in the log."""
    _lock_chain()
    previous = db.session.scalar(
        select(AccessLogEntry.row_hash).order_by(AccessLogEntry.id.desc()).limit(1)
    ) or GENESIS_HASH
    entries.sort()
    first_id = ids.take_many(TABLE, len(entries))
    return insert_rows(TABLE, COLUMNS, _chained(entries, first_id, previous, org_of, rng))


def _chained(entries: list[int], next_id: int, previous: str, org_of: dict[int, int],
             rng: random.Random) -> Iterator[tuple]:
    case_mask, user_mask = (1 << _CASE_BITS) - 1, (1 << _USER_BITS) - 1
    constant = tuple(CONSTANT.values())
    template, fromtimestamp, bits = TEMPLATE, datetime.fromtimestamp, rng.getrandbits
    for number, packed in enumerate(entries):
        kind = packed & 15
        user_id = packed >> 4 & user_mask
        case_id = packed >> 4 + _USER_BITS & case_mask
        occurred_at = fromtimestamp(packed >> 4 + _USER_BITS + _CASE_BITS, UTC)
        organisation_id = org_of.get(user_id) if kind == READ else None
        request_id = f"{bits(128):032x}"
        role, event_type, grounds = _ROLE[kind], _EVENT[kind], _GROUNDS[kind]
        text = template % {
            "occurred_at": f'"{_canonical(occurred_at)}"', "user_id": user_id,
            "role": f'"{role}"', "event_type": f'"{event_type}"', "case_id": case_id,
            "organisation_id": "null" if organisation_id is None else organisation_id,
            "object_id": f'"{case_id}"', "grounds": f'"{grounds}"',
            "request_id": f'"{request_id}"', "prev_hash": f'"{previous}"',
        }
        row_hash = sha256(text.encode()).hexdigest()
        row = (next_id, occurred_at, user_id, role, organisation_id, event_type, case_id,
               str(case_id), grounds, request_id, previous, row_hash, *constant)
        if number % CHECK_EVERY == 0:
            _check(row)
        yield row
        previous = row_hash
        next_id += 1


def _check(row: tuple) -> None:
    values = dict(zip(COLUMNS, row, strict=True)) | dict.fromkeys(NULL)
    if row_digest(SimpleNamespace(**values)) != values["row_hash"]:
        raise RuntimeError(f"generated access-log row {values['id']} hashes differently from "
                           "caseflow.audit.services.row_digest")
