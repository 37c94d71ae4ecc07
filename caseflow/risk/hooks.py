"""Flags stay current in the same transaction as the write that can change them: one session
listener notices new/changed events, placements, phase moves, members, analyses (and case rows)
and recomputes the flags of those cases at the end of that flush, in a fixed number of queries.
The new flag rows are written by the same flush cycle's next flush (at the latest: the commit)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from caseflow.auth.models import Role, User
from caseflow.cases.access import REGION_WIDE_ROLES, visible_cases
from caseflow.cases.models import Case, CaseMember, ExplanatoryAnalysis, PhaseTransition
from caseflow.core.clock import region_today
from caseflow.core.start import register_panel
from caseflow.extensions import db
from caseflow.risk.config import install_listeners as install_settings_listeners
from caseflow.risk.models import RiskFlag
from caseflow.timeline.models import Placement, TimelineEvent

WATCHED = (TimelineEvent, Placement, PhaseTransition, CaseMember, ExplanatoryAnalysis)
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


def _after_flush_postexec(session: Session, _context: Any) -> None:
    ids = session.info.pop(PENDING, None)
    if not ids or session.info.get(BUSY) or not _enabled():
        return
    from caseflow.risk.services import recompute

    session.info[BUSY] = True
    try:
        with session.no_autoflush:
            recompute(ids, today=region_today(), flush=False)
    finally:
        session.info[BUSY] = False


def _enabled() -> bool:
    return has_app_context() and current_app.config.get("RISK_RECOMPUTE_ON_WRITE", True)


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(PENDING, None)


@contextmanager
def suspended() -> Iterator[None]:
    """No recompute per flush inside (bulk loads, e.g. the demo); run ``recompute()`` after."""
    session = db.session()
    session.info[SUSPENDED] = True
    try:
        yield
    finally:
        session.info.pop(SUSPENDED, None)


def install_listeners() -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_flush_postexec", _after_flush_postexec)
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


def register() -> None:
    install_listeners()
    install_settings_listeners()
    register_panel(
        "risk.new_high_flags",
        roles={Role.VOORZITTER, Role.PROCESBEGELEIDER},
        template="risk/start/new_flags.html",
        load=_new_high_flags,
        order=8,
    )
