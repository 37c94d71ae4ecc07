"""caseflow-history/2: optional goals, evaluations and placement tariffs — imported, checked and
exported; a caseflow-history/1 file still imports."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from caseflow.cases.models import Case
from caseflow.exchange.exporter import export_cases
from caseflow.exchange.importer import ImportRejected, import_history
from caseflow.extensions import db
from caseflow.outcome.models import Evaluation, Goal, GoalScore, GoalVersion
from caseflow.timeline.models import Placement, TimelineEvent
from tests.exchange_helpers import case, document, gemeenten, raw

GOALS = [
    {"id": "d1", "description": "Een vaste plek", "for": "jeugdige",
     "indicator": "Een jaar op één plek", "status": "actief", "recorded_on": "2023-03-01"},
    {"id": "d2", "description": "Weer naar school", "for": "jeugdige",
     "indicator": "Vier dagen per week", "status": "behaald", "recorded_on": "2023-03-01",
     "status_on": "2023-09-01"},
]
EVALUATIONS = [
    {"id": "v1", "on": "2023-05-01", "professionals": "Het gaat beter.",
     "child": {"view": "Ik wil hier blijven.", "score": 6, "missing": None},
     "parents": {"view": "", "score": None, "missing": "niet_gevraagd"},
     "scores": [{"goal": "d1", "score": 1}, {"goal": "d2", "score": 0}]},
]


def v2(**changes) -> dict:
    data = case(goals=copy.deepcopy(GOALS), evaluations=copy.deepcopy(EVALUATIONS), **changes)
    data["placements"][1]["tariff"] = {"kind": "per_dag", "amount": 52.5,
                                       "funding_gemeente": "Huizen"}
    return {"format": "caseflow-history/2", "cases": [data]}


@pytest.fixture
def region(app):
    gemeenten()


def _errors(doc: dict) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        import_history(raw(doc), None)
    assert db.session.scalar(select(func.count(Case.id))) == 0
    return [str(issue) for issue in caught.value.errors]


def test_a_caseflow_history_1_file_still_imports(region):
    report = import_history(raw(document()), None)
    assert report.created == ["GV-2023-0014"]
    assert db.session.scalar(select(func.count(Goal.id))) == 0
    assert all(p.tariff_kind is None for p in db.session.scalars(select(Placement)))


def test_version_2_stores_goals_evaluations_and_tariffs(region):
    import_history(raw(v2()), None)
    goals = db.session.scalars(select(Goal).order_by(Goal.number)).all()
    assert [(g.number, g.description, g.status) for g in goals] == [
        (1, "Een vaste plek", "actief"), (2, "Weer naar school", "behaald"),
    ]
    assert goals[1].status_since.date().isoformat() == "2023-09-01"
    assert db.session.scalar(select(func.count(GoalVersion.id))) == 2
    evaluation = db.session.scalar(select(Evaluation))
    assert evaluation.child_safety == 6 and evaluation.parents_missing == "niet_gevraagd"
    assert sorted((s.goal_id, s.score) for s in db.session.scalars(select(GoalScore))) == [
        (goals[0].id, 1), (goals[1].id, 0),
    ]
    event = db.session.get(TimelineEvent, evaluation.timeline_event_id)
    assert event.kind == "evaluatiemoment" and event.source == "import"
    placement = db.session.scalar(select(Placement).where(Placement.type == "pleegzorg"))
    assert placement.tariff_kind == "per_dag" and placement.tariff_amount == Decimal("52.50")
    assert placement.funding_gemeente_id is not None


def test_export_writes_version_2_and_reads_back_the_same(region):
    import_history(raw(v2()), None)
    exported = export_cases(db.session.scalars(select(Case)).all())
    assert exported["format"] == "caseflow-history/2"
    (document_,) = exported["cases"]
    assert [g["id"] for g in document_["goals"]] == ["d1", "d2"]
    assert document_["evaluations"][0]["scores"] == [
        {"goal": "d1", "score": 1}, {"goal": "d2", "score": 0},
    ]
    assert document_["evaluations"][0]["child"]["view"] == "Ik wil hier blijven."
    tariffs = [p["tariff"] for p in document_["placements"]]
    assert tariffs == [None, {"kind": "per_dag", "amount": 52.5, "funding_gemeente": "Huizen"}]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["cases"][0]["evaluations"][0]["scores"][0].update(score=3),
         "cases[0].evaluations[0].scores[0].score: waarde 3 ligt buiten het toegestane bereik"),
        (lambda d: d["cases"][0]["evaluations"][0]["child"].update(score=11),
         "cases[0].evaluations[0].child.score: waarde 11 ligt buiten het toegestane bereik"),
        (lambda d: d["cases"][0]["evaluations"][0]["scores"][0].update(goal="d9"),
         "cases[0].evaluations[0].scores[0].goal: onbekend doel 'd9'"),
        (lambda d: d["cases"][0]["evaluations"][0]["parents"].update(missing=None),
         "cases[0].evaluations[0].parents: geef de mening of score, of de reden dat die "
         "ontbreekt"),
        (lambda d: d["cases"][0]["placements"][1]["tariff"].update(funding_gemeente="Atlantis"),
         "cases[0].placements[1].tariff.funding_gemeente: onbekende gemeente 'Atlantis'"),
        (lambda d: d.update(format="caseflow-history/1"),
         "cases[0]: onbekend veld: evaluations, goals"),
    ],
)
def test_version_2_errors_are_reported_with_their_path(region, change, expected):
    doc = v2()
    change(doc)
    assert expected in _errors(doc)
