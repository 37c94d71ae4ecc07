"""The chair's upload page, the CSV template, and the case page's JSON and PDF downloads."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from caseflow.audit.models import AccessLogEntry, AuditEvent
from caseflow.auth.models import Role
from caseflow.cases.models import Case
from caseflow.exchange import csv_template
from caseflow.extensions import db
from tests.case_helpers import new_case
from tests.exchange_helpers import case, document, gemeenten, raw, stored_counts
from tests.helpers import csrf_token


@pytest.fixture
def chair(auth):
    gemeenten()
    return auth.login(Role.VOORZITTER)


def _upload(client, data: bytes, name: str = "historie.json", **fields):
    token = csrf_token(client, "/exchange/import")
    form = {"csrf_token": token, "file": (io.BytesIO(data), name), **fields}
    return client.post("/exchange/import", data=form, content_type="multipart/form-data")


def test_the_chair_imports_a_file(client, chair):
    response = _upload(client, raw(document()))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Import gelukt: 1 casussen aangemaakt, 0 aangevuld." in html
    assert db.session.scalar(select(Case.id).where(Case.reference == "GV-2023-0014"))


def test_a_rejected_file_shows_every_error_with_its_path_and_stores_nothing(client, chair):
    bad = case(gemeente="Atlantis")
    bad["placements"][1]["start"] = "2023-05-01"
    before = stored_counts()
    response = _upload(client, raw(document(bad)))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Het bestand is geweigerd (2 fouten); er is niets opgeslagen." in html
    assert "<code>cases[0].gemeente</code>: onbekende gemeente" in html
    assert "<code>cases[0].placements[1].start</code>: overlapt met placements[0]" in html
    assert stored_counts() == before


def test_the_web_dry_run_reports_and_stores_nothing(client, chair):
    before = stored_counts()
    response = _upload(client, raw(document()), dry_run="y")
    assert response.status_code == 200
    assert "Proefimport: dit zou worden opgeslagen" in response.get_data(as_text=True)
    assert stored_counts() == before


def test_a_missing_file_is_a_field_error(client, chair):
    token = csrf_token(client, "/exchange/import")
    response = client.post("/exchange/import", data={"csrf_token": token})
    assert response.status_code == 400
    assert "Kies een bestand om te importeren." in response.get_data(as_text=True)


def test_a_too_large_upload_is_refused_early(app, client, chair):
    app.config["EXCHANGE_MAX_BYTES"] = 1000
    try:
        response = _upload(client, b" " * 5000 + raw(document()))
    finally:
        app.config.pop("EXCHANGE_MAX_BYTES")
    assert response.status_code in (400, 413)
    assert "te groot" in response.get_data(as_text=True)
    assert db.session.scalar(select(Case.id)) is None


def test_the_csv_template_imports_through_the_same_validator(client, chair):
    template = client.get("/exchange/template.zip")
    assert template.status_code == 200 and template.mimetype == "application/zip"
    response = _upload(client, template.data, "sjabloon.zip")
    assert response.status_code == 200, response.get_data(as_text=True)
    stored = db.session.scalar(select(Case).where(Case.reference == "GV-2023-0014"))
    assert stored.phase == "verklarende_analyse"


def test_csv_errors_carry_their_json_path(app):
    files = {
        "cases.csv": "ref,pseudonym,birth_year,birth_month,gemeente,referrer,problem_areas,"
        "question,phases\nGV-2023-0001,Sem,twaalf,4,Huizen,gi,trauma,Vraag,"
        "aanmelding@2023-01-10;plaatsing@2023-01-11\n",
        "placements.csv": "ref,type,provider,start,end,ended\n"
        "GV-2023-0001,gezinshuis,De Vlinder,2023-03-01,2023-02-01,planmatig\n",
    }
    doc = csv_template.to_document(files)
    gemeenten()
    from caseflow.exchange.file_check import check

    errors = [str(e) for e in check(json.dumps(doc).encode()).errors]
    assert errors[0] == "cases[0].birth_year: verkeerd type: verwacht geheel getal"
    assert len(errors) == 3  # the well-formed parts are checked too (below)
    doc["cases"][0]["birth_year"] = 2012
    errors = [str(e) for e in check(json.dumps(doc).encode()).errors]
    assert errors == [
        "cases[0].phases[1].phase: van 'aanmelding' naar 'plaatsing' is geen toegestane stap "
        "in de fasen",
        "cases[0].placements[0].end: eindigt vóór de start",
    ]


def test_case_page_downloads_for_the_chair_only(client, auth):
    chair = auth.login(Role.VOORZITTER)
    stored = new_case(pseudonym="Sem")
    page = client.get(f"/cases/{stored.reference}").get_data(as_text=True)
    assert "Casushistorie exporteren (JSON)" in page
    token = csrf_token(client, f"/cases/{stored.reference}")
    response = client.post(
        "/exchange/export", data={"csrf_token": token, "reference": stored.reference}
    )
    assert response.status_code == 200 and response.mimetype == "application/json"
    exported = json.loads(response.data)
    assert exported["cases"][0]["ref"] == stored.reference
    assert "no-store" in response.headers["Cache-Control"]
    pdf = client.post(
        "/exchange/history.pdf", data={"csrf_token": token, "reference": stored.reference}
    )
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    logged = db.session.execute(
        select(AccessLogEntry.event_type, AccessLogEntry.object_type, AccessLogEntry.user_id)
        .where(AccessLogEntry.case_id == stored.id)
        .where(AccessLogEntry.event_type.in_([AuditEvent.EXPORT, AuditEvent.PRINT]))
        .order_by(AccessLogEntry.id)
    ).all()
    assert logged == [
        ("export", "case_history", chair.id),
        ("print", "case_history_pdf", chair.id),
    ]
    unknown = client.post("/exchange/export", data={"csrf_token": token, "reference": "GV-1-1"})
    assert unknown.status_code == 404


def test_the_process_coordinator_sees_no_download(client, auth):
    auth.login(Role.PROCESBEGELEIDER)
    stored = new_case()
    page = client.get(f"/cases/{stored.reference}").get_data(as_text=True)
    assert "Casushistorie exporteren" not in page


def test_import_runs_a_fixed_number_of_queries_whatever_the_size(app, count_queries):
    from caseflow.exchange.importer import import_history

    gemeenten()

    def run(first: int, count: int) -> int:
        cases = [case(ref=f"GV-2022-{n:04d}") for n in range(first, first + count)]
        with count_queries() as queries:
            import_history(raw(document(*cases)), None)
        return len(queries)

    from caseflow.risk.config import thresholds

    thresholds()  # the region's risk settings are read once per transaction: before both runs
    assert run(1, 5) == run(100, 60)


def test_export_runs_a_fixed_number_of_queries_whatever_the_size(app, count_queries):
    from caseflow.exchange.exporter import export_cases, select_cases
    from caseflow.exchange.importer import import_history

    gemeenten()
    import_history(raw(document(*[case(ref=f"GV-2022-{n:04d}") for n in range(1, 31)])), None)
    refs = [c.reference for c in select_cases()]

    def run(chosen: list[str]) -> int:
        db.session.expunge_all()
        with count_queries() as queries:
            export_cases(list(db.session.scalars(select(Case).where(Case.reference.in_(chosen)))))
        return len(queries)

    assert run(refs[:3]) == run(refs)


def test_an_import_is_written_to_the_access_log(client, chair):
    _upload(client, raw(document()))
    row = db.session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.object_type == "case_import")
    ).one()
    assert (row.event_type, row.object_id, row.user_id) == ("create", "1", chair.id)


def test_the_start_page_shows_recent_imports_to_the_chair(client, chair):
    assert "Casushistorie importeren" not in client.get("/").get_data(as_text=True)
    _upload(client, raw(document()))
    html = client.get("/").get_data(as_text=True)
    assert "1 casus geïmporteerd in de laatste 30 dagen." in html
    assert 'href="/exchange/import"' in html
