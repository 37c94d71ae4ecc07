"""The access log for a person (issue 23 point 4): rows in words with links, the filters, the
CSV/XLSX export of a filtered view (logged itself) and the family's "wie zag dit dossier" PDF."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from caseflow.audit.models import AccessLogEntry, AuditEvent, Grounds, Outcome
from caseflow.audit.services import log_access
from caseflow.auth.models import Role
from caseflow.extensions import db
from tests.case_helpers import new_case
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import csrf_token


def _log_rows(**where) -> list[AccessLogEntry]:
    query = select(AccessLogEntry).order_by(AccessLogEntry.id)
    for name, value in where.items():
        query = query.where(getattr(AccessLogEntry, name) == value)
    return list(db.session.scalars(query))


def _scene():
    """Two cases read by a named professional; a login with a code; an account change."""
    organisation = OrganisationFactory(name="Jeugdbescherming Testregio")
    reader = UserFactory(name="Pien Professional", role="professional", organisation=organisation)
    target = UserFactory(name="Gert Gebruiker")
    ours, other = new_case(pseudonym="Noor"), new_case(pseudonym="Anders")
    log_access(AuditEvent.READ, user=reader, case_id=ours.id, object_type="case",
               object_id=ours.id, grounds=Grounds.MEMBERSHIP)
    log_access(AuditEvent.PRINT, user=reader, case_id=ours.id,
               object_type="retrospective_report", object_id=2)
    log_access(AuditEvent.READ, user=reader, case_id=other.id, object_type="case",
               object_id=other.id, grounds=Grounds.MEMBERSHIP)
    log_access(AuditEvent.LOGIN, user=reader, grounds=Grounds.AUTHENTICATION,
               reason="password_totp")
    log_access(AuditEvent.CHANGE, user=reader, object_type="user", object_id=target.id,
               fields=["name"])
    log_access(AuditEvent.ACCESS_DENIED, user=reader, case_id=other.id, grounds=Grounds.NONE,
               outcome=Outcome.DENIED, reason="role")
    return reader, target, ours, other


def test_the_log_reads_in_words_with_links(client, auth):
    reader, target, ours, _other = _scene()
    auth.login(Role.BEHEERDER)
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "Inloggen (wachtwoord + code)" in html
    assert "Verslag van inzichten #2" in html and "/retrospectives/2/verslag" in html
    assert f'href="/admin/users/{target.id}">Gebruiker Gert Gebruiker</a>' in html
    assert f'href="/admin/users/{reader.id}">Pien Professional</a>' in html
    assert "lid van de casus" in html and "gelukt" in html and "geweigerd" in html
    assert ours.reference in html and "Jeugdbescherming Testregio" in html
    for raw in ("password_totp", "retrospective_report", ">success<", "authentication ("):
        assert raw not in html
    assert "stack-sm" in html and 'data-label="Grondslag"' in html


def test_the_log_in_english(client, auth):
    _scene()
    auth.login(Role.BEHEERDER)
    client.post("/language", data={"csrf_token": csrf_token(client, "/"), "language": "en",
                                   "next": "/admin/audit"})
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "Log in (password + code)" in html and "Report of insights #2" in html
    assert "member of the case" in html and "succeeded" in html


def test_filters_by_case_reference_user_period_and_event(client, auth):
    reader, _target, ours, other = _scene()
    someone = UserFactory()
    log_access(AuditEvent.READ, user=someone, case_id=ours.id, object_type="case")
    auth.login(Role.BEHEERDER)
    by_ref = client.get(f"/admin/audit?case={ours.reference}").get_data(as_text=True)
    assert ours.reference in by_ref and other.reference not in by_ref
    assert f"/admin/audit/casus/{ours.id}/wie-zag-dit-dossier.pdf" in by_ref
    by_id = client.get(f"/admin/audit?case={ours.id}&user={reader.id}").get_data(as_text=True)
    assert "2 regels gevonden" in by_id
    printed = client.get("/admin/audit?event_type=print").get_data(as_text=True)
    assert "1 regel gevonden" in printed
    unknown = client.get("/admin/audit?case=XX-0000-9999").get_data(as_text=True)
    assert "0 regels gevonden" in unknown
    assert "0 regels gevonden" in client.get("/admin/audit?end=2001-01-01").get_data(True)
    bad = client.get("/admin/audit?case=<script>")
    assert bad.status_code == 400 and "GV-2024-0012" in bad.get_data(as_text=True)


def test_csv_export_of_the_filtered_view_for_excel_nl(client, auth):
    reader, _target, ours, other = _scene()
    auth.login(Role.BEHEERDER)
    response = client.get(f"/admin/audit/export.csv?case={ours.reference}&user={reader.id}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    header, *body = table
    assert header[:3] == ["Nr.", "Tijd", "Gebruiker"] and "Grondslag" in header
    assert len(body) == 2
    assert {row[header.index("Casus")] for row in body} == {ours.reference}
    assert {row[header.index("Gebruiker")] for row in body} == {"Pien Professional"}
    events = {row[header.index("Gebeurtenis")] for row in body}
    assert events == {"Inzien", "Afdrukken/PDF"}
    assert other.reference not in response.data.decode("utf-8-sig")
    (export,) = _log_rows(event_type="export", object_type="access_log")
    assert (export.case_id, export.reason, export.fields) == (ours.id, "csv", "user,case")


def test_xlsx_export_reads_back_and_is_logged(client, auth):
    _scene()
    admin = auth.login(Role.BEHEERDER)
    response = client.get("/admin/audit/export.xlsx?event_type=login")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, *body = rows
    grounds = header.index("Grondslag")
    assert body and all(row[header.index("Gebeurtenis")] == "Ingelogd" for row in body)
    assert "Inloggen (wachtwoord + code)" in {row[grounds] for row in body}
    (export,) = _log_rows(event_type="export", object_type="access_log")
    assert (export.user_id, export.reason, export.fields, export.case_id) == (
        admin.id, "xlsx", "event_type", None,
    )


def test_exports_are_for_the_beheerder_only(client, auth):
    auth.login(Role.VOORZITTER)
    assert client.get("/admin/audit/export.csv").status_code == 403
    assert not _log_rows(event_type="export")


def _pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # table cells wrap names over lines


def test_the_family_pdf_lists_who_when_what_for_one_case_only(client, auth):
    reader, _target, ours, other = _scene()
    outsider = UserFactory(name="Olaf Ander")
    log_access(AuditEvent.READ, user=outsider, case_id=other.id, object_type="case")
    auth.login(Role.BEHEERDER)
    response = client.get(f"/admin/audit/casus/{ours.id}/wie-zag-dit-dossier.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _pdf_text(response.data)
    assert "Wie zag dit dossier" in text and ours.reference in text and "Noor" in text
    assert "Pien Professional" in text and "Jeugdbescherming Testregio" in text
    assert "Jeugdprofessional" in text and "Inzien — Casus" in text and "lid van de casus" in text
    assert "Verslag van inzichten" in text
    assert str(datetime.now(UTC).year) in text
    assert other.reference not in text and "Anders" not in text and "Olaf Ander" not in text
    assert "Geweigerd" not in text  # the denial on the other case, and denials at all, stay out
    (printed,) = _log_rows(event_type="print", object_type="access_log")
    assert (printed.case_id, printed.reason) == (ours.id, "family_request")


def test_the_chair_prints_it_a_professional_may_not(client, auth):
    _reader, _target, ours, _other = _scene()
    auth.login(Role.PROFESSIONAL)
    assert client.get(f"/admin/audit/casus/{ours.id}/wie-zag-dit-dossier.pdf"
                      ).status_code == 403
    auth.logout()
    auth.login(Role.PROCESBEGELEIDER)
    response = client.get(f"/admin/audit/casus/{ours.id}/wie-zag-dit-dossier.pdf")
    assert response.status_code == 200 and "Pien Professional" in _pdf_text(response.data)
    assert client.get("/admin/audit/casus/999999/wie-zag-dit-dossier.pdf"
                      ).status_code == 404


def test_the_case_page_offers_the_family_pdf_to_the_chair(client, auth):
    auth.login(Role.VOORZITTER)
    case = new_case()
    html = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert f'href="/admin/audit/casus/{case.id}/wie-zag-dit-dossier.pdf"' in html
