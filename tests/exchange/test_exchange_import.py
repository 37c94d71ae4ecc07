"""Importing caseflow-history/1: what is stored, and every kind of error with its JSON path."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from caseflow.cases.models import Case, ExplanatoryAnalysis, PhaseTransition
from caseflow.exchange import validator
from caseflow.exchange.importer import ImportRejected, import_history
from caseflow.exchange.models import ExchangeCase
from caseflow.extensions import db
from caseflow.timeline.models import Placement, TimelineEvent
from tests.exchange_helpers import case, document, gemeenten, raw, stored_counts


@pytest.fixture
def region(app):
    gemeenten()


def _rejected(data: bytes, **kwargs) -> list[str]:
    before = stored_counts()
    with pytest.raises(ImportRejected) as caught:
        import_history(data, None, **kwargs)
    assert stored_counts() == before, "nothing may be stored"
    return [str(issue) for issue in caught.value.errors]


def test_a_valid_file_stores_the_history_as_imported(region):
    report = import_history(raw(document()), None)
    assert report.created == ["GV-2023-0014"]
    stored = db.session.scalar(select(Case).where(Case.reference == "GV-2023-0014"))
    assert stored.phase == "blijven_volgen"
    assert stored.phase_since.date() == date(2023, 3, 2)
    assert stored.registered_on == date(2023, 1, 10)
    assert stored.follow_up_due_on is not None
    transitions = db.session.scalars(
        select(PhaseTransition).where(PhaseTransition.case_id == stored.id)
        .order_by(PhaseTransition.id)  # PostgreSQL gives no order unless asked
    ).all()
    assert [t.to_phase for t in transitions][-1] == "blijven_volgen"
    assert all(t.imported for t in transitions)
    assert transitions[1].trigger == "start_analyse"
    placements = db.session.scalars(select(Placement).where(Placement.case_id == stored.id)).all()
    assert all(p.imported for p in placements) and len(placements) == 2
    events = db.session.scalars(
        select(TimelineEvent).where(TimelineEvent.case_id == stored.id)
    ).all()
    assert {e.source for e in events} == {"import"}
    assert len({e.imported_at for e in events}) == 1  # the import's own time, kept apart
    # ... and each known from its own date (issue 19.3): noon of the day it happened
    assert {e.recorded_at.date() for e in events} == {e.occurred_on for e in events}
    assert db.session.get(ExchangeCase, stored.id).consent_retrospective is True
    assert db.session.scalar(
        select(ExplanatoryAnalysis.version_number).where(ExplanatoryAnalysis.case_id == stored.id)
    ) == 1


def test_dry_run_stores_nothing(region):
    before = stored_counts()
    report = import_history(raw(document()), None, dry_run=True)
    assert report.created == ["GV-2023-0014"] and report.counts["placements"] == 2
    assert stored_counts() == before


def test_invalid_json(region):
    assert _rejected(b'{"format": "caseflow-history/1", "cases": [')[0].startswith(
        "$: geen geldige JSON (regel 1"
    )


def test_wrong_format_tag(region):
    errors = _rejected(raw({"format": "caseflow-history/3", "cases": []}))
    assert errors == [  # every error at once, sorted by path
        "cases: het bestand bevat geen casussen",
        "format: het formaat is \"caseflow-history/3\"; verwacht 'caseflow-history/1' of "
        "'caseflow-history/2'",
    ]


def test_unknown_identifiers(region):
    bad = case()
    bad["placements"][1]["type"] = "hotel"
    bad["events"][0]["kind"] = "feest"
    bad["problem_areas"] = ["trauma", "pech"]
    errors = _rejected(raw(document(bad)))
    expected = 'cases[0].placements[1].type: onbekende waarde "hotel"'
    assert any(e.startswith(expected) for e in errors)
    assert any(e.startswith('cases[0].events[0].kind: onbekende waarde "feest"') for e in errors)
    assert any(e.startswith('cases[0].problem_areas[1]: onbekende waarde "pech"') for e in errors)


def test_unknown_gemeente(region):
    errors = _rejected(raw(document(case(gemeente="Atlantis"))))
    assert errors == ["cases[0].gemeente: onbekende gemeente 'Atlantis' (niet in de lijst)"]


def test_impossible_phase_order(region):
    bad = case()
    bad["phases"][3]["phase"] = "evaluatie"
    errors = _rejected(raw(document(bad)))
    assert (
        "cases[0].phases[3].phase: van 'ret_bespreking' naar 'evaluatie' is geen toegestane stap "
        "in de fasen"
    ) in errors


def test_history_must_start_at_aanmelding(region):
    bad = case()
    bad["phases"] = bad["phases"][1:]
    assert "cases[0].phases[0].phase: een casus begint met de fase 'aanmelding'" in _rejected(
        raw(document(bad))
    )


def test_dates_out_of_order(region):
    bad = case()
    bad["placements"][0]["end"] = "2023-02-01"
    bad["phases"][2]["on"] = "2023-01-01"
    bad["members"][0]["until"] = "2022-12-31"
    errors = _rejected(raw(document(bad)))
    assert "cases[0].placements[0].end: eindigt vóór de start" in errors
    assert "cases[0].phases[2].on: ligt vóór de vorige fase" in errors
    assert "cases[0].members[0].until: eindigt vóór de start" in errors


def test_overlapping_placements(region):
    bad = case()
    bad["placements"][1]["start"] = "2023-05-01"
    errors = _rejected(raw(document(bad)))
    assert errors == [
        "cases[0].placements[1].start: overlapt met placements[0] (gezinshuis vanaf 2023-03-01); "
        "alleen kortdurend verblijf mag overlappen"
    ]


def test_a_short_stay_may_overlap(region):
    ok = case()
    ok["placements"][1].update(type="kortdurend_verblijf", start="2023-05-01")
    import_history(raw(document(ok)), None)


def test_wrong_types(region):
    bad = case(birth_year="2009", in_care=True)
    bad["placements"][0]["in_region"] = "ja"
    errors = _rejected(raw(document(bad)))
    assert "cases[0].birth_year: verkeerd type: verwacht geheel getal" in errors
    assert "cases[0].placements[0].in_region: verkeerd type: verwacht true of false" in errors
    assert "cases[0]: onbekend veld: in_care" in errors


def test_missing_fields(region):
    bad = case()
    del bad["pseudonym"]
    del bad["events"][0]["title"]
    errors = _rejected(raw(document(bad)))
    assert "cases[0].pseudonym: verplicht veld ontbreekt" in errors
    assert "cases[0].events[0].title: verplicht veld ontbreekt" in errors


def test_impossible_dates(region):
    bad = case()
    bad["events"][0]["on"] = "2023-02-30"
    bad["placements"][0]["start"] = "1-3-2023"
    errors = _rejected(raw(document(bad)))
    assert "cases[0].events[0].on: geen bestaande datum" in errors
    assert "cases[0].placements[0].start: geen geldige datum (JJJJ-MM-DD)" in errors


def test_every_error_of_every_case_is_reported(region):
    first = case(gemeente="Atlantis")
    second = case(ref="GV-2023-0015", birth_month=13)
    errors = _rejected(raw(document(first, second)))
    assert errors == [
        "cases[0].gemeente: onbekende gemeente 'Atlantis' (niet in de lijst)",
        "cases[1].birth_month: waarde 13 ligt buiten het toegestane bereik",
    ]


def test_a_file_of_50_mb_is_refused_before_parsing(region):
    big = b" " * validator.MAX_BYTES
    errors = _rejected(big)
    assert errors[0].startswith("$: het bestand is te groot (50.0 MB); de grens is 50 MB")


def test_the_same_reference_twice_is_refused(region):
    import_history(raw(document()), None)
    errors = _rejected(raw(document()))
    assert errors == [
        "cases[0].ref: bestaat al in caseflow; importeer met --update om alleen nieuwe "
        "onderdelen toe te voegen"
    ]
    duplicate = _rejected(raw(document(case(ref="GV-2024-0001"), case(ref="GV-2024-0001"))))
    assert duplicate == ["cases[1].ref: komt al eerder voor in dit bestand (cases[0])"]


def test_update_adds_only_what_is_new(region):
    import_history(raw(document()), None)
    before = stored_counts()
    later = case()
    later["events"].append({"id": "e2", "on": "2023-07-01", "kind": "gesprek", "title": "Gesprek"})
    later["phases"].append({"id": "f6", "phase": "evaluatie", "on": "2023-08-01"})
    report = import_history(raw(document(later)), None, update=True)
    assert report.updated == ["GV-2023-0014"]
    assert report.counts["events"] == 1 and report.counts["phases"] == 1
    after = stored_counts()
    assert after["TimelineEvent"] == before["TimelineEvent"] + 2  # the event and the phase event
    assert after["Placement"] == before["Placement"]
    stored = db.session.scalar(select(Case).where(Case.reference == "GV-2023-0014"))
    assert stored.phase == "evaluatie"
    again = import_history(raw(document(later)), None, update=True)
    assert sum(again.counts.values()) == 0


def test_update_checks_the_graph_from_the_stored_phase(region):
    import_history(raw(document()), None)
    later = case()
    later["phases"].append({"id": "f6", "phase": "plaatsing", "on": "2023-08-01"})
    errors = _rejected(raw(document(later)), update=True)
    assert errors == [
        "cases[0].phases[5].phase: van 'blijven_volgen' naar 'plaatsing' is geen toegestane "
        "stap in de fasen"
    ]


def test_schema_enums_match_the_domain():
    from caseflow.cases.vocab import ProblemArea, ReferrerType
    from caseflow.timeline.models import PlacementType

    defs = validator.schema()["$defs"]
    assert defs["case"]["properties"]["referrer"]["enum"] == [r.value for r in ReferrerType]
    areas = defs["case"]["properties"]["problem_areas"]["items"]["enum"]
    assert areas == [a.value for a in ProblemArea]
    assert defs["placement"]["properties"]["type"]["enum"] == [t.value for t in PlacementType]
    json.dumps(validator.schema())


def test_risk_flags_are_computed_after_import(region):
    from caseflow.risk.models import RiskFlag

    moved = case()
    moved["placements"] = [
        {
            "type": kind,
            "provider": f"Aanbieder {number}",
            "start": f"2023-0{number + 1}-01",
            "end": f"2023-0{number + 2}-01",
            "ended": "onplanmatig",
            "end_reason": "crisis",
        }
        for number, kind in enumerate(["gezinshuis", "pleegzorg", "verblijf_24uur", "maatwerk"])
    ]
    report = import_history(raw(document(moved)), None)
    assert report.risk_recomputed
    stored = db.session.scalar(select(Case).where(Case.reference == "GV-2023-0014"))
    flags = db.session.scalars(select(RiskFlag).where(RiskFlag.case_id == stored.id)).all()
    assert flags, "the imported placement history raises doorplaatsing flags"
