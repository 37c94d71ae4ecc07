"""The outcome's monitor table, as SQL aggregates: doelrealisatie, safety, stability and the
child's voice (what verblijf cost: ``cost_indicators``)."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, or_, select

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.monitor.dimensions import label_of, order_key, split
from caseflow.monitor.periods import Dimension, Period
from caseflow.monitor.tables import Cell, Table
from caseflow.outcome.models import FINISHED, Evaluation, Goal, GoalScore, GoalStatus, MissingVoice
from caseflow.timeline.models import EndingKind, Placement


def _by_case(query, dimension: Dimension):
    """``query`` (selecting from Case) split by the dimension: (query, label)."""
    return split(query, dimension)


def _goals_reached(period: Period, dimension: Dimension) -> dict:
    query, label = _by_case(
        select(Case.id).select_from(Goal).join(Case, Case.id == Goal.case_id), dimension
    )
    query = (
        query.with_only_columns(
            label,
            func.count(Goal.id),
            func.sum(case((Goal.status == GoalStatus.BEHAALD.value, 1), else_=0)),
            func.count(Goal.case_id.distinct()),
        )
        .where(
            Goal.status.in_(FINISHED),
            Goal.status_since >= period.start_at,
            Goal.status_since < period.end_at,
        )
        .group_by(label)
    )
    return {row[0]: row[1:] for row in db.session.execute(query).all()}


def _in_period(period: Period):
    return and_(Evaluation.held_on >= period.start, Evaluation.held_on < period.end)


def _gas(period: Period, dimension: Dimension) -> dict:
    query, label = _by_case(
        select(Case.id)
        .select_from(GoalScore)
        .join(Evaluation, Evaluation.id == GoalScore.evaluation_id)
        .join(Case, Case.id == Evaluation.case_id),
        dimension,
    )
    query = (
        query.with_only_columns(
            label, func.avg(GoalScore.score * 1.0), func.count(Evaluation.case_id.distinct())
        )
        .where(_in_period(period))
        .group_by(label)
    )
    return {row[0]: row[1:] for row in db.session.execute(query).all()}


def _voices(period: Period, dimension: Dimension) -> dict:
    query, label = _by_case(
        select(Case.id).select_from(Evaluation).join(Case, Case.id == Evaluation.case_id),
        dimension,
    )
    query = (
        query.with_only_columns(
            label,
            func.count(Evaluation.id),
            func.sum(case((Evaluation.child_missing.is_(None), 1), else_=0)),
            func.sum(
                case((Evaluation.child_missing == MissingVoice.NIET_GEVRAAGD.value, 1), else_=0)
            ),
            func.count(Evaluation.case_id.distinct()),
        )
        .where(_in_period(period))
        .group_by(label)
    )
    return {row[0]: row[1:] for row in db.session.execute(query).all()}


def _safety_change(period: Period, dimension: Dimension) -> dict:
    """Per child with an evaluation in the period and at least two safety scores up to its end:
    the latest minus the first score; averaged per group."""
    order = (Evaluation.held_on, Evaluation.id)
    ranked = (
        select(
            Evaluation.case_id.label("case_id"),
            Evaluation.held_on.label("held_on"),
            Evaluation.child_safety.label("safety"),
            func.row_number()
            .over(partition_by=Evaluation.case_id, order_by=order)
            .label("first_rank"),
            func.row_number()
            .over(partition_by=Evaluation.case_id, order_by=[o.desc() for o in order])
            .label("last_rank"),
        )
        .where(Evaluation.child_safety.is_not(None), Evaluation.held_on < period.end)
        .subquery()
    )
    per_case = (
        select(
            ranked.c.case_id,
            (
                func.max(case((ranked.c.last_rank == 1, ranked.c.safety), else_=None))
                - func.max(case((ranked.c.first_rank == 1, ranked.c.safety), else_=None))
            ).label("change"),
        )
        .group_by(ranked.c.case_id)
        .having(func.count() >= 2, func.max(ranked.c.held_on) >= period.start)
        .subquery()
    )
    query, label = _by_case(
        select(Case.id).select_from(per_case).join(Case, Case.id == per_case.c.case_id),
        dimension,
    )
    query = query.with_only_columns(
        label, func.avg(per_case.c.change * 1.0), func.count(per_case.c.case_id)
    ).group_by(label)
    return {row[0]: row[1:] for row in db.session.execute(query).all()}


def _stability(period: Period, dimension: Dimension, today: date) -> dict:
    """Children placed at some time in the 12 months before the period's end (or today): how
    many had no unplanned ending in those 12 months."""
    window_end = min(period.end, today + timedelta(days=1))
    window_start = window_end - timedelta(days=365)
    unplanned = and_(
        Placement.ending == EndingKind.ONPLANMATIG.value,
        Placement.actual_end >= window_start,
        Placement.actual_end < window_end,
    )
    per_case = (
        select(
            Placement.case_id.label("case_id"),
            func.max(case((unplanned, 1), else_=0)).label("broke_down"),
        )
        .where(
            Placement.retracted_at.is_(None),
            Placement.start_date < window_end,
            or_(Placement.actual_end.is_(None), Placement.actual_end >= window_start),
        )
        .group_by(Placement.case_id)
        .subquery()
    )
    query, label = _by_case(
        select(Case.id).select_from(per_case).join(Case, Case.id == per_case.c.case_id),
        dimension,
    )
    query = query.with_only_columns(
        label,
        func.count(per_case.c.case_id),
        func.sum(case((per_case.c.broke_down == 0, 1), else_=0)),
    ).group_by(label)
    return {row[0]: row[1:] for row in db.session.execute(query).all()}


def _share(part: object, whole: object) -> float | None:
    return round(100.0 * float(part or 0) / float(whole), 1) if whole else None


def _mean(value: object) -> float | None:
    return None if value is None else round(float(value), 2)


def outcome_table(period: Period, dimension: Dimension, today: date | None = None) -> Table:
    today = today or date.today()
    goals = _goals_reached(period, dimension)
    gas = _gas(period, dimension)
    safety = _safety_change(period, dimension)
    stable = _stability(period, dimension, today)
    voices = _voices(period, dimension)
    groups = set(goals) | set(gas) | set(safety) | set(stable) | set(voices)
    rows = []
    for group in sorted(groups, key=lambda g: order_key(dimension, g)):
        finished, reached, goal_cases = goals.get(group, (0, 0, 0))
        mean_gas, gas_cases = gas.get(group, (None, 0))
        change, safety_cases = safety.get(group, (None, 0))
        placed, without = stable.get(group, (0, 0))
        evaluations, heard, not_asked, eval_cases = voices.get(group, (0, 0, 0, 0))
        rows.append(
            (
                label_of(dimension, group),
                [
                    Cell(int(finished or 0), int(goal_cases or 0)),
                    Cell(_share(reached, finished), int(goal_cases or 0)),
                    Cell(_mean(mean_gas), int(gas_cases or 0)),
                    Cell(_mean(change), int(safety_cases or 0)),
                    Cell(_share(without, placed), int(placed or 0)),
                    Cell(int(evaluations or 0), int(eval_cases or 0)),
                    Cell(_share(heard, evaluations), int(eval_cases or 0)),
                    Cell(int(not_asked or 0), int(eval_cases or 0)),
                ],
            )
        )
    return Table(
        "uitkomst",
        _("Uitkomst: doelrealisatie, veiligheid, stabiliteit en de stem van de jeugdige"),
        _(
            "Afgeronde doelen in de periode en het aandeel behaald; de gemiddelde doelscore (-2 "
            "tot +2) van evaluaties in de periode; de gemiddelde verandering van de "
            "veiligheidsscore van de jeugdige van de eerste tot de laatste evaluatie; het aandeel "
            "geplaatste kinderen zonder onplanmatig einde in de laatste 12 maanden; en hoe vaak "
            "de stem van de jeugdige is vastgelegd."
        ),
        [
            _("Afgeronde doelen"),
            _("Behaald (%)"),
            _("Gem. doelscore"),
            _("Verandering veiligheid"),
            _("Stabiel (%)"),
            _("Evaluaties"),
            _("Stem jeugdige vastgelegd (%)"),
            _("Jeugdige niet gevraagd"),
        ],
        rows,
        chart_column=1,
    )


__all__ = ["outcome_table"]
