"""Charts of the monitor, drawn by pygal as SVG on the server. Suppressed cells (<5) are left
out of the bars; the table under each chart shows the same figures."""

from __future__ import annotations

import re

import pygal
from pygal.style import Style

from caseflow.monitor.tables import Table

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#1c5d99", "#b35c00"),
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    title_font_size=16,
    value_font_size=12,
)
_SCRIPT = re.compile(r"<script.*?</script>", re.DOTALL)


def _render(chart) -> str:
    # pygal adds a script for hover effects; the charts must work without any script.
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def table_chart(table: Table, column: int | None = None) -> str:
    column = table.chart_column if column is None else column
    chart = pygal.HorizontalBar(
        style=STYLE,
        js=[],
        disable_xml_declaration=True,
        show_legend=False,
        print_values=True,
        width=900,
        height=max(220, 60 + 34 * len(table.rows)),
        title=f"{table.title}: {table.columns[column]}",
        explicit_size=False,
    )
    labels = [label for label, _cells in table.rows][::-1]
    chart.x_labels = labels
    values = []
    for _label, cell in table.column_values(column)[::-1]:
        values.append({"value": cell.chart_value, "label": cell.display()})
    chart.add(table.columns[column], values)
    return _render(chart)


def trend_chart(title: str, series: list[tuple[str, list[tuple[str, int | None]]]]) -> str:
    """Lines over periods; ``series`` = [(name, [(period label, value or None)])]."""
    chart = pygal.Line(
        style=STYLE,
        js=[],
        disable_xml_declaration=True,
        width=900,
        height=320,
        title=title,
        show_dots=True,
        dots_size=4,
        explicit_size=False,
    )
    if series:
        chart.x_labels = [label for label, _value in series[0][1]]
    for name, points in series:
        chart.add(name, [value for _label, value in points])
    return _render(chart)
