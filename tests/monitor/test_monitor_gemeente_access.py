"""Each gemeente its own figures (issue 24, point 5): a consulent — a professional of an
organisation of kind gemeente — opens the monitor for their own gemeente and the region's
totals; other gemeenten's rows are not in the page, chart, CSV or PDF; a professional of a care
provider, or of a gemeente organisation that matches no gemeente, still gets 403."""

from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader

from caseflow.auth.models import OrganisationKind, Role
from tests import monitor_data
from tests.factories import OrganisationFactory

ARGS = "period=year&year=2025&dimension=gemeente"


@pytest.fixture
def consulent(auth):
    organisation = OrganisationFactory(name="Gemeente Aastad", kind=OrganisationKind.GEMEENTE.value)
    return auth.login(user=auth.user(Role.PROFESSIONAL, organisation=organisation))


def test_a_consulent_sees_their_own_gemeente_and_the_region_not_others(client, consulent):
    monitor_data.build()
    response = client.get(f"/monitor/alles?{ARGS}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-gemeente-scope="Aastad"' in html
    assert "<th scope=\"row\">Aastad</th>" in html
    assert "Bedorp" not in html  # the other gemeente's rows are left out
    assert 'value="referrer"' not in html  # only their gemeente or the region's totals
    assert 'href="/monitor"' in client.get("/").get_data(as_text=True)  # in their navigation
    totals = client.get("/monitor/alles?period=year&year=2025&dimension=totaal")
    assert totals.status_code == 200 and "Bedorp" not in totals.get_data(as_text=True)


def test_a_consulent_cannot_split_by_another_dimension(client, consulent):
    monitor_data.build()
    html = client.get("/monitor?period=year&year=2025&dimension=referrer").get_data(as_text=True)
    assert 'value="gemeente" selected' in html  # fell back to their gemeente


def test_the_csv_chart_and_pdf_carry_only_their_gemeente(client, consulent):
    monitor_data.build()
    text = client.get(f"/monitor/instroom.csv?{ARGS}").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["Aastad"]
    svg = client.get(f"/monitor/chart/instroom.svg?{ARGS}").get_data(as_text=True)
    assert "Bedorp" not in svg and svg.startswith("<svg")
    pdf = client.get(f"/monitor/report.pdf?{ARGS}")
    assert pdf.status_code == 200
    pages = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Aastad" in pages and "Bedorp" not in pages


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Zorg B.V.", OrganisationKind.ZORGAANBIEDER.value),
     ("Gemeente Nergensveld", OrganisationKind.GEMEENTE.value)],
)
def test_other_professionals_still_get_403(client, auth, name, kind):
    monitor_data.build()
    organisation = OrganisationFactory(name=name, kind=kind)
    auth.login(user=auth.user(Role.PROFESSIONAL, organisation=organisation))
    assert client.get(f"/monitor?{ARGS}").status_code == 403
    assert client.get(f"/monitor/instroom.csv?{ARGS}").status_code == 403


def test_the_chair_still_sees_every_gemeente(client, auth):
    monitor_data.build()
    auth.login(Role.PROCESBEGELEIDER)
    html = client.get(f"/monitor/alles?{ARGS}").get_data(as_text=True)
    assert "Aastad" in html and "Bedorp" in html and "data-gemeente-scope" not in html
