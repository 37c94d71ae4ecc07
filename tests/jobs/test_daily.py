"""``jobs run-daily``: the steps in order, once per day, a failed step retried, the lock, and
what /admin/taken, /healthz and /metrics show of the last run."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text

from caseflow.auth.models import Role
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.jobs import lock, services
from caseflow.jobs.models import JobLock, JobRun, JobStepDone

DAY = date(2026, 3, 2)


def _runs() -> int:
    return db.session.scalar(select(func.count()).select_from(JobRun))


def _counting_steps(monkeypatch, calls: list[str], fail: set[str] | None = None) -> None:
    fail = fail if fail is not None else set()

    def make(name: str):
        def step(day: date) -> dict[str, int]:
            calls.append(name)
            if name in fail:
                raise RuntimeError("smtp down")
            return {"done": 1}

        return step

    monkeypatch.setattr(services, "STEPS", [(n, make(n)) for n in ("risk", "retention", "mail")])


def test_the_real_steps_run_and_are_recorded(app, runner):
    result = runner.invoke(args=["jobs", "run-daily"])
    assert result.exit_code == 0, result.output
    assert "risk: raised" in result.output and "retention: expired 0" in result.output
    assert "reminders: sent 0" in result.output
    run = db.session.scalar(select(JobRun))
    assert run.status == "ok" and run.finished_at is not None and run.error is None
    # ... and the steps higher layers registered (the monitor's summary).
    assert set(json.loads(run.counts)) == {
        "risk", "retention", "reminders", "invitations", "monitor_summary"
    }


def test_second_run_the_same_day_does_nothing_twice_and_says_so(app, runner, monkeypatch):
    calls: list[str] = []
    _counting_steps(monkeypatch, calls)
    services.run_daily(DAY)
    second = services.run_daily(DAY)
    assert calls == ["risk", "retention", "mail"]
    assert second.counts == {} and second.skipped == ["risk", "retention", "mail"]
    monkeypatch.setattr(services, "region_today", lambda: DAY)
    result = runner.invoke(args=["jobs", "run-daily"])
    assert "vandaag al gedaan" in result.output and "al gedaan" in result.output
    assert calls == ["risk", "retention", "mail"]
    services.run_daily(DAY + timedelta(days=1))  # a new day runs everything again
    assert calls.count("risk") == 2


def test_a_failed_step_stops_the_run_and_the_next_run_retries_only_it(app, monkeypatch, runner):
    calls: list[str] = []
    failing = {"retention"}
    _counting_steps(monkeypatch, calls, failing)
    monkeypatch.setattr(services, "region_today", lambda: DAY)
    result = runner.invoke(args=["jobs", "run-daily"])
    assert result.exit_code == 1 and "opnieuw" in result.output
    assert calls == ["risk", "retention"]  # mail waits for the step before it
    last = services.last_run()
    assert last.status == "error" and "retention: RuntimeError: smtp down" in last.error
    assert not services.is_ok(last)
    failing.clear()
    services.run_daily(DAY)
    assert calls == ["risk", "retention", "retention", "mail"]
    assert services.is_ok(services.last_run())
    done = db.session.scalars(select(JobStepDone.step).where(JobStepDone.day == DAY)).all()
    assert sorted(done) == ["mail", "retention", "risk"]


def test_a_run_older_than_36_hours_is_not_ok(app):
    run = JobRun(
        day=DAY,
        started_at=utcnow(),
        finished_at=utcnow() - timedelta(hours=37),
        status="ok",
        counts="{}",
    )
    db.session.add(run)
    db.session.flush()
    assert not services.is_ok(run)
    run.finished_at = utcnow() - timedelta(hours=35)
    assert services.is_ok(run)
    assert not services.is_ok(None)


def _other_holds_lock():
    """Another server in the middle of its run: holds the lock outside this test's session."""
    if db.engine.dialect.name == "postgresql":
        connection = db.engine.connect()
        assert connection.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": lock.ADVISORY_KEY})
        return connection
    db.session.add(
        JobLock(name=lock.LOCK_NAME, holder="server-b:1", expires_at=utcnow() + timedelta(hours=1))
    )
    db.session.commit()
    return None


def test_while_another_run_holds_the_lock_this_one_skips(app, runner, monkeypatch):
    calls: list[str] = []
    _counting_steps(monkeypatch, calls)
    other = _other_holds_lock()
    try:
        result = runner.invoke(args=["jobs", "run-daily"])
        assert result.exit_code == 0
        assert "draaien al elders" in result.output
        assert calls == [] and _runs() == 0
    finally:
        if other is not None:
            # the other server ends its run (closing alone would keep the lock in the pool)
            other.scalar(text("SELECT pg_advisory_unlock(:k)"), {"k": lock.ADVISORY_KEY})
            other.close()
    if other is None:
        db.session.execute(JobLock.__table__.delete())
        db.session.commit()
    services.run_daily(DAY)
    assert calls == ["risk", "retention", "mail"]


def test_the_lock_is_released_after_a_run_and_a_second_taker_is_refused(app):
    with lock.daily_lock() as first:
        assert first
        if db.engine.dialect.name == "postgresql":
            with lock.daily_lock() as second:  # another connection, as a second server
                assert not second
        else:
            assert not lock._take_row("server-b:1")
    with lock.daily_lock() as again:
        assert again


def test_an_expired_lock_row_is_taken_over(app):
    if db.engine.dialect.name == "postgresql":
        pytest.skip("the advisory lock ends with its connection; no expiry needed")
    db.session.add(
        JobLock(name=lock.LOCK_NAME, holder="killed:1", expires_at=utcnow() - timedelta(minutes=1))
    )
    db.session.commit()
    with lock.daily_lock() as held:
        assert held


def test_admin_page_healthz_and_metrics_show_the_last_run(app, client, auth, monkeypatch):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    auth.login(Role.BEHEERDER)
    body = client.get("/healthz").get_json()
    assert body["jobs_last_run"] is None and body["jobs_ok"] is False
    page = client.get("/admin/taken").get_data(as_text=True)
    assert "nog nooit gedraaid" in page
    _counting_steps(monkeypatch, [])
    services.run_daily(DAY)
    body = client.get("/healthz").get_json()
    assert body["jobs_ok"] is True and body["jobs_last_run"].startswith(str(utcnow().year))
    assert body["status"] == "ok"
    page = client.get("/admin/taken").get_data(as_text=True)
    assert "zonder fouten" in page and "retention" in page
    metrics = client.get("/metrics").get_data(as_text=True)
    assert "caseflow_jobs_ok 1.0" in metrics
    assert "caseflow_jobs_last_run_timestamp_seconds" in metrics
