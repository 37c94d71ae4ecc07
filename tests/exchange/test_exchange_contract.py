"""The exchange format keeps its documented promises (issue 19): the README's example imports,
every documented field keeps its meaning in /1 and /2, legacy history (sparse analyses, months,
x- notes), a CSV as Excel writes it in Dutch, every error at once with its line, and one name."""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from caseflow.cases.models import Case, ExplanatoryAnalysis, PhaseTransition
from caseflow.exchange import FORMAT, FORMATS
from caseflow.exchange.file_check import check
from caseflow.exchange.importer import ImportRejected, import_history
from caseflow.exchange.models import ExchangeCase
from caseflow.exchange.stream import CaseStream
from caseflow.extensions import db
from caseflow.timeline.models import Placement, TimelineEvent
from tests.exchange_helpers import case, document, gemeenten, raw, stored_counts

ROOT = Path(__file__).resolve().parents[2]
EXCEL_NL = Path(__file__).parents[1] / "exchange_files" / "excel-nl"


@pytest.fixture
def region(app):
    gemeenten()


def _stored(reference: str) -> Case:
    return db.session.scalar(select(Case).where(Case.reference == reference))


def _analysis(case_id: int) -> ExplanatoryAnalysis:
    return db.session.scalar(
        select(ExplanatoryAnalysis).where(ExplanatoryAnalysis.case_id == case_id)
    )


def _moves(case_id: int) -> list[PhaseTransition]:
    return list(db.session.scalars(
        select(PhaseTransition).where(PhaseTransition.case_id == case_id)
        .order_by(PhaseTransition.at)
    ))


