"""The backtest's pictures, drawn by pygal as SVG on the server (no script): each signal's
precision against how many open cases it flags, next to the base rate and 3× the base rate (a
signal above the base-rate line is better than chance), and recall against the flag rate (the
trade-off the chair makes: the 70% recall and 25% flag-rate targets drawn in)."""

from __future__ import annotations

import re

import pygal
from flask_babel import gettext as _
from pygal.style import Style

from caseflow.risk.backtest import BacktestResult, RuleRow
from caseflow.risk.rules import HOOG, MIDDEN
from caseflow.risk.vocab import code_label

STYLE = Style(
    background="white", plot_background="white", foreground="#212529",
    foreground_strong="#212529", foreground_subtle="#6c757d",
    colors=("#b02a37", "#1c5d99", "#6c757d", "#b35c00", "#198754", "#adb5bd"),
    font_family="system-ui, sans-serif", label_font_size=13, major_label_font_size=13,
    title_font_size=16, value_font_size=12,
)
_SCRIPT = re.compile(r"<script.*?</script>", re.DOTALL)
KINDS = ("precisie", "recall")


def _pct(value: float | None) -> float:
    return round((value or 0) * 100, 1)


def _rows(result: BacktestResult) -> list[tuple[str, RuleRow]]:
    return [(str(r.code), r) for r in result.rules if r.months]


def chart(result: BacktestResult, kind: str, label=str) -> str:
    """``kind`` "precisie" (calibration against the base rate) or "recall" (trade-off)."""
    chart = pygal.XY(
        style=STYLE, js=[], disable_xml_declaration=True, explicit_size=False, width=900,
        height=560, stroke=False, dots_size=5, show_legend=True, legend_at_bottom=True,
        legend_at_bottom_columns=2, truncate_legend=-1,
        x_title=_("Signaleringsgraad: deel van de open casussen met het signaal (%)"),
        y_title=_("Precisie (%)") if kind == "precisie" else _("Recall (%)"),
        title=_("Precisie tegenover signaleringsgraad") if kind == "precisie"
        else _("Recall tegenover signaleringsgraad"),
        range=(0, 100), xrange=(0, 100),
    )

    def y(row_recall: float | None, row_precision: float | None) -> float:
        return _pct(row_precision if kind == "precisie" else row_recall)

    chart.add(_("Signaal zoals getoond (hoog of midden)"), [{
        "value": (_pct(result.flag_rate), y(result.recall, result.precision)),
        "label": _("Signaal zoals getoond")}], dots_size=9)
    chart.add(_("Basislijn: 3 of meer plaatsingen in 12 maanden"), [{
        "value": (_pct(result.baseline.months / result.case_months if result.case_months else 0),
                  y(result.rule_recall(result.baseline), result.baseline.precision)),
        "label": _("Basislijn")}], dots_size=7)
    for severity in (HOOG, MIDDEN, None):
        rows = [(code, r) for code, r in _rows(result)
                if (r.severity == severity) or (severity is None and r.severity not in
                                                (HOOG, MIDDEN))]
        chart.add(_("Regels met ernst %(severity)s", severity=label(severity))
                  if severity else _("Regels die niet als signaal getoond worden"), [{
                      "value": (_pct(r.months / result.case_months), y(result.rule_recall(r),
                                                                       r.precision)),
                      "label": code_label(code)} for code, r in rows])
    if kind == "precisie":
        base = _pct(result.base_rate)
        chart.add(_("Basiskans (toeval)"), [(0, base), (100, base)], stroke=True, show_dots=False)
        chart.add(_("3 × basiskans (doel)"), [(0, min(100, 3 * base)), (100, min(100, 3 * base))],
                  stroke=True, show_dots=False, stroke_style={"dasharray": "6,4"})
    else:
        chart.add(_("Doel: recall 70%, signaleringsgraad hoogstens 25%"),
                  [(0, 70), (25, 70), (25, 0)], stroke=True, show_dots=False,
                  stroke_style={"dasharray": "6,4"})
    return _SCRIPT.sub("", chart.render(is_unicode=True))
