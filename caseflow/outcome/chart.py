"""The case's outcome chart: the child's and parents' scores and the mean goal attainment over
time, with the starts of placements as context (before/after each placement). Server-rendered SVG
by pygal, without script, as the monitor's charts."""

from __future__ import annotations

from datetime import date

import pygal
from flask_babel import gettext as _

from caseflow.core.charts import chart_day, new_chart, render
from caseflow.outcome.models import Evaluation
from caseflow.timeline.models import Placement, PlacementType
from caseflow.timeline.vocab import PLACEMENT_TYPE_LABELS

COLOURS = ("#1c5d99", "#b35c00", "#2e7d32", "#6c757d")


def mean_gas(evaluation: Evaluation) -> float | None:
    scores = [s.score for s in evaluation.scores]
    return round(sum(scores) / len(scores), 2) if scores else None


def outcome_svg(evaluations: list[Evaluation], placements: list[Placement]) -> str:
    chart = new_chart(
        pygal.DateLine,
        colours=COLOURS,
        height=340,
        range=(0, 10),
        secondary_range=(-2, 2),
        show_dots=True,
        dots_size=4,
        x_label_rotation=20,
        x_value_formatter=chart_day,
        legend_at_bottom=True,
        title=_("Veiligheid, ouders en doelrealisatie in de tijd"),
    )
    child = [(e.held_on, e.child_safety) for e in evaluations if e.child_safety is not None]
    parents = [(e.held_on, e.parents_score) for e in evaluations if e.parents_score is not None]
    gas = [(e.held_on, mean_gas(e)) for e in evaluations if mean_gas(e) is not None]
    chart.add(_("Veiligheid volgens de jeugdige (0–10)"), child or [None])
    chart.add(_("Ouders (0–10)"), parents or [None])
    chart.add(_("Gemiddelde doelscore (−2 tot +2, rechts)"), gas or [None], secondary=True)
    first = min((e.held_on for e in evaluations), default=date.today())
    starts = [
        {
            "value": (p.start_date, 0),
            "label": f"{PLACEMENT_TYPE_LABELS[PlacementType(p.type)]}",
        }
        for p in placements
        if p.start_date >= _year_before(first)
    ]
    chart.add(_("Start plaatsing"), starts or [None], stroke=False, dots_size=7)
    return render(chart)


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1) if not (day.month == 2 and day.day == 29) else (
        date(day.year - 1, 2, 28)
    )
