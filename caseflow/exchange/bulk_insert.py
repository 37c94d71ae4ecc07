"""Insert rows per table in one executemany, and read their new ids back in one query."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, insert, select

from caseflow.extensions import db

# Columns that tell the inserted rows of a table apart, to read their new ids back in one query.
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "casus": ("reference",),
    "phase_transition": ("case_id", "at"),
    "placement": ("case_id", "start_date", "type", "provider_name"),
    "timeline_event": ("case_id", "occurred_on", "kind", "title"),
    "imported_member": ("case_id", "since", "role", "organisation_name"),
    "casus_decision": ("case_id", "decided_at", "kind"),
    "explanatory_analysis": ("case_id", "version_number"),
    "zoektocht": ("case_id", "opened_on"),
    "zoektocht_aanvraag": ("search_id", "provider_id", "care_type", "requested_on"),
}


def insert_rows(model: Any, rows: list[dict[str, Any]], returning: bool = False) -> list[int]:
    """One executemany (batched by insertmanyvalues); with ``returning``, the new ids in the order
    of ``rows``, read back in one query (RETURNING with parameter order would go row by row)."""
    if not rows:
        return []
    table = model.__table__
    before = db.session.scalar(select(func.max(table.c.id))) if returning else None
    db.session.execute(insert(table), rows)
    if not returning:
        return []
    keys = ROW_KEYS[table.name]
    scope = "case_id" if "case_id" in table.c else keys[0]
    query = (
        select(table.c.id, *(table.c[k] for k in keys))
        .where(table.c.id > (before or 0), table.c[scope].in_({row[scope] for row in rows}))
        .order_by(table.c.id)
    )
    found: dict[tuple, list[int]] = defaultdict(list)
    for row_id, *values in db.session.execute(query):
        found[tuple(values)].append(row_id)
    return [found[tuple(row[k] for k in keys)].pop(0) for row in rows]
