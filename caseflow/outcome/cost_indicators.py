"""What verblijf cost per placement type in a period, as an SQL aggregate in the shape of the
regional tables (a day tariff over the days in the period, a total when it started in it)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select

from caseflow.extensions import db
from caseflow.monitor.periods import Dimension, Period
from caseflow.monitor.stays import _days_in_period, _overlapping
from caseflow.monitor.tables import Cell, Table
from caseflow.outcome.vocab import TariffKind
from caseflow.timeline.models import Placement, PlacementType
from caseflow.timeline.vocab import PLACEMENT_TYPE_LABELS


def _cost(period: Period, today: date):
    """The cost of a placement within the period: a day tariff times its days in the period; a
    total (maatwerk) counts in full in the period in which the placement started."""
    started_in_period = and_(
        Placement.start_date >= period.start, Placement.start_date < period.end
    )
    return case(
        (
            Placement.tariff_kind == TariffKind.PER_DAG.value,
            Placement.tariff_amount * _days_in_period(period, today),
        ),
        (
            and_(Placement.tariff_kind == TariffKind.TOTAAL.value, started_in_period),
            Placement.tariff_amount,
        ),
        else_=0,
    )


def _euros(value: object) -> int:
    return int(round(float(value or 0)))


def verblijf_kosten(period: Period, dimension: Dimension, today: date | None = None) -> Table:
    """Per placement type: unique children, total costs and costs per child, and a total row in
    which — as in the regional tables — a child under two types counts twice."""
    today = today or date.today()
    query = (
        select(
            Placement.type,
            func.count(Placement.case_id.distinct()),
            func.sum(_cost(period, today)),
            func.sum(case((Placement.tariff_kind.is_(None), 1), else_=0)),
        )
        .where(_overlapping(period), Placement.start_date <= today)
        .group_by(Placement.type)
    )
    found = {row[0]: row[1:] for row in db.session.execute(query).all()}
    rows = []
    total_children = total_cost = total_missing = 0
    for kind in PlacementType:
        if kind.value not in found:
            continue
        children, cost, missing = found[kind.value]
        children, cost, missing = int(children or 0), _euros(cost), int(missing or 0)
        total_children, total_cost = total_children + children, total_cost + cost
        total_missing += missing
        rows.append((str(PLACEMENT_TYPE_LABELS[kind]), _cost_cells(children, cost, missing)))
    if rows:
        rows.append((_("Totaal"), _cost_cells(total_children, total_cost, total_missing)))
    return Table(
        "verblijf_kosten",
        _("Verblijf: kinderen en kosten per soort"),
        _(
            "Plaatsingen die in de periode liepen: unieke kinderen, kosten in hele euro's en "
            "kosten per kind. Een dagtarief telt voor de dagen in de periode; een totaalbedrag "
            "(maatwerk) in de periode waarin de plaatsing begon."
        ),
        [_("Unieke kinderen"), _("Kosten (€)"), _("Kosten per kind (€)"), _("Zonder tarief")],
        rows,
        chart_column=1,
        note=_(
            "Totaal = som van de kinderen per soort: een kind dat onder twee soorten valt, telt in "
            "het totaal twee keer mee (zoals in de regionale cijfers)."
        ),
    )


def _cost_cells(children: int, cost: int, missing: int) -> list[Cell]:
    per_child = _euros(cost / children) if children else None
    return [
        Cell.count(children),
        Cell(cost, children),
        Cell(per_child, children),
        Cell(missing, children),
    ]


__all__ = ["verblijf_kosten"]
