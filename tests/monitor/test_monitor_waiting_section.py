"""The monitor shows the search's wachttijden (issue 25.5) from ``waiting_figures`` for the
searches opened in its period: per care type n, median and p90 with the <5 suppression, the
share placed out of region and how often the weighing was recorded; not to a gemeente's
consulent (the figures are region-wide)."""

from __future__ import annotations

import re

from caseflow.auth.models import OrganisationKind, Role
from tests import monitor_data
from tests.case_helpers import chair_user
from tests.factories import OrganisationFactory
from tests.search.test_search_figures import _placed_search
from tests.search_helpers import days_ago, provider


def _args() -> str:
    return f"period=year&year={days_ago(200).year}&dimension=totaal"


def _section(html: str) -> str:
    found = re.search(r'<section class="mb-5" id="monitor-wachttijden">(.*?)</section>', html, re.S)
    assert found, "no wachttijden section"
    return found.group(1)


def _build() -> None:
    actor, org = chair_user(), provider()
    # every search opens 200 days ago (``_placed_search``)
    for waited in (10, 20, 30, 40, 50):
        _placed_search(actor, org, waited=waited, in_region=waited != 50)
    _placed_search(actor, org, waited=7, care="pleegzorg")


def test_the_monitor_shows_the_waiting_figures(client, auth, app):
    _build()
    auth.login(user=auth.user(Role.VOORZITTER))
    html = client.get(f"/monitor/alles?period=year&year={days_ago(200).year}&dimension=totaal")
    assert html.status_code == 200
    section = _section(html.get_data(as_text=True))
    rows = re.findall(r"<tr><th>([^<]+)</th>((?:<td[^>]*>[^<]*</td>)+)</tr>", section)
    cells = {name: re.findall(r">([^<]*)</td>", tds) for name, tds in rows}
    assert cells["Gezinshuis"] == ["5", "30", "50"]  # n, median, p90 of 10..50 days
    assert cells["Pleegzorg"] == ["&lt;5", "—", "—"]
    assert 'id="buiten-regio"' in section


def test_a_consulent_does_not_get_the_region_wide_waiting_figures(client, auth, app):
    _build()
    monitor_data.build()  # the consulent's gemeente
    organisation = OrganisationFactory(name="Gemeente Aastad", kind=OrganisationKind.GEMEENTE.value)
    auth.login(user=auth.user(Role.PROFESSIONAL, organisation=organisation))
    response = client.get(f"/monitor/alles?{_args()}")
    assert response.status_code == 200
    assert 'id="monitor-wachttijden"' not in response.get_data(as_text=True)


def test_the_waiting_section_reads_as_many_statements_for_six_searches_as_for_sixty(
    client, auth, app, count_queries
):
    """The wachttijden table's statements do not grow with the searches (issue 25's fixed
    query count for the monitor's waiting table)."""
    from tests.query_helpers import page_queries

    _build()
    auth.login(user=auth.user(Role.VOORZITTER))
    url = f"/monitor/alles?{_args()}"
    small = page_queries(client, count_queries, url)
    actor = chair_user()
    for round_ in range(9):
        org = provider()
        for waited in (11, 22, 33, 44, 55, 66):
            _placed_search(actor, org, waited=waited + round_, refusals=("vol",))
    large = page_queries(client, count_queries, url)
    assert small == large
    section = _section(client.get(url).get_data(as_text=True))
    assert ">59<" in section or ">59</td>" in section  # 5 + 54 gezinshuis searches counted
