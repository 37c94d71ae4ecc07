"""Periods side by side (seed 004 compares 2020-2023): the verblijf mix and the four indicators
(instroom, duur, terugkeer, uitval) over the last four periods, with counts, shares and the
change from the period before. The first screen's headline numbers come from these tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from caseflow.monitor import flow, stays, summary
from caseflow.monitor.dimensions import label_of
from caseflow.monitor.mix import by_type
from caseflow.monitor.periods import Dimension, Period
from caseflow.monitor.tables import Cell, Table
from caseflow.timeline.models import Placement, PlacementType
from caseflow.timeline.vocab import PLACEMENT_TYPE_LABELS

SIDE_BY_SIDE = 4
TOTAL = Dimension.TOTAAL


def _share(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _change(now: Cell, before: Cell) -> Cell:
    if now.value is None or before.value is None:
        return Cell(None)
    return Cell(now.value - before.value, min(now.base or 0, before.base or 0) or None)


def verblijf_counts(period: Period, today: date, dimension: Dimension = TOTAL) -> dict:
    """{group label: {placement type: unique children}} over placements running in the
    period, computed directly (what the summary stores)."""
    found: dict[str, dict[str, int]] = {}
    for (group, kind), values in by_type(
        period, dimension, today, func.count(Placement.case_id.distinct())
    ).items():
        found.setdefault(label_of(dimension, group), {})[kind] = int(values[0] or 0)
    return found


def verblijf_series(
    period: Period, today: date | None = None, gemeente: str | None = None, *, read=None
) -> Table:
    """Unique children per kind of verblijf in each period, their share of the total and the
    change of both from the period before the last; the region's, or one gemeente's (by the
    name the monitor gives it). Read from the summary where it covers the period."""
    today = today or date.today()
    periods = period.series(SIDE_BY_SIDE)
    split, group = _split_of(gemeente)
    build, stored = read or summary.read(periods, split, group)
    counted = [
        stored[each].verblijf
        if each in stored
        else verblijf_counts(each, today, SPLITS[split]).get(group, {})
        for each in periods
    ]
    kinds = [k for k in PlacementType if any(k.value in found for found in counted)]
    totals = [sum(found.values()) for found in counted]
    columns: list[str] = []
    for each in periods:
        columns += [each.label, f"{each.label} (%)"]
    columns += [_("Verschil"), _("Verschil aandeel (%-punt)")]
    rows = []
    for label, values in [
        *(
            (str(PLACEMENT_TYPE_LABELS[k]), [found.get(k.value, 0) for found in counted])
            for k in kinds
        ),
        (_("Totaal"), totals),
    ]:
        cells: list[Cell] = []
        for value, whole in zip(values, totals, strict=True):
            cells += [Cell.count(value), Cell(_share(value, whole), value)]
        now_share, before_share = cells[-1].value, cells[-3].value
        share_change = (
            None
            if now_share is None or before_share is None
            else round(now_share - before_share, 1)
        )
        cells += [
            _change(cells[-2], cells[-4]),
            Cell(share_change, min(values[-1], values[-2]) or None),
        ]
        rows.append((label, cells))
    last, before = 2 * (SIDE_BY_SIDE - 1), 2 * (SIDE_BY_SIDE - 2)
    table = Table(
        "jaren_verblijf",
        _("Verblijf per soort, perioden naast elkaar"),
        _(
            "Unieke kinderen per soort verblijf in elke periode, hun aandeel in het totaal en de "
            "verandering ten opzichte van de periode ervoor: de beweging in de verhoudingen "
            "tussen soorten verblijf."
        ),
        columns,
        rows if kinds else [],
        chart_column=last,
        row_header=_("Soort verblijf"),
        sums=[(len(rows) - 1, list(range(len(rows) - 1)))] if kinds else [],
        sum_columns=tuple(range(0, 2 * SIDE_BY_SIDE, 2)),
        ratios=[
            *((2 * i, 2 * i, 2 * i + 1) for i in range(SIDE_BY_SIDE)),
            (last, before, 2 * SIDE_BY_SIDE),
            (last, before, 2 * SIDE_BY_SIDE + 1),
        ],
    )
    return _stamped(build, stored, table)


def _row(table: Table, label: str) -> list[Cell] | None:
    return dict(table.rows).get(label)


def _cells_of(instroom, wait, back, out) -> list[Cell]:
    """A group's seven indicator cells from its rows in the four tables (None: no row)."""
    zero = Cell.count(0)
    within = back[0] if back else zero
    closed = back[1] if back else zero
    return [
        instroom[0] if instroom else zero,
        instroom[1] if instroom else zero,
        wait[1] if wait else Cell(None),
        within,
        Cell(_share(int(within.value or 0), int(closed.value or 0)), within.base),
        out[0] if out else zero,
        out[4] if out else Cell(None),
    ]


def empty_indicators() -> list[Cell]:
    """The cells of a group with nothing to count in the period."""
    return _cells_of(None, None, None, None)


