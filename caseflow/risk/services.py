"""Keeping the stored flags current, acknowledging them, and the as-of report.

``recompute`` runs the rules for many cases in a fixed number of queries: load every case's
history in bulk, evaluate in Python, then insert/update/clear the stored flags in batches, and
bring the cases' summaries (``RiskCaseSummary``, what the overview pages on) in line with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from flask_babel import lazy_gettext as _  # problems are message ids; views translate
from sqlalchemy import insert, or_, select, text

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import User
from caseflow.auth.permissions import CHAIRS
from caseflow.core.clock import region_today
from caseflow.core.problems import FieldProblems
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.risk.config import Thresholds, thresholds
from caseflow.risk.history import snapshot
from caseflow.risk.hooks import BUSY, PENDING
from caseflow.risk.loading import load_raw_cases
from caseflow.risk.models import RiskFlag
from caseflow.risk.rules import SEVERITY_ORDER, Flag, evaluate
from caseflow.risk.summary import Collector
from caseflow.risk.summary import write as write_summaries

# Any constant: the advisory lock that recomputes of all cases and of some cases share.
_RECOMPUTE_LOCK_KEY = 7514
ACKNOWLEDGERS = CHAIRS
NOTE_MAX = 2000


class RiskError(FieldProblems):
    """A risk action that cannot be stored (see ``FieldProblems``)."""


def flags_as_of(
    as_of: date, case_ids: Iterable[int] | None = None, limits: Thresholds | None = None
) -> dict[int, tuple[str, list[Flag]]]:
    """{case id: (reference, flags)} computed as of ``as_of`` from what was known then."""
    limits = limits or thresholds()
    result = {}
    for case_id, raw in load_raw_cases(case_ids).items():
        history = snapshot(raw, as_of)
        result[case_id] = (raw.reference, evaluate(history, limits))
    return result


def report(as_of: date, reference: str | None = None) -> list[dict[str, object]]:
    """The report's rows: cases with flags (or the one asked for), most severe first."""
    ids = None
    if reference is not None:
        from caseflow.cases.models import Case

        found = db.session.scalar(select(Case.id).where(Case.reference == reference))
        ids = [found] if found is not None else []
    rows = []
    for _case_id, (ref, flags) in flags_as_of(as_of, ids).items():
        if not flags and reference is None:
            continue
        rows.append(
            {
                "ref": ref,
                "flags": [
                    {
                        "code": f.code,
                        "severity": f.severity,
                        "explanation": f.explanation,
                        "evidence": [e.as_dict() for e in f.evidence],
                    }
                    for f in sorted(flags, key=lambda f: (SEVERITY_ORDER[f.severity], f.code))
                ],
            }
        )
    return rows


def recompute(
    case_ids: Iterable[int] | None = None,
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
    flush: bool = True,
) -> tuple[int, int, int]:
    """Bring the stored flags of the cases (all when None) in line with the rules as of today,
    and their summaries with the flags. Returns (raised, updated, cleared) flags. Flushes (unless
    ``flush`` is False: the flush hook); the caller commits."""
    today = today or region_today()
    ids = None if case_ids is None else sorted(set(case_ids))
    session = db.session()
    pending = session.info.get(PENDING)
    if pending:  # these cases need no recompute before commit any more
        pending.difference_update(pending if ids is None else ids)
    was_busy, session.info[BUSY] = session.info.get(BUSY), True  # no recompute while reading
    try:
        return _recompute(ids, today, progress, flush)
    finally:
        session.info[BUSY] = was_busy


def _recompute(
    ids: list[int] | None, today: date, progress: Callable[[int], None] | None, flush: bool
) -> tuple[int, int, int]:
    _take_turns(ids)
    computed = flags_as_of(today, ids)
    with db.session.no_autoflush:
        # The active flags, and in the same query the acknowledged cleared ones: a flag raised
        # again on the same condition keeps its acknowledgement (_carry_acknowledgements).
        query = select(RiskFlag).where(
            or_(RiskFlag.cleared_at.is_(None), RiskFlag.acknowledged_at.is_not(None))
        )
        if ids is not None:
            query = query.where(RiskFlag.case_id.in_(ids))
        loaded = list(db.session.scalars(query.order_by(RiskFlag.id)))
    rows = [f for f in loaded if f.cleared_at is None]
    seen_before = [f for f in loaded if f.cleared_at is not None]
    now = utcnow()
    stored: dict[tuple[int, str], RiskFlag] = {}
    updated = cleared = 0
    for row in rows:  # one active flag per (case, code); a duplicate from before the index goes
        if stored.setdefault((row.case_id, row.code), row) is not row:
            row.cleared_at, row.cleared_on = now, today
            cleared += 1
    new_rows: list[dict[str, object]] = []
    for index, (case_id, (_ref, flags)) in enumerate(computed.items()):
        current = {f.code: f for f in flags}
        for code, flag in current.items():
            evidence = [e.as_dict() for e in flag.evidence]
            row = stored.pop((case_id, code), None)
            if row is None:
                new_rows.append(
                    {
                        "case_id": case_id, "code": code, "severity": flag.severity,
                        "explanation": flag.explanation, "evidence": evidence,
                        "message": flag.message, "raised_on": today,
                        "raised_at": now, "updated_at": now,
                    }
                )
            elif (row.explanation, row.evidence, row.severity, row.message) != (
                flag.explanation, evidence, flag.severity, flag.message
            ):  # severity: the chair changed the region's settings (settings.save_settings)
                row.explanation, row.evidence, row.updated_at = flag.explanation, evidence, now
                row.severity, row.message = flag.severity, flag.message
                updated += 1
        if progress is not None:
            progress(index + 1)
    for row in stored.values():  # the condition no longer holds (or the case is gone/closed)
        row.cleared_at, row.cleared_on = now, today
        cleared += 1
    _carry_acknowledgements(new_rows, seen_before)
    if new_rows:  # one executemany, whatever the number (the ORM would insert row by row)
        db.session.execute(_insert_active(), new_rows)
    # The summaries from what the flags will be once flushed: the loaded rows still active in
    # memory (cleared ones are only flushed later when ``flush`` is False) and the new rows.
    summaries = Collector({case_id: ref for case_id, (ref, _flags) in computed.items()})
    for row in rows:
        if row.cleared_at is None:
            summaries.add(row.case_id, row.severity, row.raised_at)
    for new in new_rows:
        summaries.add(new["case_id"], new["severity"], now)
    write_summaries(ids, summaries.result())
    if flush:
        db.session.flush()
    return len(new_rows), updated, cleared


