"""The daily run: each step once per day, in order, recorded; a failed step stops the run and is
retried by the next one (its work and its "done" mark commit together, so nothing runs twice)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from caseflow.core.clock import region_today
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.jobs.lock import daily_lock
from caseflow.jobs.models import JobRun, JobStepDone

# Older than this (a day and a half: a nightly run may slip by hours), the jobs are not ok.
STALE_AFTER = timedelta(hours=36)

Step = Callable[[date], dict[str, int]]


def _risk(day: date) -> dict[str, int]:
    from caseflow.risk.services import recompute

    raised, updated, cleared = recompute(today=day)
    return {"raised": raised, "updated": updated, "cleared": cleared}


def _retention(day: date) -> dict[str, int]:
    """Counts the cases past their retention period; destroying stays a deliberate
    ``retention purge`` by a person (it cannot be undone)."""
    from caseflow.retention.services import expired_cases

    return {"expired": len(expired_cases(day))}


def _reminders(day: date) -> dict[str, int]:
    from caseflow.jobs.reminders import send_reminders

    return send_reminders(day)


def _invitations(day: date) -> dict[str, int]:
    from caseflow.jobs.invitations import send_invitations

    return send_invitations(day)


# In order: the reminders read the signals the recompute just raised. The invitations come
# last: ``jobs send-invitations`` also sends them during the day, so they never hold up the rest.
STEPS: list[tuple[str, Step]] = [
    ("risk", _risk),
    ("retention", _retention),
    ("reminders", _reminders),
    ("invitations", _invitations),
]


# The steps that mail: a higher layer's step runs before them, so an SMTP outage (which fails
# the run at these steps) does not hold up work that sends no mail (the monitor's summary).
MAIL_STEPS = ("reminders", "invitations")


def register_step(name: str, step: Step) -> None:
    """A step a higher layer adds (the monitor's summary), run after the built-in ones that
    send no mail and before those that do; jobs never imports those layers. Registering a name
    twice keeps the first."""
    if any(known == name for known, _step in STEPS):
        return
    at = next((i for i, (known, _step) in enumerate(STEPS) if known in MAIL_STEPS), len(STEPS))
    STEPS.insert(at, (name, step))


@dataclass
class RunResult:
    held: bool  # False: another run held the lock, nothing was done
    run: JobRun | None = None
    skipped: list[str] = field(default_factory=list)  # steps already done today
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


def run_daily(day: date | None = None) -> RunResult:
    """Runs the steps not yet done for ``day`` (the region's today), under the daily lock."""
    day = day or region_today()
    with daily_lock() as held:
        if not held:
            return RunResult(held=False)
        return _run(day)


def _run(day: date) -> RunResult:
    run = JobRun(day=day, started_at=utcnow(), status="running")
    db.session.add(run)
    db.session.commit()
    result = RunResult(held=True, run=run)
    done = set(db.session.scalars(select(JobStepDone.step).where(JobStepDone.day == day)))
    error = None
    for name, step in STEPS:
        if name in done:
            result.skipped.append(name)
            continue
        try:
            result.counts[name] = step(day)
            db.session.add(JobStepDone(day=day, step=name, run_id=run.id))
            db.session.commit()
        except Exception as failure:  # noqa: BLE001 - recorded on the run; retried next run
            db.session.rollback()
            error = f"{name}: {type(failure).__name__}: {failure}"
            break
    run = db.session.get(JobRun, run.id)
    run.finished_at = utcnow()
    run.status = "error" if error else "ok"
    run.error = error
    run.counts = json.dumps({**result.counts, **dict.fromkeys(result.skipped, "al gedaan")})
    db.session.commit()
    result.run = run
    return result


def last_run() -> JobRun | None:
    return db.session.scalar(
        select(JobRun)
        .where(JobRun.finished_at.is_not(None))
        .order_by(JobRun.finished_at.desc(), JobRun.id.desc())
        .limit(1)
    )


def recent_runs(limit: int = 20) -> list[JobRun]:
    return list(db.session.scalars(select(JobRun).order_by(JobRun.id.desc()).limit(limit)))


def is_ok(run: JobRun | None, now: datetime | None = None) -> bool:
    """The last run ended without error and not longer ago than ``STALE_AFTER``."""
    if run is None or run.finished_at is None or run.status != "ok":
        return False
    return (now or utcnow()) - run.finished_at <= STALE_AFTER


def health_fields() -> dict[str, object]:
    """``jobs_last_run`` (ISO end time or null) and ``jobs_ok`` for /healthz's beheerder view."""
    run = last_run()
    return {
        "jobs_last_run": run.finished_at.isoformat() if run and run.finished_at else None,
        "jobs_ok": is_ok(run),
    }


def gauges() -> list:
    """For /metrics: when the last run ended, and whether the jobs are ok (alert on 0)."""
    from caseflow.core.metrics import gauge

    try:
        run = last_run()
    except Exception:  # noqa: BLE001 - the metrics answer while the database is down
        db.session.rollback()
        return []
    ended = run.finished_at.timestamp() if run and run.finished_at else 0
    return [
        gauge(
            "caseflow_jobs_last_run_timestamp_seconds",
            "When the last daily jobs run ended (Unix time; 0: never).",
            ended,
        ),
        gauge(
            "caseflow_jobs_ok",
            "1 when the last daily jobs run succeeded less than 36 hours ago.",
            int(is_ok(run)),
        ),
    ]


def set_reminder_frequency(user, frequency: str, actor) -> None:
    """The user's digest choice (daily, weekly, off); the change goes to the access log."""
    from caseflow.audit.models import AuditEvent, Grounds
    from caseflow.audit.services import record
    from caseflow.jobs.models import ReminderPreference

    if frequency not in ("daily", "weekly", "off"):
        raise ValueError(frequency)
    chosen = db.session.get(ReminderPreference, user.id)
    if chosen is None:
        chosen = ReminderPreference(user_id=user.id)
        db.session.add(chosen)
    chosen.frequency = frequency
    chosen.changed_at = utcnow()
    record(
        actor,
        None,
        AuditEvent.CHANGE,
        grounds=Grounds.ROLE,
        target="reminder_preference",
        target_id=user.id,
        fields=["frequency"],
    )
    db.session.flush()
