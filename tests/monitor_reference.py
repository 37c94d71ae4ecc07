"""The monitor's figures as the straightforward queries computed them before they were combined
and narrowed for speed (issue 11): one query per figure, windows over the whole phase history.
tests/test_monitor_equivalence.py checks the fast queries against these on generated data."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import aliased

from caseflow.cases.models import Case, PhaseTransition
from caseflow.cases.workflow import Phase, Trigger
from caseflow.extensions import db
from caseflow.meetings.models import MeetingAction
from caseflow.monitor.dimensions import split
from caseflow.monitor.periods import Dimension, Period
from caseflow.monitor.sql import days_between, distribution
from caseflow.timeline.models import Placement


def _grouped(query) -> dict:
    return {row[0]: row[1] for row in db.session.execute(query).all()}


def _transitions(dimension: Dimension):
    return split(
        select(Case.id).select_from(PhaseTransition).join(Case, Case.id == PhaseTransition.case_id),
        dimension,
    )


def trend(periods: list[Period]) -> list[int]:
    return [
        db.session.scalar(
            select(func.count(Case.id)).where(
                Case.registered_on >= each.start, Case.registered_on < each.end
            )
        )
        or 0
        for each in periods
    ]


def reopened(period: Period, dimension: Dimension) -> dict:
    query, label = _transitions(dimension)
    return _grouped(
        query.with_only_columns(label, func.count(PhaseTransition.id.distinct()))
        .where(
            PhaseTransition.trigger == Trigger.HEROPENEN.value,
            PhaseTransition.at >= period.start_at,
            PhaseTransition.at < period.end_at,
        )
        .group_by(label)
    )


def reopened_within_year(period: Period, dimension: Dimension) -> dict:
    close = aliased(PhaseTransition)
    previous_close = (
        select(func.max(close.at))
        .where(
            close.case_id == PhaseTransition.case_id,
            close.to_phase == Phase.AFGESLOTEN.value,
            close.at < PhaseTransition.at,
        )
        .scalar_subquery()
    )
    query, label = _transitions(dimension)
    return _grouped(
        query.with_only_columns(label, func.count(PhaseTransition.id.distinct()))
        .where(
            PhaseTransition.trigger == Trigger.HEROPENEN.value,
            PhaseTransition.at >= period.start_at,
            PhaseTransition.at < period.end_at,
            days_between(PhaseTransition.at, previous_close) <= 365,
        )
        .group_by(label)
    )


def closed(period: Period, dimension: Dimension) -> dict:
    query, label = _transitions(dimension)
    return _grouped(
        query.with_only_columns(label, func.count(PhaseTransition.case_id.distinct()))
        .where(
            PhaseTransition.to_phase == Phase.AFGESLOTEN.value,
            PhaseTransition.at >= period.start_at - timedelta(days=365),
            PhaseTransition.at < period.end_at,
        )
        .group_by(label)
    )


def phase_durations(period: Period) -> dict:
    stays = select(
        PhaseTransition.to_phase.label("phase"),
        PhaseTransition.at.label("entered"),
        func.lead(PhaseTransition.at)
        .over(
            partition_by=PhaseTransition.case_id,
            order_by=(PhaseTransition.at, PhaseTransition.id),
        )
        .label("left"),
    ).subquery()
    ended = select(stays).where(stays.c.left >= period.start_at, stays.c.left < period.end_at)
    ended = ended.subquery()
    query = distribution(ended, ended.c.phase, days_between(ended.c.left, ended.c.entered))
    return {row[0]: tuple(row[1:]) for row in db.session.execute(query).all()}


def time_to_first_placement(period: Period, dimension: Dimension) -> dict:
    first = (
        select(Placement.case_id, func.min(Placement.start_date).label("first_start"))
        .join(Case, Case.id == Placement.case_id)
        .where(Placement.start_date >= Case.registered_on)
        .group_by(Placement.case_id)
        .subquery()
    )
    base, label = split(
        select(Case.id).select_from(Case).join(first, first.c.case_id == Case.id), dimension
    )
    base = base.add_columns(
        label.label("grp"), days_between(first.c.first_start, Case.registered_on).label("days")
    )
    base = base.where(first.c.first_start >= period.start, first.c.first_start < period.end)
    source = base.subquery()
    query = distribution(source, source.c.grp, source.c.days)
    return {row[0]: tuple(row[1:]) for row in db.session.execute(query).all()}


def wachten(period: Period, today: date) -> tuple:
    """(waiting n, waiting median, follow-up overdue, open actions, overdue actions), case by
    case in Python: the phase each case registered by that day had at its end."""
    on = min(period.end - timedelta(days=1), today)
    cutoff = datetime.combine(on + timedelta(days=1), time(0), tzinfo=UTC)
    waits, overdue = [], 0
    for each in db.session.scalars(select(Case).where(Case.registered_on <= on)):
        history = db.session.execute(
            select(PhaseTransition.to_phase, PhaseTransition.at)
            .where(PhaseTransition.case_id == each.id, PhaseTransition.at < cutoff)
            .order_by(PhaseTransition.at, PhaseTransition.id)
        ).all()
        if not history:
            continue
        phase, since = history[-1]
        placed = db.session.scalar(
            select(func.count(Placement.id)).where(
                Placement.case_id == each.id,
                Placement.retracted_at.is_(None),
                Placement.start_date <= on,
                or_(Placement.actual_end.is_(None), Placement.actual_end > on),
            )
        )
        if phase == Phase.PLAATSING.value and not placed:
            since = since if since.tzinfo else since.replace(tzinfo=UTC)
            waits.append((on - since.date()).days)
        due = each.follow_up_due_on
        if phase == Phase.BLIJVEN_VOLGEN.value and due is not None and due < on:
            overdue += 1
    waits.sort()
    median = waits[(len(waits) * 50 + 99) // 100 - 1] if waits else None
    existed = MeetingAction.created_at < cutoff
    actions = db.session.execute(
        select(
            func.count(MeetingAction.id),
            func.sum(case((MeetingAction.due_on < on, 1), else_=0)),
        ).where(MeetingAction.status == "open", existed)
    ).one()
    return len(waits), median, overdue, actions[0], actions[1] or 0
