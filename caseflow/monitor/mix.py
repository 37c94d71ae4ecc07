"""Verblijf per type (the regional tables' mix): placements, unique children, in or out of the
region; split by any dimension, with a total per group and for the whole."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.monitor.dimensions import label_of, order_key, split
from caseflow.monitor.periods import DIMENSION_LABELS, Dimension, Period
from caseflow.monitor.placements import _overlapping
from caseflow.monitor.tables import Cell, Table
from caseflow.timeline.models import Placement, PlacementType
from caseflow.timeline.vocab import PLACEMENT_TYPE_LABELS


def by_type(period: Period, dimension: Dimension, today: date, *columns) -> dict:
    """{(group, type): [column values]} over placements running in the period."""
    query, label = split(
        select(Case.id).select_from(Placement).join(Case, Case.id == Placement.case_id),
        dimension, period, placed=True,
    )
    query = (
        query.with_only_columns(label, Placement.type, *columns)
        .where(_overlapping(period), Placement.start_date <= today)
        .group_by(label, Placement.type)
    )
    return {(row[0], row[1]): list(row[2:]) for row in db.session.execute(query).all()}


def typed_rows(
    found: dict, dimension: Dimension, cells, width: int
) -> tuple[list[tuple[str, list[Cell]]], list[tuple[int, list[int]]]]:
    """Rows per group and type with a total per group (when split) and an overall total, and
    the sums that hold between them (for secondary suppression). ``cells(values)`` makes a
    row's cells from its summed raw values."""
    groups = sorted({g for g, _t in found}, key=lambda g: order_key(dimension, g))
    rows: list[tuple[str, list[Cell]]] = []
    sums: list[tuple[int, list[int]]] = []
    grand = [0] * width
    group_totals: list[int] = []
    for group in groups:
        subtotal, members = [0] * width, []
        for kind in PlacementType:
            if (group, kind.value) not in found:
                continue
            values = [v or 0 for v in found[(group, kind.value)]]
            subtotal = [t + v for t, v in zip(subtotal, values, strict=True)]
            name = str(PLACEMENT_TYPE_LABELS[kind])
            if dimension is not Dimension.TOTAAL:
                name = f"{label_of(dimension, group)} · {name}"
            members.append(len(rows))
            rows.append((name, cells(values)))
        grand = [t + v for t, v in zip(grand, subtotal, strict=True)]
        if dimension is not Dimension.TOTAAL:
            sums.append((len(rows), members))
            group_totals.append(len(rows))
            total = _("totaal")
            rows.append((f"{label_of(dimension, group)} · {total}", cells(subtotal)))
        else:
            group_totals.extend(members)
    if rows:
        sums.append((len(rows), group_totals))
        rows.append((_("Totaal"), cells(grand)))
    return rows, sums


def row_header(dimension: Dimension) -> str:
    if dimension is Dimension.TOTAAL:
        return _("Soort verblijf")
    kind = _("Soort verblijf")
    return f"{DIMENSION_LABELS[dimension]} · {kind}"


def verblijf(
    period: Period, today: date | None = None, dimension: Dimension = Dimension.TOTAAL
) -> Table:
    """Placements by type, as in the regional tables: placements, unique children, in or out
    of the region. A child placed under two types counts under both (as the regions do)."""
    today = today or date.today()
    found = by_type(
        period, dimension, today,
        func.count(Placement.id),
        func.count(Placement.case_id.distinct()),
        func.sum(case((Placement.in_region, 1), else_=0)),
        func.sum(case((Placement.in_region, 0), else_=1)),
    )
    rows, sums = typed_rows(
        found, dimension, lambda values: [Cell.count(int(v)) for v in values], 4
    )
    return Table(
        "verblijf",
        _("Verblijf per soort"),
        _("Plaatsingen die in de periode liepen, per soort."),
        [_("Plaatsingen"), _("Unieke kinderen"), _("Binnen de regio"), _("Buiten de regio")],
        rows,
        chart_column=1,
        note=_("Een kind dat onder twee soorten valt, telt in het totaal twee keer mee."),
        row_header=row_header(dimension),
        sums=sums,
        sum_columns=(0, 1, 2, 3),
        row_sums=[(0, [2, 3])],  # placements = in the region + outside it
    )
