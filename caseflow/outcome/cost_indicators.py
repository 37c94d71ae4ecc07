"""What verblijf cost per placement type in a period, as an SQL aggregate in the shape of the
regional tables (a day tariff over the days in the period, a total when it started in it)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, case, func

from caseflow.monitor.mix import by_type, row_header, typed_rows
from caseflow.monitor.periods import Dimension, Period
from caseflow.monitor.placements import _days_in_period
from caseflow.monitor.tables import Cell, Table
from caseflow.outcome.vocab import TariffKind
from caseflow.timeline.models import Placement


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
    """Per placement type (and per group of the split): unique children, total costs and
    costs per child, and a total row in which — as in the regional tables — a child under two
    types counts twice."""
    today = today or date.today()
    found = by_type(
        period, dimension, today,
        func.count(Placement.case_id.distinct()),
        func.sum(_cost(period, today)),
        func.sum(case((Placement.tariff_kind.is_(None), 1), else_=0)),
    )
    found = {
        key: [int(children or 0), _euros(cost), int(missing or 0)]
        for key, (children, cost, missing) in found.items()
    }
    rows, sums = typed_rows(found, dimension, lambda v: _cost_cells(*v), 3)
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
        row_header=row_header(dimension),
        sums=sums,
        sum_columns=(0, 1, 3),
        ratios=[(1, 0, 2)],  # cost per child = cost / children
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