def readme_example() -> dict:
    """The ```json block of the README's section on the format, as written there."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Case-history import and export", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```json\n(.*?)```", section, re.DOTALL)
    assert block, "the README documents the format with an example"
    return json.loads(block.group(1))


# -- 1. the contract as documented -------------------------------------------------------------

def test_the_readme_example_imports_with_its_documented_meaning(region):
    example = readme_example()
    assert example["format"] == FORMAT
    report = import_history(json.dumps(example).encode(), None)
    assert report.created == ["GV-2023-0014"]
    stored = _stored("GV-2023-0014")
    assert stored.phase == "afgesloten"
    assert stored.closing_reason == "afgerond"  # the closing phase's reason, from the list
    assert _moves(stored.id)[-1].reason == ""
    analysis = _analysis(stored.id)
    assert analysis.hypotheses == "..."  # the general text, beside the detailed ones
    assert analysis.hypotheses_child == "..."


@pytest.mark.parametrize("tag", FORMATS)
def test_documented_fields_are_accepted_in_every_version(region, tag):
    data = case()
    data["analysis"] = {"recorded_on": "2023-02-20", "question": "Wat is nodig?",
                        "hypotheses": "Wisselingen houden het gedrag in stand."}
    data["phases"] = data["phases"][:2] + [
        {"phase": "afgesloten", "on": "2023-03-01", "reason": "Niet ontvankelijk"}
    ]
    data["placements"] = []
    import_history(raw({"format": tag, "cases": [data]}), None)
    stored = _stored(data["ref"])
    assert stored.closing_reason == "niet_ontvankelijk"  # the Dutch label is read too
    assert _analysis(stored.id).hypotheses == "Wisselingen houden het gedrag in stand."


def test_free_text_as_closing_reason_is_the_closing_note_with_a_warning(region):
    data = case(placements=[])
    data["phases"] = data["phases"][:2] + [
        {"phase": "afgesloten", "on": "2023-03-01", "reason": "Gezin verhuisd naar Drenthe"}
    ]
    report = import_history(raw(document(data)), None)
    stored = _stored(data["ref"])
    assert stored.closing_reason == "overig"
    assert _moves(stored.id)[-1].reason == "Gezin verhuisd naar Drenthe"
    assert any(w.path == "cases[0].phases[2].reason" and "overig" in w.message
               for w in report.warnings)


def test_closing_without_any_reason_is_still_refused(region):
    data = case(placements=[])
    data["phases"] = data["phases"][:2] + [{"phase": "afgesloten", "on": "2023-03-01"}]
    with pytest.raises(ImportRejected) as refused:
        import_history(raw(document(data)), None)
    assert [str(e) for e in refused.value.errors] == [
        "cases[0].phases[2].closing_reason: verplicht bij afsluiten"
    ]


def test_the_export_writes_the_general_hypotheses_and_reimports_them(region, runner, tmp_path):
    data = case()
    data["analysis"]["hypotheses"] = "Algemeen."
    import_history(raw(document(data)), None)
    db.session.commit()
    out = tmp_path / "export.json"
    result = runner.invoke(args=["cases", "export", "-o", str(out)])
    assert result.exit_code == 0, result.output
    exported = json.loads(out.read_text())
    assert exported["format"] == FORMAT
    assert exported["cases"][0]["analysis"]["hypotheses"] == "Algemeen."


# -- 2. legacy history -------------------------------------------------------------------------

def test_a_sparse_analysis_and_months_import_and_show_as_not_recorded(region, client, auth):
    data = case(placements=[], events=[])
    data["analysis"] = {"recorded_on": "2023-02", "question": "Wat heeft Noor nodig?",
                        "hypotheses": "Hechting."}
    data["phases"][1]["on"] = "2023-01"  # month only; aanmelding on 2023-01-10 stays before it
    import_history(raw(document(data)), None)
    stored = _stored(data["ref"])
    analysis = _analysis(stored.id)
    assert (analysis.recorded_at.date().isoformat(), analysis.precision) == ("2023-02-01", "month")
    assert analysis.problems == "" and analysis.working_theory == ""
    move = _moves(stored.id)[1]
    # January, but not before the aanmelding of 10 January: the history replays in order.
    assert (move.at.date().isoformat(), move.precision) == ("2023-01-10", "month")
    derived = db.session.scalar(
        select(TimelineEvent).where(TimelineEvent.phase_transition_id == move.id)
    )
    assert derived.precision == "month"
    db.session.commit()
    from caseflow.auth.models import Role

    auth.login(Role.VOORZITTER)
    html = client.get(f"/cases/{data['ref']}/analysis").get_data(as_text=True)
    assert "niet vastgelegd" in html
    assert "Hechting." in html


def test_x_keys_are_kept_as_notes_not_refused(region):
    data = case()
    data["x-dossiernummer"] = "D-17"
    data["placements"][0]["x-kostenplaats"] = {"code": 4711}
    import_history(raw(document(data)), None)
    notes = db.session.get(ExchangeCase, _stored(data["ref"]).id).notes
    # An item of a list with ids is named by its id, so the export finds it in any order.
    assert notes == {"x-dossiernummer": "D-17", 'placements["p1"].x-kostenplaats': {"code": 4711}}


def test_an_unknown_key_without_x_prefix_is_still_refused(region):
    data = case(dossiernummer="D-17")
    with pytest.raises(ImportRejected) as refused:
        import_history(raw(document(data)), None)
    assert [str(e) for e in refused.value.errors] == ["cases[0]: onbekend veld: dossiernummer"]


def test_a_csv_as_excel_writes_it_in_dutch_imports_without_editing(region, runner, tmp_path):
    folder = tmp_path / "excel"
    shutil.copytree(EXCEL_NL, folder)
    assert (folder / "cases.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    result = runner.invoke(args=["cases", "import", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Aangemaakt: 2 casussen" in result.output
    sam = _stored("GV-2019-0101")
    assert sam.registered_on.isoformat() == "2019-03-14"
    assert sam.closing_reason == "overig"
    assert _moves(sam.id)[-1].reason == "Gezin verhuisd naar Drenthe"
    assert _analysis(sam.id).hypotheses == "Hechting onder druk door de wisselingen"
    assert db.session.get(ExchangeCase, sam.id).notes == {"x-dossiernummer": "D-2019-17"}
    amounts = dict(db.session.execute(
        select(Placement.provider_name, Placement.tariff_amount)
    ).tuples().all())
    assert {k: float(v) for k, v in amounts.items()} == {
        "Gezinshuis De Linde": 245.5, "Pleegzorg Gooi": 1250.0,
    }
    lotte = _stored("GV-2020-0102")
    assert _moves(lotte.id)[0].precision == "month"
    # Guessed readings are warned of, with file, row and column; unambiguous ones are not.
    assert (
        "Let op: cases[0].phases[1].on: '03-04-2019' gelezen als dag-maand-jaar: 2019-04-03 "
        "(cases.csv, regel 2, kolom phases)" in result.output
    )
    assert "(placements.csv, regel 2, kolom start)" in result.output
    assert "14-03-2019" not in result.output


# -- 6. every error at once --------------------------------------------------------------------

def _pretty(doc: dict) -> bytes:
    return json.dumps(doc, indent=2).encode()


def test_semantic_checks_run_on_the_well_formed_parts_sorted_by_path_with_lines(region):
    bad = case(gemeente="Atlantis")
    bad["phases"] = bad["phases"][:3]
    bad["phases"][2]["phase"] = "plaatsing"  # a step the graph does not allow
    bad["placements"][0]["in_region"] = "ja"  # schema error in one placement
    bad["placements"][1]["start"] = "2023-02-01"
    bad["placements"][1]["end"] = "2023-01-01"  # ends before it starts: a semantic error
    bad["placements"][1]["ended"] = "planmatig"
    other = case(ref="GV-2023-0015", birth_year="2009")
    other["events"][0]["on"] = "2023-13-01"
    data = _pretty(document(bad, other))
    result = check(data)
    assert [str(e) for e in result.errors] == [
        "cases[0].gemeente: onbekende gemeente 'Atlantis' (niet in de lijst)",
        "cases[0].phases[2].phase: van 'verklarende_analyse' naar 'plaatsing' is geen toegestane "
        "stap in de fasen",
        "cases[0].placements[0].in_region: verkeerd type: verwacht true of false",
        "cases[0].placements[1].end: eindigt vóór de start",
        "cases[1].birth_year: verkeerd type: verwacht geheel getal",
        "cases[1].events[0].on: geen bestaande datum",
    ]
    lines = data.decode().splitlines()
    for issue in result.errors:
        key = issue.path.rsplit(".", 1)[-1]
        assert f'"{key}"' in lines[issue.line - 1], (issue, lines[issue.line - 1])


def test_the_upload_page_links_each_error_to_its_line(client, auth):
    from caseflow.auth.models import Role
    from tests.helpers import csrf_token

    gemeenten()
    auth.login(Role.VOORZITTER)
    bad = case(gemeente="Atlantis")
    data = _pretty(document(bad))
    line = next(n for n, text in enumerate(data.decode().splitlines(), 1) if "Atlantis" in text)
    token = csrf_token(client, "/exchange/import")
    response = client.post("/exchange/import", content_type="multipart/form-data", data={
        "csrf_token": token, "file": (io.BytesIO(data), "historie.json"),
    })
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'href="#regel-{line}"' in html
    assert f'<li id="regel-{line}" class="bg-warning-subtle">' in html
    assert "Atlantis" in html.split(f'id="regel-{line}"', 1)[1].split("</li>", 1)[0]


def test_csv_errors_name_file_row_and_column_on_the_upload_page(client, auth):
    from caseflow.auth.models import Role
    from tests.helpers import csrf_token

    gemeenten()
    auth.login(Role.VOORZITTER)
    text = (EXCEL_NL / "cases.csv").read_text(encoding="utf-8-sig").replace(";2008;", ";twee;")
    token = csrf_token(client, "/exchange/import")
    before = stored_counts()
    response = client.post("/exchange/import", content_type="multipart/form-data", data={
        "csrf_token": token, "file": (io.BytesIO(text.encode()), "cases.csv"),
    })
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<code>cases[0].birth_year</code>: verkeerd type: verwacht geheel getal " \
        '<span class="text-body-secondary">(cases.csv, regel 2, kolom birth_year)</span>' in html
    assert stored_counts() == before


# -- 5. one name -------------------------------------------------------------------------------

def test_one_format_name_everywhere(app, runner, client, auth):
    from caseflow.auth.models import Role
    from caseflow.exchange.validator import schema

    assert FORMATS[-1] == FORMAT
    assert schema(FORMAT)["title"] == FORMAT
    assert schema(FORMAT)["properties"]["format"]["const"] == FORMAT
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"## Case-history import and export (`{FORMAT}`)" in readme
    help_text = runner.invoke(args=["cases", "--help"]).output
    assert FORMAT in help_text
    gemeenten()
    auth.login(Role.VOORZITTER)
    page = client.get("/exchange/import").get_data(as_text=True)
    assert f"het formaat {FORMAT}" in page and "caseflow-history/1" in page  # older: read too
    assert page.count(FORMAT) >= 2  # the introduction and the field's description


# -- 7. big files stream -----------------------------------------------------------------------

@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
def test_the_stream_reads_cases_as_json_would_at_any_chunk_size(chunk):
    doc = document(case(), case(ref="GV-2023-0015", question='Een "vraag" met \\ en ü ✓'))
    doc["x-extra"] = [1, 2.5, None, True]
    data = b"\xef\xbb\xbf" + json.dumps(doc, indent=1, ensure_ascii=False).encode()
    stream = CaseStream(io.BytesIO(data), chunk=chunk)
    cases = [(item.index, item.case, item.line) for item in stream.cases()]
    assert [c for _i, c, _l in cases] == doc["cases"]
    lines = data.decode("utf-8-sig").splitlines()
    assert all(lines[line - 1].strip() == "{" for _i, _c, line in cases)
    assert stream.header == {"format": doc["format"], "x-extra": [1, 2.5, None, True]}


def test_a_file_over_the_upload_limit_imports_from_the_cli_with_max_mb(region, runner, tmp_path,
                                                                        monkeypatch):
    from caseflow.exchange import cli

    monkeypatch.setattr(cli, "MAX_BYTES", 1000)  # "bigger than the limit" without 50 MB
    cases = [case(ref=f"GV-2023-{n:04d}") for n in range(1, 6)]
    path = tmp_path / "groot.json"
    path.write_text(json.dumps(document(*cases), indent=2))
    result = runner.invoke(args=["cases", "import", str(path), "--max-mb", "1"])
    assert result.exit_code == 0, result.output
    assert "Aangemaakt: 5 casussen" in result.output
    assert "Controleren" in result.output and "Casussen" in result.output


def test_a_syntax_error_late_in_a_streamed_file_names_its_line(region, runner, tmp_path,
                                                               monkeypatch):
    from caseflow.exchange import cli

    monkeypatch.setattr(cli, "MAX_BYTES", 10)
    text = json.dumps(document(case(), case(ref="GV-2023-0015")), indent=2)
    broken = text.replace('"ref": "GV-2023-0015",', '"ref": "GV-2023-0015"')
    line = next(n for n, t in enumerate(broken.splitlines(), 1) if "GV-2023-0015" in t) + 1
    path = tmp_path / "kapot.json"
    path.write_text(broken)
    before = stored_counts()
    result = runner.invoke(args=["cases", "import", str(path)])
    assert result.exit_code != 0
    assert f"geen geldige JSON (regel {line}: Expecting ',' delimiter)" in result.output
    assert stored_counts() == before


def test_the_upload_page_has_a_progress_line(client, auth):
    from caseflow.auth.models import Role

    gemeenten()
    auth.login(Role.VOORZITTER)
    html = client.get("/exchange/import").get_data(as_text=True)
    assert 'id="import-voortgang" role="status"' in html
    assert "exchange-import.js" in html
    script = client.get("/static/exchange-import.js")
    assert script.status_code == 200 and b"upload" in script.data


def test_update_still_adds_only_new_items_through_the_stream(region):
    first = case()
    import_history(raw(document(first)), None)
    later = copy.deepcopy(first)
    later["events"].append({"id": "e2", "on": "2023-06-01", "kind": "gesprek", "title": "Nieuw"})
    report = import_history(raw(document(later)), None, update=True)
    assert report.updated == [first["ref"]] and report.counts["events"] == 1