def indicator_cells(period: Period, today: date, dimension: Dimension = TOTAL) -> dict:
    """{group label: the seven indicator cells} for the period, computed directly (what the
    summary stores); the region is the group "Totaal" of the split TOTAAL."""
    transitions = flow.transition_counts(period, dimension)
    tables = (
        flow.instroom(period, dimension, transitions),
        flow.time_to_first_placement(period, dimension),
        flow.terugkeer(period, dimension, transitions),
        stays.uitval(period, dimension, today),
    )
    groups = {label for table in tables for label, _cells in table.rows}
    if dimension is TOTAL:
        groups.add(summary.REGION_GROUP)
    return {group: _cells_of(*(_row(table, group) for table in tables)) for group in groups}


def _split_of(gemeente: str | None) -> tuple[str, str]:
    return ("totaal", summary.REGION_GROUP) if gemeente is None else ("gemeente", gemeente)


SPLITS = summary.SPLITS


def _stamped(build, stored: dict, table: Table) -> Table:
    """The table says the day its figures are as of when they came from the summary."""
    if build is not None and stored:
        table.as_of = build.as_of
    return table


INDICATOR_ROWS = (
    _l("Aanmeldingen"),
    _l("Heropend"),
    _l("Mediaan dagen van aanmelding tot eerste plaatsing"),
    _l("Heropend binnen 12 maanden"),
    _l("Terugkeer (% van afgesloten)"),
    _l("Onplanmatig beëindigd"),
    _l("Wisselingen per 1.000 dagen"),
)


def indicator_series(
    period: Period, today: date | None = None, gemeente: str | None = None, *, read=None
) -> Table:
    """The four indicators in each period and the change from the period before the last;
    the region's, or one gemeente's. Read from the summary where it covers the period."""
    today = today or date.today()
    periods = period.series(SIDE_BY_SIDE)
    split, group = _split_of(gemeente)
    build, stored = read or summary.read(periods, split, group)
    per_period = []
    for each in periods:
        if each in stored:
            cells = stored[each].indicators
        else:
            cells = indicator_cells(each, today, SPLITS[split]).get(group)
        per_period.append(cells or empty_indicators())
    rows = []
    for index, name in enumerate(INDICATOR_ROWS):
        cells = [values[index] for values in per_period]
        rows.append((str(name), [*cells, _change(cells[-1], cells[-2])]))
    last = SIDE_BY_SIDE - 1
    table = Table(
        "jaren_indicatoren",
        _("De vier indicatoren, perioden naast elkaar"),
        _(
            "Instroom, duur (tot de eerste plaatsing), terugkeer en uitval in elke periode, en "
            "de verandering ten opzichte van de periode ervoor."
        ),
        [*(each.label for each in periods), _("Verschil")],
        rows,
        chart_column=None,
        row_header=_("Indicator"),
        ratios=[(last, last - 1, SIDE_BY_SIDE)],
    )
    return _stamped(build, stored, table)


def series(period: Period, today: date | None = None, gemeente: str | None = None) -> list[Table]:
    """Both tables (the four indicators, then the verblijf mix) from one read of the summary;
    each series function takes that read as ``read`` instead of reading again."""
    split, group = _split_of(gemeente)
    read = summary.read(period.series(SIDE_BY_SIDE), split, group)
    return [
        indicator_series(period, today, gemeente, read=read),
        verblijf_series(period, today, gemeente, read=read),
    ]


# The detail table each indicator row opens (same order as INDICATOR_ROWS).
INDICATOR_DETAIL = (
    "instroom",
    "instroom",
    "aanmelding_plaatsing",
    "terugkeer",
    "terugkeer",
    "uitval",
    "uitval",
)


@dataclass(frozen=True)
class Headline:
    """One number of the first screen: its value in the period, the change from the period
    before, the values of the periods side by side (the small multiple) and its detail."""

    title: str
    value: Cell
    change: Cell
    history: list[tuple[str, Cell]]
    detail: str
    share: Cell | None = None


def headlines(indicators: Table, mix: Table) -> list[Headline]:
    labels = indicators.columns[:SIDE_BY_SIDE]
    found = []
    for (title, cells), detail in zip(indicators.rows, INDICATOR_DETAIL, strict=True):
        history = list(zip(labels, cells[:SIDE_BY_SIDE], strict=True))
        found.append(Headline(title, cells[SIDE_BY_SIDE - 1], cells[SIDE_BY_SIDE], history, detail))
    for title, cells in mix.rows:
        counts = cells[0 : 2 * SIDE_BY_SIDE : 2]
        history = list(zip(labels, counts, strict=True))
        found.append(
            Headline(
                title,
                counts[-1],
                cells[2 * SIDE_BY_SIDE + 1],
                history,
                "verblijf",
                share=cells[2 * SIDE_BY_SIDE - 1],
            )
        )
    return found
