"""The one pygal set-up of caseflow's charts (the monitor's and the case's outcome chart):
server-rendered SVG in the house style, without any script, served under a strict policy."""

from __future__ import annotations

import re
from typing import Any

import pygal
from flask import Response
from flask_babel import gettext as _
from pygal.style import Style

from caseflow.core.formatting import day, number

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
# Charts are images: no script at all, only the chart's own inline <style> (pygal draws with CSS).
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"
_SCRIPT = re.compile(r"<script.*?</script>", re.DOTALL)


def chart_day(value: Any) -> str:
    """A date on a chart's axis: the medium form of the whole UI ("5 mrt 2026" / "Mar 5, 2026")."""
    return day(value)


def new_chart(kind: type, *, colours: tuple[str, ...] | None = None, **options: Any) -> Any:
    """A pygal chart of ``kind`` (``pygal.Line``, ``pygal.HorizontalBar``…) in the house style,
    900 wide and scaling with the page; ``options`` add to or override that. Texts pygal writes
    itself (the empty chart's "No data", numbers on the axes and values) follow the reader's
    language; titles, legends and axis labels are given translated by each chart builder."""
    style = STYLE if colours is None else Style(**{**STYLE.to_dict(), "colors": colours})
    settings = {
        "style": style,
        "js": [],
        "disable_xml_declaration": True,
        "width": 900,
        "explicit_size": False,
        "no_data_text": _("Geen gegevens"),
        "value_formatter": number,
        **options,
    }
    return kind(**settings)


def render(chart: Any) -> str:
    # pygal adds a script for hover effects; the charts must work without any script.
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def svg_response(svg: str) -> Response:
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = CHART_CSP
    return response


__all__ = [
    "CHART_CSP", "STYLE", "chart_day", "new_chart", "number", "pygal", "render", "svg_response",
]
