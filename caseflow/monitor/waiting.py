"""Waiting and follow-up on one day, from the phase history: only cases that existed then,
in the phase they had then (today's phase of a case says nothing about a past period)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import case, exists, func, literal, or_, select

from caseflow.cases.models import Case, PhaseTransition
from caseflow.cases.workflow import Phase
from caseflow.core.formatting import day
from caseflow.extensions import db
from caseflow.monitor.sql import days_between, distribution
from caseflow.monitor.tables import Cell, Table
from caseflow.timeline.models import Placement


def phase_on(on: date):
    """(case_id, phase, since) of every case registered by ``on``: its last transition up to
    the end of that day."""
    cutoff = datetime.combine(on + timedelta(days=1), time(0), tzinfo=UTC)
    ranked = (
        select(
            PhaseTransition.case_id.label("case_id"),
            PhaseTransition.to_phase.label("phase"),
            PhaseTransition.at.label("since"),
            func.row_number()
            .over(
                partition_by=PhaseTransition.case_id,
                order_by=(PhaseTransition.at.desc(), PhaseTransition.id.desc()),
            )
            .label("rank"),
        )
        .join(Case, Case.id == PhaseTransition.case_id)
        .where(PhaseTransition.at < cutoff, Case.registered_on <= on)
        .subquery()
    )
    return select(ranked.c.case_id, ranked.c.phase, ranked.c.since).where(ranked.c.rank == 1)


def wachten(period, today: date | None = None) -> Table:
    """Waiting and follow-up on the last day of the period (or today, if that is earlier)."""
    today = today or date.today()
    on = min(period.end - timedelta(days=1), today)
    then = phase_on(on).subquery("phase_then")
    running = exists().where(
        Placement.case_id == then.c.case_id,
        Placement.retracted_at.is_(None),
        Placement.start_date <= on,
        or_(Placement.actual_end.is_(None), Placement.actual_end > on),
    )
    waiting = (
        select(
            literal("wachten").label("grp"),
            days_between(literal(on), then.c.since).label("days"),
        )
        .where(then.c.phase == Phase.PLAATSING.value, ~running)
        .subquery()
    )
    waited = distribution(waiting, waiting.c.grp, waiting.c.days).cte("waited")
    overdue = (
        select(func.count(Case.id))
        .join(then, then.c.case_id == Case.id)
        .where(then.c.phase == Phase.BLIJVEN_VOLGEN.value, Case.follow_up_due_on < on)
    )
    # One query: every figure of the table as a scalar subquery.
    n, median, overdue, open_count, open_overdue = db.session.execute(
        select(
            select(waited.c[1]).scalar_subquery(),
            select(waited.c[2]).scalar_subquery(),
            overdue.scalar_subquery(),
            *_open_actions(on),
        )
    ).one()
    n = n or 0
    rows = [
        (_("In fase plaatsing zonder lopende plaatsing"), [Cell.count(n), Cell(median, n)]),
        (_("Blijven volgen: contact verlopen"), [Cell.count(overdue), Cell(None)]),
        (_("Open acties"), [Cell.count(open_count), Cell(None)]),
        (_("Verlopen acties"), [Cell.count(open_overdue or 0), Cell(None)]),
    ]
    return Table(
        "wachten",
        _("Wachten en blijven volgen"),
        _("Stand op %(date)s.", date=day(on)),
        [_("Aantal"), _("Mediaan wachttijd (dagen)")],
        rows,
        chart_column=None,
        row_header="",
    )


def _open_actions(on: date) -> list:
    """RET actions open today that existed on the day, and those past their due date then
    (due that day is not yet overdue). Closing dates of actions are not kept, so an action
    closed since is not counted back."""
    from caseflow.meetings.models import MeetingAction

    existed = datetime.combine(on + timedelta(days=1), time(0), tzinfo=UTC)
    is_open = (MeetingAction.status == "open") & (MeetingAction.created_at < existed)
    return [
        select(func.count(MeetingAction.id)).where(is_open).scalar_subquery(),
        select(func.sum(case((MeetingAction.due_on < on, 1), else_=0)))
        .where(is_open)
        .scalar_subquery(),
    ]
