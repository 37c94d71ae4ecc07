"""Indicators of placements: uitval / doorplaatsing (verblijf per type: ``mix``, waiting:
``waiting``; both importable from here as before)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.monitor.dimensions import label_of, order_key, split
from caseflow.monitor.periods import Dimension, Period
from caseflow.monitor.placements import _days_in_period, _overlapping, effective_end
from caseflow.monitor.tables import Cell, Table
from caseflow.timeline.doorplaatsing import Kind, classify
from caseflow.timeline.models import EndingKind, Placement


def _kinds_of_starts(period: Period, dimension: Dimension, today: date) -> dict[object, list]:
    """{group: [Kind of each placement started in the period]}, classified by the one
    definition (timeline.doorplaatsing) over each child's whole placement history."""
    in_period = and_(Placement.start_date >= period.start, Placement.start_date < period.end)
    query, label = split(
        select(Case.id).select_from(Placement).join(Case, Case.id == Placement.case_id),
        dimension,
        period,
        placed=True,
    )
    started = query.with_only_columns(label, Placement.id).where(
        in_period, Placement.retracted_at.is_(None), Placement.start_date <= today
    )
    groups: dict[object, list[int]] = {}
    for group, placement_id in db.session.execute(started):
        groups.setdefault(group, []).append(placement_id)
    # The children whose history is read: only those in the scope (a consulent's gemeente).
    in_scope, _label = split(
        select(Case.id).select_from(Placement).join(Case, Case.id == Placement.case_id),
        Dimension.TOTAAL,
        period,
        placed=True,
    )
    started_ids = in_scope.with_only_columns(Placement.case_id).where(
        in_period, Placement.retracted_at.is_(None), Placement.start_date <= today
    )
    by_case: dict[int, list] = {}
    for row in db.session.execute(
        select(
            Placement.id,
            Placement.case_id,
            Placement.type,
            Placement.start_date,
            Placement.actual_end,
            Placement.planned_end,
            Placement.ending,
            Placement.end_reason,
            Placement.provider_id,
            Placement.provider_name,
        ).where(Placement.retracted_at.is_(None), Placement.case_id.in_(started_ids))
    ):
        by_case.setdefault(row.case_id, []).append(row)
    kinds = {s.placement.id: s.kind for rows in by_case.values() for s in classify(rows)}
    return {group: [kinds[i] for i in ids if i in kinds] for group, ids in groups.items()}


NOT_A_MOVE = frozenset({Kind.EERSTE, Kind.NAAST_LOPENDE, Kind.ZELFDE_PLEK})


def uitval(period: Period, dimension: Dimension, today: date | None = None) -> Table:
    """Unplanned endings, new placements, moves (a placement of its own after an earlier one)
    per 1,000 days in placement (the stability rate used abroad) and doorplaatsingen, for
    placements running at some time in the period. Moves and doorplaatsingen are counted by
    the one definition (timeline.doorplaatsing): a respite stay beside a running placement or
    a new tariff at the same place is no move."""
    today = today or date.today()
    in_period = and_(Placement.start_date >= period.start, Placement.start_date < period.end)
    query, label = split(
        select(Case.id).select_from(Placement).join(Case, Case.id == Placement.case_id),
        dimension,
        period,
        placed=True,
    )
    query = (
        query.with_only_columns(
            label,
            func.sum(
                case(
                    (
                        and_(
                            Placement.ending == EndingKind.ONPLANMATIG.value,
                            Placement.actual_end >= period.start,
                            Placement.actual_end < period.end,
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
            func.sum(case((in_period, 1), else_=0)),
            func.sum(_days_in_period(period, today)),
            func.count(Placement.case_id.distinct()),
        )
        .where(_overlapping(period), Placement.start_date <= today)
        .group_by(label)
    )
    kinds = _kinds_of_starts(period, dimension, today)
    rows = []
    for group, unplanned, starts, days, cases in sorted(
        db.session.execute(query).all(), key=lambda r: order_key(dimension, r[0])
    ):
        started = kinds.get(group, [])
        moves = sum(1 for kind in started if kind not in NOT_A_MOVE)
        doorplaatsingen = sum(1 for kind in started if kind is Kind.DOORPLAATSING)
        rate = moves * 1000 / days if days else None
        rows.append(
            (
                label_of(dimension, group),
                [
                    Cell.count(unplanned),
                    Cell.count(starts),
                    Cell.count(moves),
                    Cell(days or 0, cases),
                    Cell(rate, cases),
                    Cell.count(cases),
                    Cell.count(doorplaatsingen),
                ],
            )
        )
    return Table(
        "uitval",
        _("Uitval en doorplaatsing"),
        _(
            "Plaatsingen die in de periode liepen: onplanmatig beëindigd, nieuw gestart, "
            "wisselingen (een nieuwe plaatsing na een eerdere; kortdurend verblijf naast een "
            "lopende plaatsing en een nieuw tarief op dezelfde plek tellen niet), wisselingen per "
            "1.000 dagen in plaatsing en doorplaatsingen (een nieuwe plaatsing binnen 30 dagen "
            "nadat de vorige onplanmatig eindigde)."
        ),
        [
            _("Onplanmatig beëindigd"),
            _("Nieuwe plaatsingen"),
            _("Wisselingen"),
            _("Dagen in plaatsing"),
            _("Wisselingen per 1.000 dagen"),
            _("Kinderen"),
            _("Doorplaatsingen"),
        ],
        rows,
        chart_column=0,
    )


# Kept importable from here (outcome's cost table and the tests use these names).
from caseflow.monitor.mix import verblijf  # noqa: E402
from caseflow.monitor.waiting import wachten  # noqa: E402

__all__ = ["_days_in_period", "_overlapping", "effective_end", "uitval", "verblijf", "wachten"]
