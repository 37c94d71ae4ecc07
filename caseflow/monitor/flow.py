"""Indicators of the flow of cases: instroom, duur and terugkeer. Each is a few aggregate
queries, whatever the number of cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.orm import aliased

from caseflow.cases.models import Case, PhaseTransition
from caseflow.cases.vocab import PHASE_LABELS
from caseflow.cases.workflow import Phase, Trigger
from caseflow.extensions import db
from caseflow.monitor.dimensions import current_scope, label_of, order_key, ret_cases, split
from caseflow.monitor.periods import Dimension, Period
from caseflow.monitor.sql import days_between, distribution
from caseflow.monitor.tables import Cell, Table
from caseflow.timeline.models import Placement


def _rows(dimension: Dimension, *results: dict) -> list[tuple[str, list[Cell]]]:
    keys = sorted({k for result in results for k in result}, key=lambda k: order_key(dimension, k))
    return [
        (label_of(dimension, k), [result.get(k, Cell.count(0)) for result in results]) for k in keys
    ]


def _counts(query) -> dict:
    return {key: Cell.count(n) for key, n in db.session.execute(query).all()}


@dataclass(frozen=True)
class TransitionCounts:
    """Per group, from the phase history: re-openings in the period, those within 12 months
    of the previous closing, and the cases closed in the 12 months before or in the period."""

    reopened: dict
    reopened_within_year: dict
    closed: dict


def transition_counts(period: Period, dimension: Dimension) -> TransitionCounts:
    """One grouped query over the re-openings and closings from 12 months before the period
    to its end (instroom and terugkeer share it)."""
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
    is_reopening = PhaseTransition.trigger == Trigger.HEROPENEN.value
    is_closing = PhaseTransition.to_phase == Phase.AFGESLOTEN.value
    reopened = and_(is_reopening, PhaseTransition.at >= period.start_at)
    within_year = and_(reopened, days_between(PhaseTransition.at, previous_close) <= 365)
    query, label = split(
        select(Case.id).select_from(PhaseTransition).join(Case, Case.id == PhaseTransition.case_id),
        dimension,
        period,
    )
    query = (
        query.with_only_columns(
            label,
            func.count(distinct(case((reopened, PhaseTransition.id)))),
            func.count(distinct(case((within_year, PhaseTransition.id)))),
            func.count(distinct(case((is_closing, PhaseTransition.case_id)))),
        )
        .where(
            PhaseTransition.at >= period.start_at - timedelta(days=365),
            PhaseTransition.at < period.end_at,
            or_(is_reopening, is_closing),
        )
        .group_by(label)
    )
    found = db.session.execute(query).all()

    def column(index: int) -> dict:
        return {row[0]: Cell.count(row[index]) for row in found if row[index]}

    return TransitionCounts(column(1), column(2), column(3))


def instroom(
    period: Period, dimension: Dimension, transitions: TransitionCounts | None = None
) -> Table:
    transitions = transitions or transition_counts(period, dimension)
    new_cases, label = split(select(Case.id).select_from(Case), dimension, period)
    new_cases = (
        new_cases.with_only_columns(label, func.count(Case.id.distinct()))
        .where(Case.registered_on >= period.start, Case.registered_on < period.end)
        .group_by(label)
    )
    return Table(
        "instroom",
        _("Instroom"),
        _("Nieuwe aanmeldingen en heropende casussen in de periode."),
        [_("Aanmeldingen"), _("Heropend")],
        _rows(dimension, _counts(new_cases), transitions.reopened),
    )


def _distribution_table(key, title, description, query_rows, dimension) -> Table:
    rows = []
    for group, n, median, p90 in sorted(query_rows, key=lambda r: order_key(dimension, r[0])):
        rows.append((label_of(dimension, group), [Cell.count(n), Cell(median, n), Cell(p90, n)]))
    return Table(
        key,
        title,
        description,
        [_("Aantal"), _("Mediaan (dagen)"), _("90e percentiel (dagen)")],
        rows,
        chart_column=1,
    )


def phase_durations(period: Period) -> Table:
    """How long completed stays in each phase lasted, for stays that ended in the period.

    A stay ends at the case's next transition, so only cases with a transition in the period
    matter, and only their transitions before its end: a later one can follow none of those."""
    active = select(PhaseTransition.case_id).where(
        PhaseTransition.at >= period.start_at, PhaseTransition.at < period.end_at
    )
    if current_scope().ret_only:  # a table of the whole region, but the switch holds for it
        active = active.where(PhaseTransition.case_id.in_(ret_cases(period)))
    stays = select(
        PhaseTransition.to_phase.label("phase"),
        PhaseTransition.at.label("entered"),
        func.lead(PhaseTransition.at)
        .over(
            partition_by=PhaseTransition.case_id,
            order_by=(PhaseTransition.at, PhaseTransition.id),
        )
        .label("left"),
    )
    stays = stays.where(
        PhaseTransition.case_id.in_(active), PhaseTransition.at < period.end_at
    ).subquery()
    ended = select(stays).where(stays.c.left >= period.start_at, stays.c.left < period.end_at)
    ended = ended.subquery()
    query = distribution(ended, ended.c.phase, days_between(ended.c.left, ended.c.entered))
    by_phase = {row[0]: row for row in db.session.execute(query).all()}
    rows = []
    for phase in Phase:
        if phase is Phase.AFGESLOTEN or phase.value not in by_phase:
            continue
        _group, n, median, p90 = by_phase[phase.value]
        rows.append((str(PHASE_LABELS[phase]), [Cell.count(n), Cell(median, n), Cell(p90, n)]))
    return Table(
        "duur_fase",
        _("Duur per fase"),
        _("Hoe lang casussen in een fase bleven, voor verblijven die in de periode eindigden."),
        [_("Aantal"), _("Mediaan (dagen)"), _("90e percentiel (dagen)")],
        rows,
        chart_column=1,
        row_header=_("Fase"),
    )


def _placed_in(period: Period):
    """Cases with a placement starting in the period (a first placement there is one of them)."""
    return select(Placement.case_id).where(
        Placement.start_date >= period.start,
        Placement.start_date < period.end,
        Placement.retracted_at.is_(None),
    )


def time_to_first_placement(period: Period, dimension: Dimension) -> Table:
    first = (
        select(Placement.case_id, func.min(Placement.start_date).label("first_start"))
        .join(Case, Case.id == Placement.case_id)
        .where(
            Placement.start_date >= Case.registered_on,
            Placement.retracted_at.is_(None),
            Placement.case_id.in_(_placed_in(period)),
        )
        .group_by(Placement.case_id)
        .subquery()
    )
    base, label = split(
        select(Case.id).select_from(Case).join(first, first.c.case_id == Case.id),
        dimension,
        period,
    )
    base = base.add_columns(
        label.label("grp"), days_between(first.c.first_start, Case.registered_on).label("days")
    )
    base = base.where(first.c.first_start >= period.start, first.c.first_start < period.end)
    source = base.subquery()
    rows = db.session.execute(distribution(source, source.c.grp, source.c.days)).all()
    return _distribution_table(
        "aanmelding_plaatsing",
        _("Van aanmelding tot eerste plaatsing"),
        _(
            "Dagen tussen aanmelding en de eerste plaatsing daarna, voor plaatsingen die in de "
            "periode begonnen."
        ),
        rows,
        dimension,
    )


def open_duration(period: Period, dimension: Dimension) -> Table:
    """Every closing counts (also of a case re-opened later), taken from the phase history."""
    base, label = split(
        select(Case.id).select_from(PhaseTransition).join(Case, Case.id == PhaseTransition.case_id),
        dimension,
        period,
    )
    base = base.add_columns(
        label.label("grp"), days_between(PhaseTransition.at, Case.registered_on).label("days")
    )
    base = base.where(
        PhaseTransition.to_phase == Phase.AFGESLOTEN.value,
        PhaseTransition.at >= period.start_at,
        PhaseTransition.at < period.end_at,
    )
    source = base.subquery()
    rows = db.session.execute(distribution(source, source.c.grp, source.c.days)).all()
    return _distribution_table(
        "looptijd",
        _("Looptijd van afgesloten casussen"),
        _("Dagen van aanmelding tot afsluiten, voor casussen die in de periode werden afgesloten."),
        rows,
        dimension,
    )


def terugkeer(
    period: Period, dimension: Dimension, transitions: TransitionCounts | None = None
) -> Table:
    """Cases re-opened within 12 months after being closed, against the cases closed then."""
    transitions = transitions or transition_counts(period, dimension)
    return Table(
        "terugkeer",
        _("Terugkeer"),
        _(
            "Casussen die binnen 12 maanden na afsluiten weer werden geopend, naast het aantal "
            "casussen dat in de 12 maanden vóór en tijdens de periode werd afgesloten."
        ),
        [_("Heropend binnen 12 maanden"), _("Afgesloten (12 maanden ervoor en in de periode)")],
        _rows(dimension, transitions.reopened_within_year, transitions.closed),
    )
