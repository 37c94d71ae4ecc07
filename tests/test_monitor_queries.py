"""The monitor runs a fixed number of queries whatever the size of the region, for every kind
of period and split; a chart or CSV runs only the queries of its own table."""

from __future__ import annotations

import pytest

from caseflow.auth.models import Role
from caseflow.extensions import db
from caseflow.generate.runner import generate
from caseflow.risk.services import recompute

PAGES = (
    "/monitor?period=year&year=2025&dimension=gemeente",
    "/monitor?period=quarter&year=2025&number=3&dimension=probleemgebied",
    "/monitor?period=month&year=2025&number=11&dimension=leeftijd",
    "/monitor?period=year&year=2024&dimension=verwijzer",
    "/monitor?period=year&year=2025&dimension=totaal",
)
PARTS = (
    "/monitor/chart/instroom.svg?period=year&year=2025",
    "/monitor/chart/duur_fase.svg?period=year&year=2025",
    "/monitor/chart/uitval.svg?period=year&year=2025",
    "/monitor/terugkeer.csv?period=year&year=2025",
    "/monitor/trend.svg?period=year&year=2025",
)


def _grow(cases: int, seed: int) -> None:
    generate(cases, seed=seed, reads_per_case=1, years=3)
    recompute()
    db.session.flush()


def _count(client, count_queries, url: str) -> int:
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def chair_client(client, auth):
    auth.login(Role.VOORZITTER)
    return client


def test_monitor_query_count_is_fixed_for_every_period_and_split(chair_client, count_queries):
    _grow(30, seed=41)
    small = {url: _count(chair_client, count_queries, url) for url in PAGES + PARTS}
    _grow(90, seed=42)
    large = {url: _count(chair_client, count_queries, url) for url in PAGES + PARTS}
    assert large == small
    page = small[PAGES[0]]
    # a chart or CSV reads its own table only (a CSV also writes its access-log row)
    for url in PARTS:
        assert small[url] <= 6 < page, (url, small)
