"""Flags stay current in the same transaction as the write that can change them: a session
listener notices, at every flush, the cases whose events, placements, phase moves, members,
analyses (or case rows) changed, and collects their ids; just before the transaction commits
(``before_commit``) the flags of the collected cases are recomputed once, in a fixed number of
queries, and written by the commit's own flush. A transaction that flushes three times (a phase
move: the transition, its timeline event, the case row) recomputes once, not three times.
Reading the flags inside the transaction that changed them (an ORM select of ``RiskFlag`` or
``RiskCaseSummary``) runs the pending recompute first, as autoflush does for rows.
Also registers the start page's panel of new high flags and the case page's panel of flags."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event, func, select
from sqlalchemy.orm import ORMExecuteState, Session

from caseflow.auth.models import User
from caseflow.auth.permissions import CHAIRS
from caseflow.cases.access import REGION_WIDE_ROLES, visible_cases
from caseflow.cases.models import Case, CaseMember, ExplanatoryAnalysis, PhaseTransition
from caseflow.core.case_page import register_case_panel
from caseflow.core.clock import region_today
from caseflow.core.labels import register_template_value
from caseflow.core.start import register_panel
from caseflow.extensions import db
from caseflow.risk.config import install_listeners as install_settings_listeners
from caseflow.risk.models import RiskCaseSummary, RiskFlag
from caseflow.risk.vocab import SEVERITY_CLASSES, code_label, explanation, severity_label
from caseflow.search.models import Search
from caseflow.timeline.models import Placement, TimelineEvent

WATCHED = (TimelineEvent, Placement, PhaseTransition, CaseMember, ExplanatoryAnalysis, Search)
PENDING = "risk_pending_cases"
BUSY = "risk_recomputing"
SUSPENDED = "risk_suspended"
LIMIT = 15


def _case_id(obj: Any) -> int | None:
    if isinstance(obj, Case):
        return obj.id
    if isinstance(obj, WATCHED):
        return obj.case_id
    return None


def _after_flush(session: Session, _context: Any) -> None:
    if session.info.get(BUSY) or session.info.get(SUSPENDED):
        return
    ids = {_case_id(o) for o in (*session.new, *session.dirty, *session.deleted)}
    ids.discard(None)
    if ids:
        session.info.setdefault(PENDING, set()).update(ids)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: the outer transaction commits later
        return
    recompute_pending(session)


def recompute_pending(session: Session | None = None) -> None:
    """Recompute the flags of the cases changed in this transaction so far (flushing first, so
    pending changes count). Called just before commit; call it to read current flags earlier."""
    session = session if session is not None else db.session()
    if session.info.get(BUSY) or session.info.get(SUSPENDED):
        return
    session.flush()
    ids = session.info.pop(PENDING, None)
    if not ids or not _enabled():
        return
    from caseflow.risk.services import recompute

    session.info[BUSY] = True
    try:
        with session.no_autoflush:  # flushed at its end: the flags are written right away
            recompute(ids, today=region_today())
    finally:
        session.info[BUSY] = False


def _before_reading_flags(state: ORMExecuteState) -> None:
    """Reading the flags inside the transaction that changed a case gives its current flags
    (as autoflush does for rows): the pending recompute runs first, once."""
    session = state.session
    if not session.info.get(PENDING) or session.info.get(BUSY) or not state.is_select:
        return
    if any(m.class_ in (RiskFlag, RiskCaseSummary) for m in state.all_mappers):
        recompute_pending(session)


def _enabled() -> bool:
    return has_app_context() and current_app.config.get("RISK_RECOMPUTE_ON_WRITE", True)


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(PENDING, None)


@contextmanager
def suspended() -> Iterator[None]:
    """No recompute inside (bulk loads, e.g. the demo): the cases changed meanwhile are not
    collected either; run ``recompute()`` after."""
    session = db.session()
    session.info[SUSPENDED] = True
    try:
        yield
    finally:
        session.info.pop(SUSPENDED, None)


def install_listeners() -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "do_orm_execute", _before_reading_flags)
        event.listen(Session, "after_rollback", _forget)


def _new_high_flags(user: User) -> dict[str, Any] | None:
    """The children with an unacknowledged hoog flag, newest first: one line each with its
    strongest flag and the others (not the informatie ones) folded in; "nieuw" is what was
    raised since the user last looked (recorded now: the start view commits)."""
    from caseflow.risk.settings import mark_seen
    from caseflow.risk.summary import rank_sql
    from caseflow.risk.vocab import SHOWN

    wanted = (
        select(RiskFlag.case_id, func.max(RiskFlag.raised_at).label("newest"))
        .where(
            RiskFlag.cleared_at.is_(None),
            RiskFlag.acknowledged_at.is_(None),
            RiskFlag.severity == "hoog",
        )
        .group_by(RiskFlag.case_id)
        .order_by(func.max(RiskFlag.raised_at).desc(), RiskFlag.case_id.desc())
        .limit(LIMIT)
    )
    if user.role not in REGION_WIDE_ROLES:  # the chairs see every case: no filter to apply
        wanted = wanted.where(RiskFlag.case_id.in_(visible_cases(user).with_only_columns(Case.id)))
    chosen = wanted.subquery("chosen")
    flags = db.session.execute(
        select(RiskFlag, Case)
        .join(chosen, chosen.c.case_id == RiskFlag.case_id)
        .join(Case, Case.id == RiskFlag.case_id)
        .where(RiskFlag.cleared_at.is_(None), RiskFlag.severity.in_(SHOWN))
        .order_by(chosen.c.newest.desc(), RiskFlag.case_id.desc(), rank_sql(), RiskFlag.code)
    ).unique().all()
    if not flags:
        return None
    seen_before = mark_seen(user)
    children: dict[int, dict[str, Any]] = {}
    for flag, case in flags:
        child = children.setdefault(case.id, {"case": case, "flags": [], "new": False})
        child["flags"].append(flag)
        child["new"] = child["new"] or seen_before is None or flag.raised_at > seen_before
    return {"children": list(children.values())}


def _case_flags_reads(case: Case, _access: Any, _user: User) -> dict[str, Any]:
    from caseflow.risk.queries import case_flags_query

    return {"risk.flags": case_flags_query(case)}


def _case_flags(case: Case, _access: Any, _user: User) -> dict[str, Any]:
    from caseflow.risk.queries import case_flags_context

    return case_flags_context(case)


def _explanation(flag: RiskFlag) -> str:
    return explanation(flag.message, flag.explanation)


def _severity_class(severity: str) -> str:
    return SEVERITY_CLASSES.get(severity, "text-bg-secondary")


def register_template_labels() -> None:
    register_template_value("risk_code_label", code_label)
    register_template_value("risk_explanation", _explanation)
    register_template_value("risk_severity_label", severity_label)
    register_template_value("risk_severity_class", _severity_class)


def register() -> None:
    register_template_labels()
    install_listeners()
    install_settings_listeners()
    register_panel(
        "risk.new_high_flags",
        roles=CHAIRS,
        template="risk/start/new_flags.html",
        load=_new_high_flags,
        order=8,
    )
    register_case_panel(
        "risk.case_flags",
        load=_case_flags,
        reads=_case_flags_reads,
        template="risk/_case_flags.html",
        slot="top",
    )
