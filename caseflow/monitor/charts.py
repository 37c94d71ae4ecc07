"""Charts of the monitor, drawn by pygal as SVG on the server. Suppressed cells (<5) are left
out of the bars; the table under each chart shows the same figures."""

from __future__ import annotations

import pygal
from flask_babel import gettext as _

from caseflow.core.charts import STYLE, new_chart, render
from caseflow.monitor.tables import Table, format_number

__all__ = ["STYLE", "table_chart", "trend_chart"]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    value = float(value)
    return format_number(int(value), 0) if value.is_integer() else format_number(round(value, 1), 1)


def _in_reader_language() -> dict:
    """pygal's own words and numbers are English ("No data", 1,234.5): the reader's instead."""
    return {"no_data_text": _("Geen gegevens"), "value_formatter": _number}


def table_chart(table: Table, column: int | None = None) -> str:
    column = table.chart_column if column is None else column
    chart = new_chart(
        pygal.HorizontalBar,
        show_legend=False,
        print_values=True,
        height=max(220, 60 + 34 * len(table.rows)),
        title=f"{table.title}: {table.columns[column]}",
        **_in_reader_language(),
    )
    labels = [label for label, _cells in table.rows][::-1]
    chart.x_labels = labels
    values = []
    for _label, cell in table.column_values(column)[::-1]:
        values.append({"value": cell.chart_value, "label": cell.display()})
    chart.add(table.columns[column], values)
    return render(chart)


def trend_chart(title: str, series: list[tuple[str, list[tuple[str, int | None]]]]) -> str:
    """Lines over periods; ``series`` = [(name, [(period label, value or None)])]."""
    chart = new_chart(
        pygal.Line, height=320, title=title, show_dots=True, dots_size=4, **_in_reader_language()
    )
    if series:
        chart.x_labels = [label for label, _value in series[0][1]]
    for name, points in series:
        chart.add(name, [value for _label, value in points])
    return render(chart)
