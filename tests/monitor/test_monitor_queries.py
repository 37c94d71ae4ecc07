"""The monitor runs a fixed number of queries whatever the size of the region, for every kind
of period and split; a chart or CSV runs only the queries of its own table."""

from __future__ import annotations

from tests.query_helpers import grow_region, page_queries

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




def test_monitor_query_count_is_fixed_for_every_period_and_split(chair_client, count_queries):
    grow_region(30, seed=41)
    small = {url: page_queries(chair_client, count_queries, url) for url in PAGES + PARTS}
    grow_region(90, seed=42)
    large = {url: page_queries(chair_client, count_queries, url) for url in PAGES + PARTS}
    assert large == small
    page = small[PAGES[0]]
    # a chart or CSV reads its own table only (a CSV also writes its access-log row)
    for url in PARTS:
        assert small[url] <= 6 < page, (url, small)
