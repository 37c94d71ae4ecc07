"""The outcome around a placement (seed 001: "is veiligheidsgevoel verbeterd na
uithuisplaatsing?"): per child whose first placement in the period started then, the last
safety score and goal attainment before the placement against those 3 and 12 months after."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.monitor.dimensions import label_of, order_key, split
from caseflow.monitor.periods import Dimension, Period
from caseflow.monitor.tables import Cell, Table
from caseflow.outcome.models import Evaluation, GoalScore
from caseflow.timeline.models import Placement

# "3 months after": the last score in the first 3 months; "12 months": the last in months 4-12.
THREE_MONTHS, TWELVE_MONTHS = timedelta(days=91), timedelta(days=365)


def _starts(period: Period, dimension: Dimension, today: date) -> dict[int, tuple]:
    """{case_id: (group, first start in the period)}; a child under a split of two values
    (two problem areas) keeps the first."""
    query, label = split(
        select(Case.id).select_from(Placement).join(Case, Case.id == Placement.case_id),
        dimension, period, placed=True,
    )
    query = query.with_only_columns(Placement.case_id, label, Placement.start_date).where(
        Placement.retracted_at.is_(None),
        Placement.start_date >= period.start,
        Placement.start_date < period.end,
        Placement.start_date <= today,
    ).order_by(Placement.case_id, Placement.start_date, Placement.id)
    found: dict[int, tuple] = {}
    for case_id, group, start in db.session.execute(query):
        found.setdefault(case_id, (group, start))
    return found


def _evaluations(case_ids: list[int], today: date) -> dict[int, list[tuple]]:
    """{case_id: [(held_on, safety, mean goal score)]} in date order."""
    query = (
        select(
            Evaluation.case_id, Evaluation.held_on, Evaluation.child_safety,
            func.avg(GoalScore.score * 1.0),
        )
        .outerjoin(GoalScore, GoalScore.evaluation_id == Evaluation.id)
        .where(Evaluation.case_id.in_(case_ids), Evaluation.held_on <= today)
        .group_by(Evaluation.id, Evaluation.case_id, Evaluation.held_on, Evaluation.child_safety)
        .order_by(Evaluation.case_id, Evaluation.held_on, Evaluation.id)
    )
    found: dict[int, list[tuple]] = {}
    for case_id, held_on, safety, score in db.session.execute(query):
        found.setdefault(case_id, []).append(
            (held_on, safety, None if score is None else float(score))
        )
    return found


def _last(rows: list[tuple], index: int, after: date | None, until: date) -> float | None:
    values = [r[index] for r in rows if (after is None or r[0] > after) and r[0] <= until
              and r[index] is not None]
    return float(values[-1]) if values else None


def _mean(values: list[float]) -> Cell:
    return Cell(round(sum(values) / len(values), 2) if values else None, len(values))


def placement_outcome(period: Period, dimension: Dimension, today: date | None = None) -> Table:
    today = today or date.today()
    starts = _starts(period, dimension, today)
    evaluations = _evaluations(list(starts), today) if starts else {}
    groups: dict[object, dict[str, list[float]]] = {}
    for case_id, (group, start) in starts.items():
        rows = evaluations.get(case_id, [])
        figures = groups.setdefault(group, {"n": []})
        figures["n"].append(1.0)
        for index, name in ((1, "safety"), (2, "goals")):
            before = _last(rows, index, None, start)
            three = _last(rows, index, start, start + THREE_MONTHS)
            twelve = _last(rows, index, start + THREE_MONTHS, start + TWELVE_MONTHS)
            for key, value in (("before", before), ("3", three), ("12", twelve)):
                if value is not None:
                    figures.setdefault(f"{name}_{key}", []).append(value)
            if name == "safety" and before is not None and twelve is not None:
                figures.setdefault("safety_change", []).append(twelve - before)
    table_rows = []
    for group in sorted(groups, key=lambda g: order_key(dimension, g)):
        f = groups[group]
        table_rows.append((label_of(dimension, group), [
            Cell.count(len(f["n"])),
            *(_mean(f.get(f"safety_{k}", [])) for k in ("before", "3", "12")),
            _mean(f.get("safety_change", [])),
            *(_mean(f.get(f"goals_{k}", [])) for k in ("before", "3", "12")),
        ]))
    return Table(
        "rond_plaatsing",
        _("Uitkomst rond de plaatsing"),
        _(
            "Kinderen van wie een plaatsing in de periode begon: de laatste veiligheidsscore "
            "van de jeugdige en de gemiddelde doelscore vóór de plaatsing, in de eerste 3 "
            "maanden erna en in maand 4 tot 12 erna, en de verandering van de veiligheid van "
            "vóór tot 12 maanden erna (alleen kinderen met beide scores)."
        ),
        [
            _("Geplaatste kinderen"),
            _("Veiligheid vóór"),
            _("Veiligheid na 3 maanden"),
            _("Veiligheid na 12 maanden"),
            _("Verandering veiligheid (vóór → 12 maanden)"),
            _("Doelscore vóór"),
            _("Doelscore na 3 maanden"),
            _("Doelscore na 12 maanden"),
        ],
        table_rows,
        chart_column=4,
    )


__all__ = ["placement_outcome"]
