import csv
import io

import pytest
from pypdf import PdfReader

from caseflow.auth.models import Role
from caseflow.monitor.periods import Period
from tests import monitor_data


@pytest.fixture
def chair(auth):
    return auth.login(Role.PROCESBEGELEIDER)


ARGS = "period=year&year=2025&dimension=gemeente"


def test_monitor_page_shows_every_indicator_with_suppression(client, chair):
    monitor_data.build()
    html = client.get(f"/monitor?{ARGS}").get_data(as_text=True)
    for title in (
        "Instroom",
        "Duur per fase",
        "Van aanmelding tot eerste plaatsing",
        "Terugkeer",
        "Uitval en doorplaatsing",
        "Verblijf per soort",
        "Wachten en blijven volgen",
    ):
        assert title in html
    assert "kinderen met passende zorg in complexe situaties" in html
    # the first screen links to every table; all of them on one page stay at /monitor/alles
    full = client.get(f"/monitor/alles?{ARGS}").get_data(as_text=True)
    assert "&lt;5" in full  # Bedorp's single case
    assert '<img class="monitor-chart"' in full and "<script" not in full.split("<footer")[0]


def test_chart_is_svg_without_scripts_and_hides_small_numbers(client, chair):
    monitor_data.build()
    response = client.get(f"/monitor/chart/instroom.svg?{ARGS}")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg") and "<script" not in svg
    # Aastad (5) gets a bar; Bedorp (1) is suppressed and gets none
    assert svg.count('class="rect reactive tooltip-trigger"') == 1


def test_csv_download_uses_suppression(client, chair):
    monitor_data.build()
    response = client.get(f"/monitor/instroom.csv?{ARGS}")
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "Gemeente;Aanmeldingen;Heropend"
    assert "Aastad;5;0" in lines
    assert "Bedorp;<5;<5" in lines


def test_csv_download_neutralises_names_that_start_like_a_formula(client, chair):
    from sqlalchemy import update

    from caseflow.cases.models import Gemeente
    from caseflow.extensions import db

    monitor_data.build()
    formula = '=HYPERLINK("http://evil.example","Aastad")'
    db.session.execute(update(Gemeente).where(Gemeente.name == "Aastad").values(name=formula))
    db.session.execute(update(Gemeente).where(Gemeente.name == "Bedorp").values(name="-Bedorp"))
    response = client.get(f"/monitor/instroom.csv?{ARGS}")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")),
                           delimiter=";"))
    assert ["'" + formula, "5", "0"] in rows  # the figures stay numbers
    assert ["'-Bedorp", "<5", "<5"] in rows


def test_pdf_report_contains_the_tables_with_suppression(client, chair):
    monitor_data.build()
    response = client.get(f"/monitor/report.pdf?{ARGS}")
    assert response.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Regionale monitor" in text and "Instroom" in text and "Verblijf per soort" in text
    assert "<5" in text
    assert "Aastad" in text


def test_monitor_query_count_does_not_grow_with_cases(client, chair, count_queries):
    from tests.case_helpers import new_case

    monitor_data.build()

    def measure():
        with count_queries() as queries:
            assert client.get(f"/monitor?{ARGS}").status_code == 200
        return len(queries)

    small = measure()
    for _ in range(20):
        new_case(chair)
    assert measure() == small


def test_monitor_is_for_the_chair_only(client, auth):
    auth.login(Role.PROFESSIONAL)
    assert client.get("/monitor").status_code == 403


def test_period_parsing_falls_back_safely():
    from datetime import date

    today = date(2026, 11, 25)
    assert Period.parse("quarter", "2026", "9", today).number == 4
    assert Period.parse("weird", "x", None, today).label == "2026"
    assert Period.parse("month", "2026", "2", today).end == date(2026, 3, 1)
    assert Period.parse("quarter", "2025", "4", today).end == date(2026, 1, 1)
