"""The per-case summary of the active flags (``RiskCaseSummary``) that the overview pages on.

``recompute`` knows the flags each case will have once its changes are flushed, so it hands the
summaries to ``write`` itself (no aggregate over the flag table). ``rebuild`` derives them from
the stored flags in SQL instead: for flags written some other way (tests, repairs), and it is
what the migration's backfill does. Either way a case without active flags has no row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, bindparam, case, delete, func, insert, select, update

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.risk.models import RiskCaseSummary, RiskFlag
from caseflow.risk.rules import SEVERITY_ORDER

CHUNK = 5000  # ids per IN list (SQLite allows 32766 parameters, psycopg 65535)
COLUMNS = ("worst_rank", "active_count", "reference", "last_raised_at")


def rank(severity: str) -> int:
    """The severity as a number, 0 the most severe; unknown ones after the known."""
    return SEVERITY_ORDER.get(severity, len(SEVERITY_ORDER))


def rank_sql():
    """``rank`` in SQL, over ``risk_flag.severity``."""
    return case(SEVERITY_ORDER, value=RiskFlag.severity, else_=len(SEVERITY_ORDER))


@dataclass(frozen=True)
class Summary:
    worst_rank: int
    active_count: int
    reference: str
    last_raised_at: datetime


class Collector:
    """Builds the summaries of cases from their active flags, one flag at a time."""

    def __init__(self, references: dict[int, str]) -> None:
        self.references = references
        self.parts: dict[int, list] = {}  # case id -> [worst rank, count, newest raised_at]

    def add(self, case_id: int, severity: str, raised_at: datetime) -> None:
        part = self.parts.get(case_id)
        if part is None:
            self.parts[case_id] = [rank(severity), 1, raised_at]
            return
        part[0] = min(part[0], rank(severity))
        part[1] += 1
        part[2] = max(part[2], raised_at)

    def result(self) -> dict[int, Summary]:
        return {
            case_id: Summary(worst, count, self.references[case_id], newest)
            for case_id, (worst, count, newest) in self.parts.items()
            if case_id in self.references  # a case deleted meanwhile keeps no summary
        }


def aggregate(case_ids: list[int] | None = None) -> Select:
    """The summaries as derived from the stored active flags (the definition; the tests compare
    the kept table with it)."""
    query = (
        select(
            RiskFlag.case_id,
            func.min(rank_sql()).label("worst_rank"),
            func.count().label("active_count"),
            Case.reference,
            func.max(RiskFlag.raised_at).label("last_raised_at"),
        )
        .join(Case, Case.id == RiskFlag.case_id)
        .where(RiskFlag.cleared_at.is_(None))
        .group_by(RiskFlag.case_id, Case.reference)
    )
    if case_ids is not None:
        query = query.where(RiskFlag.case_id.in_(case_ids))
    return query


def _chunks(values: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _stored(case_ids: list[int] | None) -> dict[int, Summary]:
    table = RiskCaseSummary
    query = select(table.case_id, *(getattr(table, c) for c in COLUMNS))
    if case_ids is None:
        rows = db.session.execute(query).all()
    else:
        rows = [
            row
            for chunk in _chunks(case_ids)
            for row in db.session.execute(query.where(table.case_id.in_(chunk)))
        ]
    return {case_id: Summary(*values) for case_id, *values in rows}


def write(case_ids: Iterable[int] | None, wanted: dict[int, Summary]) -> tuple[int, int, int]:
    """Make the summaries of the cases (all when None) equal to ``wanted``: rows for the cases in
    it, none for the others. Writes only the differences, in batches (Core statements, run at
    once: safe inside a flush hook). Returns (inserted, updated, deleted)."""
    ids = None if case_ids is None else sorted(set(case_ids))
    if ids is not None and not ids:
        return 0, 0, 0
    stored = _stored(ids)
    new, changed = [], []
    for case_id, summary in wanted.items():
        old = stored.pop(case_id, None)
        if old == summary:
            continue
        row = {"case_id": case_id, **{c: getattr(summary, c) for c in COLUMNS}}
        (new if old is None else changed).append(row)
    gone = sorted(stored)  # in scope, but no active flags any more
    for chunk in _chunks(gone):
        db.session.execute(delete(RiskCaseSummary).where(RiskCaseSummary.case_id.in_(chunk)))
    table = RiskCaseSummary.__table__
    if changed:  # one executemany each
        db.session.execute(
            update(table)
            .where(table.c.case_id == bindparam("summary_case_id"))
            .values({c: bindparam(f"new_{c}") for c in COLUMNS}),
            [
                {"summary_case_id": row["case_id"], **{f"new_{c}": row[c] for c in COLUMNS}}
                for row in changed
            ],
        )
    if new:
        db.session.execute(_upsert(table), new)
    return len(new), len(changed), len(gone)


def _upsert(table):
    """INSERT of new summary rows that updates a row a concurrent writer inserted meanwhile
    (two chairs logging a crisis on one case at once): no ``pk_risk_case_summary`` error."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover - caseflow runs on these two
        return insert(table)
    statement = dialect_insert(table)
    return statement.on_conflict_do_update(
        index_elements=[table.c.case_id], set_={c: statement.excluded[c] for c in COLUMNS}
    )


def rebuild(case_ids: Iterable[int] | None = None) -> tuple[int, int, int]:
    """Derive the summaries of the cases (all when None) from the stored flags, in SQL. For flags
    written without ``recompute``; flushes first so pending changes count."""
    db.session.flush()
    ids = None if case_ids is None else sorted(set(case_ids))
    if ids is None:
        rows = db.session.execute(aggregate()).all()
    else:
        rows = [row for chunk in _chunks(ids) for row in db.session.execute(aggregate(chunk))]
    return write(ids, {case_id: Summary(*values) for case_id, *values in rows})
