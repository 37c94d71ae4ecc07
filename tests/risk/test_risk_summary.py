"""The per-case summary of the active flags (``risk_case_summary``) that the overview pages on:
kept equal to a fresh aggregate of the stored flags through raise, clear, acknowledge, case
deletion, bulk recomputes and any sequence of them; the overview reads it, not the flags."""

from __future__ import annotations

from datetime import date, timedelta

from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from caseflow.auth.models import Role
from caseflow.extensions import db
from caseflow.generate.runner import generate
from caseflow.retention.services import destroy
from caseflow.risk.hooks import recompute_pending
from caseflow.risk.models import RiskCaseSummary, RiskFlag
from caseflow.risk.services import acknowledge, recompute
from caseflow.risk.summary import aggregate, rebuild
from caseflow.timeline.models import TimelineEvent
from caseflow.timeline.services import EventContent, log_event, retract_event
from tests.case_helpers import chair_user, new_case
from tests.risk.test_risk_services import TODAY, at

HOOG, MIDDEN = 0, 1


def kept() -> dict[int, tuple]:
    return {
        r.case_id: (r.worst_rank, r.active_count, r.reference, r.last_raised_at)
        for r in db.session.scalars(select(RiskCaseSummary))
    }


def fresh() -> dict[int, tuple]:
    return {case_id: tuple(values) for case_id, *values in db.session.execute(aggregate())}


def assert_summary_is_fresh() -> dict[int, tuple]:
    db.session.flush()
    summary = kept()
    assert summary == fresh()
    return summary


def event(case, actor, kind: str, day: date) -> TimelineEvent:
    return log_event(
        case, EventContent(kind=kind, title=kind, occurred_on=day), actor, recorded_at=at(day)
    )


def active_flags(case) -> list[RiskFlag]:
    return list(db.session.scalars(
        select(RiskFlag).where(RiskFlag.case_id == case.id, RiskFlag.cleared_at.is_(None))
        .order_by(RiskFlag.id)
    ))


@freeze_time(TODAY)
def test_raise_acknowledge_clear_and_delete(app):
    chair = chair_user()
    case, other = new_case(chair), new_case(chair)
    db.session.flush()
    assert case.id not in assert_summary_is_fresh()  # no flags, no row
    event(case, chair, "crisis", TODAY - timedelta(days=10))
    first = event(case, chair, "crisis", TODAY - timedelta(days=2))
    assert assert_summary_is_fresh()[case.id][:3] == (HOOG, 1, case.reference)
    event(case, chair, "wachtlijst", TODAY - timedelta(weeks=20))  # lang_wachten: midden
    assert assert_summary_is_fresh()[case.id][:2] == (HOOG, 2)
    event(other, chair, "wachtlijst", TODAY - timedelta(weeks=20))
    before = assert_summary_is_fresh()
    assert before[other.id][:2] == (MIDDEN, 1)

    for flag in active_flags(case):  # seeing a flag changes nothing the overview sorts on
        acknowledge(flag, chair, note="Besproken")
    assert assert_summary_is_fresh() == before

    retract_event(first, case, chair, reason="Dubbel")  # crises_recent clears
    assert assert_summary_is_fresh()[case.id][:2] == (MIDDEN, 1)
    recompute(today=TODAY - timedelta(weeks=10))  # back then nobody had waited 12 weeks
    summary = assert_summary_is_fresh()
    assert case.id not in summary and other.id not in summary
    recompute()
    assert set(assert_summary_is_fresh()) >= {case.id, other.id}

    destroy([case.id], chair, reason="retention_expired")  # as the retention purge does
    summary = assert_summary_is_fresh()
    assert case.id not in summary and other.id in summary
    assert db.session.get(RiskCaseSummary, case.id) is None


@freeze_time(TODAY)
def test_generated_region_then_recompute(app):
    generate(30, seed=7, reads_per_case=1, years=3)  # as ``flask generate --no-risk``
    db.session.flush()
    assert kept() == {}  # the generator writes no flags (nor summaries)
    recompute()  # as ``flask risk recompute``
    summary = assert_summary_is_fresh()
    assert summary, "the generated region should have flagged cases"
    recompute(today=TODAY + timedelta(days=120))
    assert_summary_is_fresh()


@freeze_time(TODAY)
def test_rebuild_derives_the_summary_from_flags_written_directly(app):
    chair = chair_user()
    case = new_case(chair)
    recompute_pending()  # the case's own recompute (before commit) first; then flags by hand
    db.session.add(RiskFlag(case_id=case.id, code="buiten_regio", severity="midden",
                            explanation="-", evidence=[], raised_on=TODAY))
    db.session.add(RiskFlag(case_id=case.id, code="crises_recent", severity="hoog",
                            explanation="-", evidence=[], raised_on=TODAY,
                            cleared_at=at(TODAY), cleared_on=TODAY))
    db.session.flush()
    assert case.id not in kept()
    assert rebuild([case.id]) == (1, 0, 0)
    assert assert_summary_is_fresh()[case.id][:2] == (MIDDEN, 1)
    assert rebuild() == (0, 0, 0)


def test_overview_reads_the_summary_not_every_flag(app, client, auth, count_queries):
    auth.login(Role.VOORZITTER)
    with count_queries() as queries:
        assert client.get("/risk").status_code == 200
    sql = [q.lower() for q in queries]
    assert any("from risk_case_summary" in q for q in sql)
    assert not any("group by risk_flag" in q for q in sql)  # no per-request aggregation


OPS = st.one_of(
    st.tuples(st.sampled_from(["crisis", "wachtlijst"]), st.integers(0, 2),
              st.integers(0, 200)),
    st.tuples(st.just("retract"), st.integers(0, 2), st.just(0)),
    st.tuples(st.just("acknowledge"), st.integers(0, 2), st.just(0)),
    st.tuples(st.just("recompute"), st.integers(0, 7), st.integers(-120, 200)),
    st.tuples(st.just("delete"), st.integers(0, 2), st.just(0)),
)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(OPS, min_size=1, max_size=12))
def test_summary_equals_a_fresh_aggregate_after_any_sequence(app, ops):
    with freeze_time(TODAY):
        chair = chair_user()
        cases = [new_case(chair, pseudonym=f"Kind{i}") for i in range(3)]
        db.session.flush()
        gone: set[int] = set()
        for op, index, number in ops:
            case = cases[index % 3] if op != "recompute" else None
            if case is not None and case.id in gone:
                continue
            if op in ("crisis", "wachtlijst"):
                event(case, chair, op, TODAY - timedelta(days=number))
            elif op == "retract":
                live = list(db.session.scalars(
                    select(TimelineEvent).where(
                        TimelineEvent.case_id == case.id,
                        TimelineEvent.kind.in_(("crisis", "wachtlijst")),
                        TimelineEvent.retracted_at.is_(None),
                    )
                ))
                if live:
                    retract_event(live[-1], case, chair, reason="Ingetrokken")
            elif op == "acknowledge":
                waiting = [f for f in active_flags(case) if f.acknowledged_at is None]
                if waiting:
                    acknowledge(waiting[0], chair, note="Gezien")
            elif op == "recompute":  # a subset (bit mask; 0 = all cases) as of another day
                ids = [c.id for bit, c in enumerate(cases) if index >> bit & 1] or None
                recompute(ids, today=TODAY + timedelta(days=number))
            else:
                destroy([case.id], chair, reason="retention_expired")
                gone.add(case.id)
            assert_summary_is_fresh()
