"""caseflow-history/2 carries the searches for a place (issue 25, optional, added later): needs,
weighing, requests and answers; checked all-or-nothing with Dutch messages naming the path,
exported and imported again; files without them (``/1`` too) import as before."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select

from caseflow.cases.models import Case
from caseflow.exchange.exporter import export_cases, select_cases
from caseflow.exchange.importer import ImportRejected, import_history
from caseflow.extensions import db
from caseflow.search.models import Search, SearchRequest, SearchRevision
from caseflow.search.services import Closing, close_search
from caseflow.timeline.placements import PlacementInput, start_placement
from tests.exchange_helpers import case, document, gemeenten, raw
from tests.roundtrip_helpers import differences, round_trip
from tests.search_helpers import answer, ask, days_ago, provider, searching_case

SEARCHES = [
    {
        "id": "z1",
        "opened_on": "2023-02-22",
        "care_types": ["gezinshuis"],
        "setting_needs": ["kleinschalig", "nabij_school"],
        "school": "De Regenboog",
        "region_preference": "buiten_regio",
        "weighing": "Geen plek in de regio; veiligheid eerst.",
        "network_contact": "Oma komt elke week.",
        "werving_status": "gestart",
        "closed_on": "2023-03-01",
        "close_kind": "plaatsing",
        "placement": "p1",
        "requests": [
            {
                "provider": "Woongroep De Kade",
                "care_type": "gezinshuis",
                "requested_on": "2023-02-22",
                "answer": "nee",
                "answered_on": "2023-02-23",
                "refusal_reason": "vol",
            },
            {
                "provider": "Gezinshuis De Vlinder",
                "care_type": "gezinshuis",
                "requested_on": "2023-02-23",
                "answer": "wachtlijst",
                "answered_on": "2023-02-24",
                "wait_weeks": 6,
            },
            {
                "provider": "Gezinshuis De Vlinder",
                "care_type": "gezinshuis",
                "reasked": True,
                "requested_on": "2023-02-25",
                "answer": "ja",
                "answered_on": "2023-02-27",
            },
        ],
    },
]


def _v2(*cases) -> dict:
    return {"format": "caseflow-history/2", "cases": list(cases)}


def _with_search(**changes) -> dict:
    return case(searches=copy.deepcopy(SEARCHES), **changes)


@pytest.fixture
def region(app):
    gemeenten()


def _rejected(data: dict) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        import_history(raw(data), None)
    assert db.session.scalar(select(func.count(Search.id))) == 0  # nothing stored
    assert db.session.scalar(select(func.count(Case.id))) == 0
    return [str(e) for e in caught.value.errors]


def test_searches_import_and_export_again(region):
    report = import_history(raw(_v2(_with_search())), None)
    assert report.counts["searches"] == 1
    assert any("Woongroep De Kade" in w.message for w in report.warnings)  # added as provider
    search = db.session.scalar(select(Search))
    assert search.region_preference == "buiten_regio" and search.close_kind == "plaatsing"
    assert search.placement_id is not None and search.opened_in_phase == "ret_bespreking"
    assert db.session.scalar(select(func.count(SearchRequest.id))) == 3
    assert db.session.scalar(select(SearchRevision.reason)) == "Geïmporteerd"
    exported = export_cases(select_cases())["cases"][0]["searches"]
    assert [r["answer"] for r in exported[0]["requests"]] == ["nee", "wachtlijst", "ja"]
    assert exported[0]["placement"] == "p1" and exported[0]["weighing"].startswith("Geen plek")


def test_files_without_searches_still_import(region):
    report = import_history(raw(document(case())), None)  # caseflow-history/1
    assert report.created == ["GV-2023-0014"]
    assert db.session.scalar(select(func.count(Search.id))) == 0
    assert "searches" not in export_cases(select_cases())["cases"][0]


def test_bad_searches_are_refused_with_their_path(region):
    data = _with_search()
    search = data["searches"][0]
    search["weighing"] = " "
    search["requests"][1]["answered_on"] = "2023-02-20"
    search["requests"][2]["reasked"] = False
    search["requests"][0]["refusal_reason"] = None
    errors = _rejected(_v2(data))
    assert "cases[0].searches[0].weighing: verplicht bij een keuze voor buiten de regio" in errors
    assert "cases[0].searches[0].requests[1].answered_on: ligt vóór de aanvraag" in errors
    assert any(e.startswith("cases[0].searches[0].requests[2].reasked:") for e in errors)
    assert any(e.startswith("cases[0].searches[0].requests[0].refusal_reason:") for e in errors)
    # the yes is still there: the placement that closed the search is not refused
    assert not any(e.startswith("cases[0].searches[0].placement") for e in errors)


def test_a_placement_must_follow_a_yes_and_exist(region):
    data = _with_search()
    data["searches"][0]["requests"][2]["answer"] = "nee"
    data["searches"][0]["requests"][2]["refusal_reason"] = "leeftijd"
    other = _with_search(ref="GV-2023-0015")
    other["searches"][0]["placement"] = "p9"
    errors = _rejected(_v2(data, other))
    assert any(
        e.startswith("cases[0].searches[0].placement: deze plaatsing volgt niet op") for e in errors
    )
    assert (
        "cases[1].searches[0].placement: onbekende plaatsing 'p9' (niet in 'placements')" in errors
    )


def test_schema_errors_name_the_path(region):
    data = _with_search()
    data["searches"][0]["requests"][0]["answer"] = "misschien"
    errors = _rejected(_v2(data))
    assert any(
        e.startswith("cases[0].searches[0].requests[0].answer: onbekende waarde") for e in errors
    )


def _a_case_with_a_search() -> None:
    case_, search, actor = searching_case(opened_days_ago=40)
    no, yes = provider("Aanbieder Nee"), provider("Aanbieder Ja")
    answer(ask(search, case_, actor, no, days=39), case_, actor, "nee", days=35, reason="vol")
    item = ask(search, case_, actor, yes, days=30)
    answer(item, case_, actor, "ja", days=20)
    placement = start_placement(
        case_,
        PlacementInput(
            type="gezinshuis",
            provider_name="Aanbieder Ja",
            start_date=days_ago(10),
            provider_id=yes.id,
        ),
        actor,
    )
    if search.is_open:  # the placement may have closed it already (a yes of that provider)
        close_search(search, case_, Closing("plaatsing", placement_id=placement.id), actor)


def test_round_trip_into_an_empty_database_keeps_the_search(app):
    first, second = round_trip(_a_case_with_a_search)
    assert first["cases"][0]["searches"][0]["close_kind"] == "plaatsing"
    assert len(first["cases"][0]["searches"][0]["requests"]) == 2
    assert differences(first, second) == []


def test_pseudonymised_export_renames_the_placement_it_names(app):
    _a_case_with_a_search()
    exported = export_cases(select_cases(), pseudonymise=True)["cases"][0]
    search = exported["searches"][0]
    assert search["id"] == "s1"
    assert search["placement"] == exported["placements"][0]["id"]
    json.dumps(exported)
