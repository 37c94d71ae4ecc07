"""A file's own x- keys (issue 19): kept as notes of the case, shown on the case page, exported
where they came from (so export -> import -> export keeps them) and updated by --update."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from caseflow.auth.models import Role
from caseflow.cases.models import Case
from caseflow.exchange.exporter import export_cases
from caseflow.exchange.importer import import_history
from caseflow.exchange.models import ExchangeCase
from caseflow.exchange.notes import parse, place
from caseflow.extensions import db
from tests.case_helpers import new_case
from tests.exchange_helpers import gemeenten, raw
from tests.helpers import csrf_token

HAND_WRITTEN = Path(__file__).parents[1] / "exchange_files" / "x-notes" / "history.json"
REF = "GV-2022-0311"


@pytest.fixture
def region(app):
    gemeenten()


def _file() -> dict:
    return json.loads(HAND_WRITTEN.read_text(encoding="utf-8"))


def _case(reference: str = REF) -> Case:
    return db.session.scalar(select(Case).where(Case.reference == reference))


def _x_keys(item, path=""):
    """Every x- key of an exported case with its place: (item id or path, key, value)."""
    found = []
    if isinstance(item, dict):
        for key, value in item.items():
            if key.startswith("x-"):
                found.append((path, key, value))
            else:
                where = f"{path}.{key}" if path else key
                found += _x_keys(value, where)
    elif isinstance(item, list):
        for number, value in enumerate(item):
            label = value.get("id", number) if isinstance(value, dict) else number
            found += _x_keys(value, f"{path}[{label}]")
    return sorted(found, key=repr)


def _exported(reference: str = REF) -> dict:
    (document,) = export_cases([_case(reference)])["cases"]
    return document


def test_a_hand_written_file_keeps_its_x_keys_at_case_level_and_nested(region):
    import_history(HAND_WRITTEN.read_bytes(), None)
    notes = db.session.get(ExchangeCase, _case().id).notes
    hashed = [path for path in notes if path.startswith('events["h:')]
    assert len(hashed) == 1 and hashed[0].endswith(".x-kanaal")  # an event without id
    assert notes == {
        "x-dossiernummer": "D-2022-311",
        "x-opmerking": "<b>niet</b> & 'vet'",
        'phases["f2"].x-bron': "mail",
        "analysis.x-versie-regio": 3,
        'placements["p1"].tariff.x-kostenplaats': "KP-12",
        hashed[0]: "telefoon",
        'events["e2"].x-melding': {"nummer": 17, "spoed": True},
    }


def test_the_case_page_shows_them_escaped_in_dutch_and_english(region, client, auth):
    import_history(HAND_WRITTEN.read_bytes(), None)
    db.session.commit()
    auth.login(Role.VOORZITTER)
    html = client.get(f"/cases/{REF}").get_data(as_text=True)
    section = html.split('id="importvelden"', 1)[1].split("</section>", 1)[0]
    assert "Extra velden uit het importbestand" in section
    assert "<code>x-dossiernummer</code>" in section and "D-2022-311" in section
    assert "&lt;b&gt;niet&lt;/b&gt; &amp; &#39;vet&#39;" in section and "<b>niet" not in section
    assert "Gebeurtenis <code>e2</code>" in section
    assert "{&#34;nummer&#34;: 17, &#34;spoed&#34;: true}" in section
    assert "Plaatsing <code>p1</code> · tariff" in section
    token = csrf_token(client, "/")
    client.post("/language", data={"csrf_token": token, "language": "en", "next": "/"})
    english = client.get(f"/cases/{REF}").get_data(as_text=True)
    assert "Extra fields from the import file" in english
    assert "Extra velden uit het importbestand" not in english


def test_a_case_without_notes_has_no_such_section(app, client, auth):
    case = new_case()
    db.session.commit()
    auth.login(Role.VOORZITTER)
    html = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert 'id="importvelden"' not in html


def test_the_export_carries_them_where_they_came_from_and_a_round_trip_keeps_them(
    region, runner, tmp_path
):
    import_history(HAND_WRITTEN.read_bytes(), None)
    db.session.commit()
    first = tmp_path / "first.json"
    assert runner.invoke(args=["cases", "export", "-o", str(first)]).exit_code == 0
    exported = json.loads(first.read_text(encoding="utf-8"))
    assert "omitted" not in exported
    (document,) = exported["cases"]
    assert document["x-dossiernummer"] == "D-2022-311"
    assert document["phases"][1]["x-bron"] == "mail"
    assert document["analysis"]["x-versie-regio"] == 3
    assert document["placements"][0]["tariff"]["x-kostenplaats"] == "KP-12"
    by_title = {e["title"]: e for e in document["events"]}  # the export sorts events by date
    assert by_title["Gesprek zonder id"]["x-kanaal"] == "telefoon"
    assert by_title["Crisis"]["x-melding"] == {"nummer": 17, "spoed": True}
    keys = _x_keys(document)
    assert len(keys) == 7

    # Into an empty database (the other region) and out again: the same notes in the same places.
    db.session.delete(_case())
    db.session.commit()
    result = runner.invoke(args=["cases", "import", str(first)])
    assert result.exit_code == 0, result.output
    db.session.commit()
    assert _x_keys(_exported()) == keys


def test_update_adds_and_updates_the_notes_of_an_existing_case(region):
    import_history(HAND_WRITTEN.read_bytes(), None)
    later = _file()
    later["cases"][0]["x-dossiernummer"] = "D-2022-311-B"  # changed
    later["cases"][0]["events"][1]["x-afgehandeld"] = "ja"  # new, on a known event
    del later["cases"][0]["x-opmerking"]  # a later file may carry only what is new
    later["cases"][0]["events"][0]["x-kanaal"] = "beeldbellen"  # a note does not make it new
    report = import_history(raw(later), None, update=True)
    assert report.updated == [REF] and report.counts["events"] == 0
    notes = db.session.get(ExchangeCase, _case().id).notes
    assert notes["x-dossiernummer"] == "D-2022-311-B"
    assert notes['events["e2"].x-afgehandeld'] == "ja"
    assert notes["x-opmerking"] == "<b>niet</b> & 'vet'"
    assert [v for k, v in notes.items() if k.endswith(".x-kanaal")] == ["beeldbellen"]
    (crisis,) = [e for e in _exported()["events"] if e["id"] == "e2"]
    assert crisis["x-afgehandeld"] == "ja"


def test_update_gives_a_case_made_in_caseflow_its_notes_without_calling_it_imported(app):
    case = new_case()
    db.session.commit()
    document = export_cases([case])
    document["cases"][0]["x-dossiernummer"] = "D-9"
    import_history(raw(document), None, update=True)
    row = db.session.get(ExchangeCase, case.id)
    assert row.notes == {"x-dossiernummer": "D-9"} and row.imported_at is None


def test_a_pseudonymised_export_leaves_the_notes_out_with_a_line(region):
    import_history(HAND_WRITTEN.read_bytes(), None)
    exported = export_cases([_case()], pseudonymise=True)
    assert _x_keys(exported["cases"][0]) == []
    assert exported["omitted"] == ["7 extra velden uit importbestanden weggelaten"]


def test_a_note_whose_item_is_not_exported_is_named_in_omitted(region):
    import_history(HAND_WRITTEN.read_bytes(), None)
    row = db.session.get(ExchangeCase, _case().id)
    row.notes = {**row.notes, 'events["weg"].x-a': 1}
    exported = export_cases([_case()])
    assert exported["omitted"] == [
        f"{REF}: extra veld 'events[\"weg\"].x-a' (het onderdeel waar het bij hoort gaat niet mee)"
    ]


def test_paths_parse_ids_positions_and_keys_with_any_character():
    assert parse('events["a.b]"].tariff.x-k.[1]') == (["events", ("a.b]",), "tariff"], "x-k.[1]")
    assert parse("analysis_versions[0].x-v") == (["analysis_versions", 0], "x-v")
    document = {"analysis_versions": [{}], "events": [{"id": "a.b]"}]}
    assert place(document, {"analysis_versions[0].x-v": 1, 'events["a.b]"].x-k': 2,
                            "analysis_versions[3].x-w": 3}) == ["analysis_versions[3].x-w"]
    assert document == {"analysis_versions": [{"x-v": 1}], "events": [{"id": "a.b]", "x-k": 2}]}
