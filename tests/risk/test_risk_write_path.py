"""Issue 22, point 7 (one process): the flags are recomputed once per transaction, just before
commit, in a small fixed number of statements; at most one active flag per (case, code); the
summary and flag writes cannot fail when a concurrent writer got there first. The two-server
race itself is in tests/test_risk_concurrency.py (PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from caseflow.cases.services import move_case
from caseflow.cases.workflow import Trigger
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.risk import services, summary
from caseflow.risk.models import RiskCaseSummary, RiskFlag
from caseflow.timeline.services import EventContent, log_event
from tests.case_helpers import chair_user, new_case
from tests.databases import BACKEND

# A phase move and its commit: 9 statements of the move itself (the case, the transition, its
# timeline event, the proposal check, the access log) and 12 of the one recompute (8 bulk loads —
# the searches for a place since issue 25 —, the region's risk settings, the flags, the summary);
# PostgreSQL adds the recompute's two lock statements and the access log's lock. Before issue 22
# the after-flush listener recomputed three times: 39 statements on SQLite.
PHASE_MOVE_STATEMENTS = {"sqlite": 21, "postgresql": 24}


@pytest.fixture
def counted_recomputes(monkeypatch):
    calls: list[object] = []
    real = services.recompute

    def counting(*args, **kwargs):
        calls.append(args[0] if args else kwargs.get("case_ids"))
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "recompute", counting)
    return calls


def test_a_phase_move_recomputes_once_just_before_commit(app, count_queries, counted_recomputes):
    chair = chair_user()
    case = new_case(chair)
    db.session.commit()
    counted_recomputes.clear()
    with count_queries() as queries:
        move_case(case, Trigger.START_ANALYSE, chair, reason="Analyse starten")
        db.session.flush()
        assert counted_recomputes == []  # flushing collects the case; nothing is recomputed yet
        db.session.commit()
    assert counted_recomputes == [{case.id}]
    assert sum("FROM risk_flag" in q for q in queries) == 1
    assert len(queries) == PHASE_MOVE_STATEMENTS[BACKEND], "\n".join(queries)


def test_flags_read_inside_the_writing_transaction_are_current(app, counted_recomputes):
    chair = chair_user()
    case = new_case(chair)
    db.session.commit()
    counted_recomputes.clear()
    for days in (10, 2):
        log_event(case, EventContent(kind="crisis", title="Crisis",
                                     occurred_on=date.today() - timedelta(days=days)), chair)
    codes = db.session.scalars(
        select(RiskFlag.code).where(RiskFlag.case_id == case.id, RiskFlag.cleared_at.is_(None))
    ).all()
    assert "crises_recent" in codes
    db.session.commit()
    assert counted_recomputes == [{case.id}]  # the read ran the pending recompute; commit had none


def test_a_second_active_flag_of_the_same_code_is_refused(app):
    case = new_case(chair_user())
    db.session.commit()

    def flag(**extra):
        return RiskFlag(case_id=case.id, code="crises_recent", severity="hoog", explanation="-",
                        evidence=[], raised_on=date.today(), **extra)

    db.session.add(flag(cleared_at=utcnow(), cleared_on=date.today()))  # history: allowed
    db.session.add(flag())
    db.session.flush()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(flag())
        db.session.flush()
    active = db.session.scalar(select(func.count()).select_from(RiskFlag).where(
        RiskFlag.case_id == case.id, RiskFlag.cleared_at.is_(None)))
    assert active == 1


def test_inserting_a_flag_another_writer_raised_meanwhile_does_nothing(app):
    case = new_case(chair_user())
    db.session.commit()
    row = {"case_id": case.id, "code": "crises_recent", "severity": "hoog", "explanation": "-",
           "evidence": [], "raised_on": date.today(), "raised_at": utcnow(),
           "updated_at": utcnow()}
    db.session.execute(services._insert_active(), [row])
    db.session.execute(services._insert_active(), [{**row, "explanation": "later"}])
    explanations = db.session.scalars(select(RiskFlag.explanation).where(
        RiskFlag.case_id == case.id, RiskFlag.cleared_at.is_(None))).all()
    assert explanations == ["-"]


def test_summary_insert_after_a_concurrent_insert_updates_it(app, monkeypatch):
    """Two writers both saw no summary row; the second insert must not fail on the key."""
    case = new_case(chair_user())
    db.session.commit()
    first = summary.Summary(1, 1, case.reference, utcnow())
    assert summary.write([case.id], {case.id: first}) == (1, 0, 0)
    monkeypatch.setattr(summary, "_stored", lambda _ids: {})  # what the second writer read
    second = summary.Summary(0, 2, case.reference, utcnow())
    assert summary.write([case.id], {case.id: second}) == (1, 0, 0)
    stored = db.session.get(RiskCaseSummary, case.id)
    db.session.refresh(stored)
    assert (stored.worst_rank, stored.active_count) == (0, 2)
