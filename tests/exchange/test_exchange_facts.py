"""caseflow-history/2 carries the case facts of issue 24 (optional, added later): legal
framework periods, siblings by ref and outside caseflow, a placement's ``contracted``;
imported, checked, exported again; files without them (``/1`` too) import as before."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, select

from caseflow.cases.fact_models import CaseFramework, SiblingLink, SiblingsOutside
from caseflow.cases.models import Case
from caseflow.exchange.exporter import export_cases
from caseflow.exchange.importer import ImportRejected, import_history
from caseflow.exchange.validator import schema
from caseflow.extensions import db
from caseflow.timeline.models import Placement
from tests.exchange_helpers import case, document, gemeenten, raw

FRAMEWORKS = [
    {"framework": "ondertoezichtstelling", "from": "2023-01-10", "until": "2023-12-31"},
    {"framework": "machtiging_gesloten_jeugdhulp", "from": "2023-03-01", "until": "2023-05-31"},
    {"framework": "vrijwillig", "from": "2024-01-01", "until": None},
]


def _v2(*cases) -> dict:
    return {"format": "caseflow-history/2", "cases": list(cases)}


def _with_facts(ref: str = "GV-2023-0014", siblings=(), **changes) -> dict:
    data = case(**{"ref": ref, "legal_frameworks": copy.deepcopy(FRAMEWORKS),
                   "siblings": list(siblings), "siblings_outside": 2, **changes})
    data["placements"][0]["contracted"] = True
    data["placements"][1]["contracted"] = False
    return data


@pytest.fixture
def region(app):
    gemeenten()


def test_facts_import_and_export_again(region):
    first = _with_facts("GV-2023-0014", siblings=["GV-2023-0015"])
    second = _with_facts("GV-2023-0015", siblings=["GV-2023-0014"], pseudonym="Sam")
    report = import_history(raw(_v2(first, second)), None)
    assert sorted(report.created) == ["GV-2023-0014", "GV-2023-0015"]
    assert not [w for w in report.warnings if "sibling" in w.path]
    assert db.session.scalar(select(func.count(CaseFramework.id))) == 6
    assert db.session.scalar(select(func.count(SiblingLink.id))) == 1  # both ways, once
    assert db.session.scalar(select(func.count(SiblingsOutside.id))) == 2
    contracted = dict(db.session.execute(select(Placement.type, Placement.contracted)).all())
    assert contracted == {"gezinshuis": True, "pleegzorg": False}
    exported = export_cases(list(db.session.scalars(select(Case).order_by(Case.reference))))
    one = exported["cases"][0]
    assert one["legal_frameworks"] == FRAMEWORKS
    assert one["siblings"] == ["GV-2023-0015"] and one["siblings_outside"] == 2
    assert [p.get("contracted") for p in one["placements"]] == [True, False]
    pseudonymised = export_cases([db.session.scalar(select(Case).limit(1))], pseudonymise=True)
    assert "siblings" not in pseudonymised["cases"][0]


def test_the_schema_names_the_new_fields_and_a_version_1_file_still_imports(region):
    defs = schema()["$defs"]
    assert {"legal_frameworks", "siblings", "siblings_outside"} <= set(defs["case"]["properties"])
    assert "contracted" in defs["placement"]["properties"]
    report = import_history(raw(document()), None)
    assert report.created == ["GV-2023-0014"]
    assert db.session.scalar(select(func.count(CaseFramework.id))) == 0
    exported = export_cases(list(db.session.scalars(select(Case))))["cases"][0]
    assert "legal_frameworks" not in exported and "contracted" not in exported["placements"][0]


def test_an_unknown_sibling_is_a_warning_and_an_update_adds_no_period_twice(region):
    report = import_history(raw(_v2(_with_facts(siblings=["GV-2099-0001"]))), None)
    assert any("GV-2099-0001" in str(w) for w in report.warnings)
    assert db.session.scalar(select(func.count(SiblingLink.id))) == 0
    import_history(raw(_v2(_with_facts(siblings_outside=3))), None, update=True)
    assert db.session.scalar(select(func.count(CaseFramework.id))) == 3
    counts = db.session.scalars(select(SiblingsOutside.count).order_by(SiblingsOutside.id)).all()
    assert counts == [2, 3]


@pytest.mark.parametrize(
    ("periods", "path"),
    [
        ([{"framework": "voogdij", "from": "2023-05-01", "until": "2023-04-01"}],
         "legal_frameworks[0].until"),
        ([{"framework": "vrijwillig", "from": "2023-01-10"},
          {"framework": "voogdij", "from": "2023-05-01"}], "legal_frameworks[1].from"),
        ([{"framework": "geen", "from": "2023-01-10"}], "legal_frameworks[0].framework"),
    ],
)
def test_wrong_periods_are_refused_and_nothing_is_stored(region, periods, path):
    with pytest.raises(ImportRejected) as caught:
        import_history(raw(_v2(case(legal_frameworks=periods))), None)
    assert any(path in str(issue) for issue in caught.value.errors), caught.value.errors
    assert db.session.scalar(select(func.count(Case.id))) == 0
