"""Risk signals in the monitor: flags raised, acknowledged, and followed by a breakdown."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import and_, case, exists, func, select

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.monitor.dimensions import label_of, order_key, split
from caseflow.monitor.periods import Dimension, Period
from caseflow.monitor.sql import days_between
from caseflow.monitor.tables import Cell, Table
from caseflow.risk.models import RiskFlag
from caseflow.timeline.models import EndingKind, Placement

HORIZON_DAYS = 90


def signals(period: Period, dimension: Dimension) -> Table:
    """Per split: flags raised in the period, how many a chair acknowledged, and how many were
    followed within 90 days by an unplanned placement ending (what the backtest measures)."""
    breakdown = exists().where(
        Placement.case_id == RiskFlag.case_id,
        Placement.ending == EndingKind.ONPLANMATIG.value,
        Placement.retracted_at.is_(None),
        Placement.actual_end >= RiskFlag.raised_on,
        days_between(Placement.actual_end, RiskFlag.raised_on) <= HORIZON_DAYS,
    )
    query, label = split(
        select(Case.id).select_from(RiskFlag).join(Case, Case.id == RiskFlag.case_id), dimension,
        period,
    )
    query = (
        query.with_only_columns(
            label,
            func.count(RiskFlag.id),
            func.sum(case((RiskFlag.acknowledged_at.is_not(None), 1), else_=0)),
            func.sum(
                case((and_(RiskFlag.severity.in_(("hoog", "midden")), breakdown), 1), else_=0)
            ),
            func.count(RiskFlag.case_id.distinct()),
        )
        .where(RiskFlag.raised_on >= period.start, RiskFlag.raised_on < period.end)
        .group_by(label)
    )
    rows = []
    for group, raised, acknowledged, followed, cases in sorted(
        db.session.execute(query).all(), key=lambda r: order_key(dimension, r[0])
    ):
        rows.append(
            (
                label_of(dimension, group),
                [
                    Cell(raised, cases),
                    Cell(acknowledged or 0, cases),
                    Cell(followed or 0, cases),
                    Cell.count(cases),
                ],
            )
        )
    return Table(
        "signalen",
        _("Signalen van doorplaatsing"),
        _(
            "Signalen die in de periode ontstonden, hoeveel de voorzitter of procesbegeleider "
            "zag en afvinkte, en hoeveel (hoog of midden) binnen 90 dagen gevolgd werden door een "
            "onplanmatig einde van een plaatsing."
        ),
        [_("Signalen"), _("Afgevinkt"), _("Gevolgd door uitval"), _("Kinderen")],
        rows,
        chart_column=0,
    )
