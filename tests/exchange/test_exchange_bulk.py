"""10,000 cases in one import: one transaction, a progress bar, queries per batch, not per row."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from caseflow.cases.models import Case, PhaseTransition
from caseflow.extensions import db
from caseflow.timeline.models import Placement, TimelineEvent
from tests.exchange_helpers import gemeenten

COUNT = 10_000


def _case(number: int) -> dict:
    return {
        "ref": f"GV-2021-{number:05d}",
        "pseudonym": f"Kind {number}",
        "birth_year": 2010,
        "birth_month": 1 + number % 12,
        "gemeente": "Huizen",
        "referrer": "gemeente",
        "problem_areas": ["gedrag"],
        "question": "Hulpvraag",
        "phases": [
            {"phase": "aanmelding", "on": "2021-02-01"},
            {"phase": "verklarende_analyse", "on": "2021-03-01"},
        ],
        "placements": [{"type": "pleegzorg", "provider": "Pleegzorg Gooi", "start": "2020-05-01"}],
        "events": [{"on": "2021-02-10", "kind": "gesprek", "title": "Kennismaking"}],
    }


def test_ten_thousand_cases_in_one_bulk_import(app, runner, tmp_path, count_queries):
    gemeenten()
    path = tmp_path / "groot.json"
    cases = [_case(n) for n in range(1, COUNT + 1)]
    path.write_text(json.dumps({"format": "caseflow-history/1", "cases": cases}))
    with count_queries() as queries:
        result = runner.invoke(args=["cases", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert f"Aangemaakt: {COUNT} casussen" in result.output
    assert "Casussen" in result.output  # the progress bar's label
    batches = COUNT // 500
    assert len(queries) < 25 * batches + 50, "queries per batch of cases, not per case"

    def count(model) -> int:
        return db.session.scalar(select(func.count()).select_from(model))

    assert count(Case) == COUNT
    assert count(PhaseTransition) == 2 * COUNT
    assert count(Placement) == COUNT
    assert count(TimelineEvent) == 4 * COUNT  # two phase events, a placement start, the event
