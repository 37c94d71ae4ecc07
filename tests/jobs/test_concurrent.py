"""Two ``run-daily`` at the same moment on PostgreSQL (two app servers, or cron and a manual
run): one runs the steps, the other skips, nothing is done twice. Real sessions and commits
(not the rolled-back test transaction), so the rows are removed at the end."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import delete

from caseflow.extensions import db
from caseflow.jobs import services
from caseflow.jobs.models import JobRun, JobStepDone

DAY = date(2001, 1, 1)  # no other test's day


@pytest.fixture(autouse=True)
def outbox():  # replaces tests/jobs/conftest.py's: no rolled-back app here, and no mail sent
    return None


def test_two_concurrent_runs_one_runs_one_skips(_session_app, monkeypatch):
    app = _session_app
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the advisory lock is PostgreSQL's; SQLite's lock row: test_daily.py")
    entered, release = threading.Event(), threading.Event()
    calls: list[date] = []

    def slow(day: date) -> dict[str, int]:
        calls.append(day)
        entered.set()
        assert release.wait(30)  # held until the second run has tried
        return {"done": 1}

    monkeypatch.setattr(services, "STEPS", [("slow", slow)])
    held: dict[str, bool] = {}

    def first() -> None:
        with app.app_context():
            held["first"] = services.run_daily(DAY).held
            db.session.remove()

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert entered.wait(30)
        with app.app_context():
            held["second"] = services.run_daily(DAY).held
            db.session.remove()
    finally:
        release.set()
        thread.join(30)
        with app.app_context():
            db.session.execute(delete(JobStepDone).where(JobStepDone.day == DAY))
            runs = db.session.execute(delete(JobRun).where(JobRun.day == DAY)).rowcount
            db.session.commit()
            db.session.remove()
    assert held == {"first": True, "second": False}
    assert calls == [DAY] and runs == 1