def _insert_active():
    """INSERT of new active flags that leaves an already active flag of the same (case, code)
    alone (the partial unique index ``uq_risk_flag_active``): a concurrent writer that raised it
    first wins, nobody gets an error."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover - caseflow runs on these two
        return insert(RiskFlag)
    return dialect_insert(RiskFlag).on_conflict_do_nothing(
        index_elements=["case_id", "code"], index_where=RiskFlag.cleared_at.is_(None)
    )


def _same_condition(old: RiskFlag, new: dict[str, object]) -> bool:
    """The condition a flag rests on: its evidence (the events and placements it points to);
    a flag without evidence by its explanation."""
    if old.evidence or new["evidence"]:
        return old.evidence == new["evidence"]
    return old.explanation == new["explanation"]


def _carry_acknowledgements(new_rows: list[dict[str, object]], seen_before: list[RiskFlag]
                            ) -> None:
    """A flag raised again on the same condition (a case closed and reopened) keeps the
    acknowledgement of its last cleared row: the chair saw this already."""
    if not new_rows:
        return
    latest: dict[tuple[int, str], RiskFlag] = {}
    for old in sorted(seen_before, key=lambda f: (f.cleared_at, f.id)):
        latest[(old.case_id, old.code)] = old  # the last one wins
    for row in new_rows:
        row.update(acknowledged_at=None, acknowledged_by_id=None, acknowledgement_note=None)
        old = latest.get((row["case_id"], row["code"]))  # type: ignore[arg-type]
        if old is not None and _same_condition(old, row):
            row["acknowledged_at"] = old.acknowledged_at
            row["acknowledged_by_id"] = old.acknowledged_by_id
            row["acknowledgement_note"] = old.acknowledgement_note


def _take_turns(ids: list[int] | None) -> None:
    """On PostgreSQL, recomputes of one case wait for each other (until commit): two app servers
    logging events on one case at once, or a write during the daily ``risk recompute``, would
    otherwise both insert the case's new flags and summary row (a duplicate flag, or a 500 on
    the summary's key). A recompute of all cases excludes the others; one of some cases locks
    just those case rows, in id order (no deadlock between two of them). SQLite has one writer
    at a time already."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    if ids is None:
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _RECOMPUTE_LOCK_KEY})
        return
    from caseflow.cases.models import Case

    db.session.execute(
        text("SELECT pg_advisory_xact_lock_shared(:key)"), {"key": _RECOMPUTE_LOCK_KEY}
    )
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        db.session.execute(
            # FOR NO KEY UPDATE: it must not conflict with the KEY SHARE lock that inserting an
            # event (foreign key to the case) takes, or two writers would deadlock.
            select(Case.id).where(Case.id.in_(chunk)).order_by(Case.id)
            .with_for_update(key_share=True)
        ).all()


def acknowledge(flag: RiskFlag, actor: User, *, note: str) -> None:
    """The chair or process coordinator has seen the flag; it stays visible, marked as seen."""
    problems = {}
    if actor.role not in ACKNOWLEDGERS:
        problems["note"] = _(
            "Alleen de voorzitter of de procesbegeleider kan een signaal afvinken."
        )
    elif not flag.active:
        problems["note"] = _("Dit signaal is al vervallen.")
    elif flag.acknowledged:
        problems["note"] = _("Dit signaal is al gezien.")
    elif not note.strip():
        problems["note"] = _("Schrijf kort op wat er met dit signaal gebeurt.")
    elif len(note) > NOTE_MAX:
        problems["note"] = _("De notitie is te lang (hooguit 2000 tekens).")
    if problems:
        raise RiskError(problems)
    flag.acknowledged_at = utcnow()
    flag.acknowledged_by_id = actor.id
    flag.acknowledgement_note = note.strip()
    db.session.flush()
    record(actor, flag.case_id, AuditEvent.CHANGE, grounds=AS_OPENED, target="risk_flag",
           target_id=flag.id, fields=("acknowledged_at", "acknowledgement_note"))
