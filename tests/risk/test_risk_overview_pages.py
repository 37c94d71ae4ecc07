"""The risk overview at scale: paged in SQL (most severe first, then most active flags, then by
reference), counts from aggregate SQL, filters kept in the page links, bad page values answered
plainly, and the same number of queries for 3 and for 60 flagged cases."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert

from caseflow.cases.workflow import Phase
from caseflow.extensions import db
from caseflow.risk.hooks import suspended
from caseflow.risk.models import RiskFlag
from caseflow.risk.queries import PER_PAGE
from caseflow.risk.rules import SEVERITY, SEVERITY_ORDER
from caseflow.risk.summary import rebuild
from tests.case_helpers import chair_user, new_case
from tests.factories import GemeenteFactory

NOW = datetime(2026, 6, 15, 9, tzinfo=UTC)
FIRST = {"hoog": "crises_recent", "midden": "lang_wachten", "laag": "oudere_jeugdige_gedrag"}
EXTRA = ("wisseling_regisseur", "buiten_regio", "tijdelijk_te_lang")  # laag, midden, midden
LINK = re.compile(r'href="/cases/([^"/]+)/risk"')


def _flag(case_id: int, code: str, **extra) -> dict[str, object]:
    return {
        "case_id": case_id, "code": code, "severity": SEVERITY[code], "explanation": code,
        "evidence": [], "raised_on": NOW.date(), "raised_at": NOW, "updated_at": NOW, **extra,
    }


def make_flagged(count: int, *, start: int = 0, gemeente=None, phase=Phase.AANMELDING):
    """``count`` cases with stored active flags of varied severity and number (written directly,
    so the rules do not decide; their summaries derived from them); returns {reference: (worst
    rank, number of active flags)}."""
    actor = chair_user()
    gemeente = gemeente or GemeenteFactory()
    expected, rows = {}, []
    with suspended():
        cases = [
            new_case(actor, pseudonym=f"Kind{start + i:03d}", gemeente=gemeente, phase=phase)
            for i in range(count)
        ]
        db.session.flush()
    for index, case in enumerate(cases, start):
        worst = ("hoog", "midden", "laag")[index % 3]
        codes = [FIRST[worst], *[c for c in EXTRA if c != FIRST[worst]][: index % 4]]
        codes = [c for c in codes if SEVERITY_ORDER[SEVERITY[c]] >= SEVERITY_ORDER[worst]]
        rows += [_flag(case.id, code) for code in codes]
        if worst != "hoog":  # a cleared high flag counts for nothing
            rows.append(_flag(case.id, "veel_plaatsingen_12m", cleared_at=NOW, cleared_on=NOW))
        expected[case.reference] = (SEVERITY_ORDER[worst], len(codes))
    db.session.execute(insert(RiskFlag), rows)
    rebuild([case.id for case in cases])  # written around recompute: derive their summaries
    return expected


def in_order(expected: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(expected, key=lambda ref: (expected[ref][0], -expected[ref][1], ref))


def references(html: str) -> list[str]:
    return LINK.findall(html)


def current_page(html: str) -> int:
    found = re.search(r'aria-current="page">(\d+)<', html)
    return int(found.group(1)) if found else 1



def test_pages_follow_the_sql_order_and_show_the_counts(chair_client):
    expected = make_flagged(60)
    seen = []
    for number in (1, 2, 3):
        html = chair_client.get(f"/risk?page={number}").get_data(as_text=True)
        rows = references(html)
        assert len(rows) == (PER_PAGE if number < 3 else 60 - 2 * PER_PAGE)
        assert current_page(html) == number
        assert "60 casussen met signalen" in html
        seen += rows
    assert seen == in_order(expected)  # across the pages: no gaps, no repeats, most severe first
    html = chair_client.get("/risk").get_data(as_text=True)
    assert re.search(r"hoog</span> 20\b", html) and re.search(r"laag</span> 20\b", html)


def test_page_past_the_end_shows_the_last_page(chair_client):
    expected = make_flagged(30)
    last = chair_client.get("/risk?page=2").get_data(as_text=True)
    for url in ("/risk?page=3", "/risk?page=99", "/risk?page=99999999999999999999"):
        response = chair_client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert references(html) == references(last) == in_order(expected)[PER_PAGE:], url
        assert current_page(html) == 2


@pytest.mark.parametrize("value", ["abc", "-1", "0", "1.5", "", "0x10", "1e3"])
def test_bad_page_values_show_the_first_page(chair_client, value):
    expected = make_flagged(30)
    response = chair_client.get(f"/risk?page={value}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert references(html) == in_order(expected)[:PER_PAGE]
    assert current_page(html) == 1


def test_nothing_flagged_on_any_page(chair_client):
    for url in ("/risk", "/risk?page=4", "/risk?code=crises_recent&page=2"):
        response = chair_client.get(url)
        assert response.status_code == 200
        assert "Geen casussen met actieve signalen." in response.get_data(as_text=True)


def test_filters_are_kept_in_the_page_links(chair_client):
    north = GemeenteFactory(name="Noord")
    wanted = make_flagged(81, gemeente=north)
    make_flagged(6, start=100, gemeente=north, phase=Phase.VERKLARENDE_ANALYSE)  # other phase
    make_flagged(6, start=200)  # other gemeente
    high = {ref: key for ref, key in wanted.items() if key[0] == 0}  # crises_recent: the hoog ones
    url = f"/risk?gemeente={north.id}&phase=aanmelding&code=crises_recent"
    html = chair_client.get(url).get_data(as_text=True)
    assert f"{len(high)} casussen met signalen" in html and len(high) == 27
    links = set(re.findall(r'href="(/risk\?[^"]*page=2[^"]*)"', html))
    assert len(links) == 1
    link = links.pop().replace("&amp;", "&")
    for part in (f"gemeente={north.id}", "phase=aanmelding", "code=crises_recent"):
        assert part in link
    second = chair_client.get(link).get_data(as_text=True)
    assert references(html) + references(second) == in_order(high)


def test_same_queries_for_3_and_60_flagged_cases_and_no_unshown_data(chair_client, count_queries):
    make_flagged(3)
    shown = {"/risk": PER_PAGE, "/risk?code=crises_recent": 20, "/risk?phase=aanmelding": PER_PAGE}
    urls = tuple(shown)
    few = {}
    for url in urls:
        with count_queries() as queries:
            assert chair_client.get(url).status_code == 200
        few[url] = len(queries)
    make_flagged(57, start=3)
    for url in urls:
        with count_queries() as queries:
            html = chair_client.get(url).get_data(as_text=True)
        assert len(queries) == few[url], url
        assert len(references(html)) == shown[url], url
    sql = " ".join(queries).lower()
    for column in ("casus_problem_area", "casus.question", "risk_flag.evidence"):
        assert column not in sql, column  # not shown, so not read


def test_acknowledged_flag_is_marked(chair_client):
    make_flagged(2)
    db.session.execute(
        RiskFlag.__table__.update()
        .where(RiskFlag.code == "crises_recent")
        .values(acknowledged_at=NOW, acknowledgement_note="gezien")
    )
    html = chair_client.get("/risk").get_data(as_text=True)
    # the strongest line says "gezien", a folded-in signal carries a ✓
    assert re.search(r"2 of meer crises in de afgelopen 90 dagen( ✓|\s*<span[^>]*>gezien)", html)
