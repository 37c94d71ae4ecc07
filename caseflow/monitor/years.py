"""Periods side by side (seed 004 compares 2020-2023): the verblijf mix and the four indicators
(instroom, duur, terugkeer, uitval) over the last four periods, with counts, shares and the
change from the period before. The first screen's headline numbers come from these tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from caseflow.monitor import flow, stays
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


def _total(table: Table, index: int) -> Cell:
    rows = dict(table.rows)
    return rows["Totaal"][index] if "Totaal" in rows else Cell.count(0)


def verblijf_series(period: Period, today: date | None = None) -> Table:
    """Unique children per kind of verblijf in each period, their share of the total and the
    change of both from the period before the last."""
    today = today or date.today()
    periods = period.series(SIDE_BY_SIDE)
    counted = [
        {kind: int(values[0] or 0) for (_g, kind), values in
         by_type(each, TOTAL, today, func.count(Placement.case_id.distinct())).items()}
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
        *((str(PLACEMENT_TYPE_LABELS[k]), [found.get(k.value, 0) for found in counted])
          for k in kinds),
        (_("Totaal"), totals),
    ]:
        cells: list[Cell] = []
        for value, whole in zip(values, totals, strict=True):
            cells += [Cell.count(value), Cell(_share(value, whole), value)]
        now_share, before_share = cells[-1].value, cells[-3].value
        share_change = (
            None if now_share is None or before_share is None
            else round(now_share - before_share, 1)
        )
        cells += [
            _change(cells[-2], cells[-4]),
            Cell(share_change, min(values[-1], values[-2]) or None),
        ]
        rows.append((label, cells))
    last, before = 2 * (SIDE_BY_SIDE - 1), 2 * (SIDE_BY_SIDE - 2)
    return Table(
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


def _indicators(period: Period, today: date) -> list[Cell]:
    transitions = flow.transition_counts(period, TOTAL)
    instroom = flow.instroom(period, TOTAL, transitions)
    wait = flow.time_to_first_placement(period, TOTAL)
    back = flow.terugkeer(period, TOTAL, transitions)
    out = stays.uitval(period, TOTAL, today)
    within, closed = _total(back, 0), _total(back, 1)
    return [
        _total(instroom, 0),
        _total(instroom, 1),
        _total(wait, 1) if wait.rows else Cell(None),
        within,
        Cell(_share(int(within.value or 0), int(closed.value or 0)), within.base),
        _total(out, 0),
        _total(out, 4) if out.rows else Cell(None),
    ]


INDICATOR_ROWS = (
    _l("Aanmeldingen"),
    _l("Heropend"),
    _l("Mediaan dagen van aanmelding tot eerste plaatsing"),
    _l("Heropend binnen 12 maanden"),
    _l("Terugkeer (% van afgesloten)"),
    _l("Onplanmatig beëindigd"),
    _l("Wisselingen per 1.000 dagen"),
)


def indicator_series(period: Period, today: date | None = None) -> Table:
    """The four indicators in each period and the change from the period before the last."""
    today = today or date.today()
    periods = period.series(SIDE_BY_SIDE)
    per_period = [_indicators(each, today) for each in periods]
    rows = []
    for index, name in enumerate(INDICATOR_ROWS):
        cells = [values[index] for values in per_period]
        rows.append((str(name), [*cells, _change(cells[-1], cells[-2])]))
    last = SIDE_BY_SIDE - 1
    return Table(
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


# The detail table each indicator row opens (same order as INDICATOR_ROWS).
INDICATOR_DETAIL = (
    "instroom", "instroom", "aanmelding_plaatsing", "terugkeer", "terugkeer", "uitval", "uitval",
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
                title, counts[-1], cells[2 * SIDE_BY_SIDE + 1], history, "verblijf",
                share=cells[2 * SIDE_BY_SIDE - 1],
            )
        )
    return found
