"""The first screen, the detail pages and the periods side by side, against hand-computed
values on the region of tests/monitor_data.py."""

from __future__ import annotations

import re
from datetime import date

import pytest

from caseflow.auth.models import Role
from caseflow.cases.services import Intake, register_case
from caseflow.monitor import years
from caseflow.monitor.periods import Period, PeriodKind
from tests import monitor_data

YEAR_2025 = Period(PeriodKind.YEAR, 2025)
TODAY = date(2026, 11, 25)
ARGS = "period=year&year=2025&dimension=gemeente"


def _more_in_2024(region, n: int = 5) -> None:
    for day in range(1, n + 1):
        register_case(
            Intake(pseudonym="Kind", birth_year=2012, birth_month=1, gemeente=region["a"],
                   referrer_type="gi", question="?", problem_areas=["trauma"],
                   registered_on=date(2024, 3, day)),
            region["chair"], region="GV", at=monitor_data.at(date(2024, 3, day)),
        )


def test_indicators_side_by_side_with_the_change_from_the_year_before(app):
    region = monitor_data.build()
    _more_in_2024(region)
    table = years.indicator_series(YEAR_2025, TODAY)
    assert table.columns == ["2022", "2023", "2024", "2025", "Verschil"]
    rows = dict(table.rows)
    assert [c.value for c in rows["Aanmeldingen"]] == [0, 0, 6, 6, 0]
    assert [c.display() for c in rows["Aanmeldingen"]] == ["0", "0", "6", "6", "0"]
    # 10, 20, 30, 40, 50 days in 2025 (none in 2024): no change to show
    assert [c.display() for c in rows["Mediaan dagen van aanmelding tot eerste plaatsing"]] \
        == ["—", "—", "—", "30", "—"]
    # one breakdown in 2025 against none: a change of 1 rests on one child and is hidden
    assert [c.display() for c in rows["Onplanmatig beëindigd"]] == ["0", "0", "0", "<5", "<5"]


def test_verblijf_mix_side_by_side_hides_what_the_total_gives_away(app):
    monitor_data.build()
    table = years.verblijf_series(YEAR_2025, TODAY)
    rows = dict(table.rows)
    assert [c.value for c in rows["Totaal"][6:8]] == [6, 100.0]
    assert [c.value for c in rows["Gezinshuis"][6:8]] == [5, pytest.approx(83.3)]
    assert [c.value for c in rows["Pleegzorg"][6:8]] == [1, pytest.approx(16.7)]
    # pleegzorg (1) is small; 6 - 1 would give gezinshuis away, and with it its share
    assert [c.display() for c in rows["Gezinshuis"][6:10]] == ["<5", "<5", "<5", "<5"]
    assert rows["Totaal"][6].display() == "6"


@pytest.fixture
def chair(auth):
    return auth.login(Role.PROCESBEGELEIDER)


def test_first_screen_shows_headlines_each_opening_its_detail(client, chair):
    region = monitor_data.build()
    _more_in_2024(region)
    html = client.get(f"/monitor?{ARGS}").get_data(as_text=True)
    card = re.search(r'<a class="card[^"]*" href="([^"]+)" data-headline="Aanmeldingen">'
                     r'(.*?)</a>', html, re.S)
    assert card and card.group(1).startswith("/monitor/indicator/instroom?")
    assert '<p class="h3 mb-0">6' in card.group(2)
    assert "Verschil met 2024:" in card.group(2)
    assert 'data-headline="Gezinshuis"' in html  # the verblijf mix
    detail = client.get(card.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert 'data-table="instroom"' in detail and "Aastad" in detail
    assert 'data-table="uitval"' not in detail  # one table per detail page
    both = client.get(f"/monitor/jaren?{ARGS}").get_data(as_text=True)
    assert 'data-table="jaren_indicatoren"' in both and 'data-table="jaren_verblijf"' in both
    assert client.get(f"/monitor/indicator/bestaat-niet?{ARGS}").status_code == 404
    assert client.get(f"/monitor/jaren_verblijf.csv?{ARGS}").status_code == 200


def test_the_first_screen_is_short(client, chair):
    monitor_data.build()
    html = client.get(f"/monitor?{ARGS}").get_data(as_text=True)
    assert html.count("<table") < 20 and "monitor-chart" not in html


def test_charts_speak_the_readers_language(client, chair):
    monitor_data.build()
    empty = "period=year&year=2019&dimension=gemeente"
    dutch = client.get(f"/monitor/chart/jaren_verblijf.svg?{empty}").get_data(as_text=True)
    assert "Geen gegevens" in dutch and "No data" not in dutch
    english = client.get(f"/monitor/chart/jaren_verblijf.svg?{empty}&lang=en")
    assert "No data" in english.get_data(as_text=True)
    rate = client.get(f"/monitor/chart/uitval.svg?{ARGS}").get_data(as_text=True)
    assert "Uitval en doorplaatsing" in rate


def test_pdf_follows_the_screens_order(client, chair):
    import io

    from pypdf import PdfReader

    monitor_data.build()
    response = client.get(f"/monitor/report.pdf?{ARGS}")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    position = 0
    for title in (
        "Overzicht", "Aanmeldingen", "De vier indicatoren, perioden naast elkaar",
        "Verblijf per soort, perioden naast elkaar", "Nieuwe aanmeldingen en heropende",
        "Uitval en doorplaatsing", "Verblijf per soort\n",
    ):
        position = text.index(title, position)  # each after the one before
