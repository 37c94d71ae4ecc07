"""What the monitor adds to others: the daily job's step that rebuilds the year view's summary."""

from __future__ import annotations

from datetime import date

from caseflow.jobs.services import register_step


def _summary_step(day: date) -> dict[str, int]:
    from caseflow.monitor.summary import rebuild

    return {"cells": rebuild(day)}


def register() -> None:
    register_step("monitor_summary", _summary_step)
