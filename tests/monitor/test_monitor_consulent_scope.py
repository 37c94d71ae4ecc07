"""A consulent's monitor is computed on their gemeente's cases in the query (issue 24 point 5):
no other gemeente's figure reaches any table (also those that do not filter rows by label, as
the verblijf table split by gemeente), and the number of queries does not grow with the region."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseflow.auth.models import OrganisationKind, Role
from caseflow.cases.models import Gemeente
from caseflow.extensions import db
from caseflow.monitor import stays
from caseflow.monitor.dimensions import Scope, scoped
from caseflow.monitor.periods import Dimension, Period, PeriodKind
from caseflow.timeline.models import Placement
from tests import monitor_data
from tests.factories import OrganisationFactory
from tests.query_helpers import grow_region, page_queries

ARGS = "period=year&year=2025&dimension=gemeente"
TODAY = date(2026, 11, 25)


def _consulent(auth, name: str):
    organisation = OrganisationFactory(
        name=f"Gemeente {name}", kind=OrganisationKind.GEMEENTE.value
    )
    return auth.login(user=auth.user(Role.PROFESSIONAL, organisation=organisation))


def _place_bedorp(region) -> None:
    # Seven Bedorp placements: enough that nothing of Bedorp's would be suppressed.
    for offset in range(7):
        db.session.add(
            Placement(
                case_id=region["other"].id,
                type="driemilieu",
                provider_name="Z",
                in_region=True,
                start_date=date(2025, 7, 1 + offset),
                actual_end=date(2025, 7, 2 + offset),
                recorded_at=monitor_data.at(date(2025, 7, 1 + offset)),
            )
        )
    db.session.flush()


def test_in_the_query_only_their_gemeentes_cases_are_counted(app):
    region = monitor_data.build()
    _place_bedorp(region)
    year = Period(PeriodKind.YEAR, 2025)
    whole = {label for label, _c in stays.verblijf(year, TODAY, Dimension.GEMEENTE).rows}
    assert "Bedorp · Driemilieuvoorziening" in whole
    with scoped(Scope(gemeente_id=region["a"].id)):
        table = stays.uitval(year, Dimension.GEMEENTE, TODAY)
        mix = stays.verblijf(year, TODAY, Dimension.GEMEENTE)
    assert [label for label, _c in table.rows] == ["Aastad"]
    assert [label for label, _c in mix.rows] == [
        "Aastad · Pleegzorg",
        "Aastad · Gezinshuis",
        "Aastad · totaal",
        "Totaal",
    ]
    assert mix.rows[-1][1][0].value == 6  # the total is Aastad's own (6), not the region's 13


def test_a_consulents_pages_hold_no_other_gemeentes_numbers(client, auth):
    region = monitor_data.build()
    _place_bedorp(region)
    _consulent(auth, "Aastad")
    for url in (f"/monitor/alles?{ARGS}", f"/monitor/indicator/verblijf?{ARGS}"):
        html = client.get(url).get_data(as_text=True)
        assert "Bedorp" not in html and "Driemilieuvoorziening" not in html, url
    text = client.get(f"/monitor/verblijf.csv?{ARGS}").get_data(as_text=True)
    assert "Bedorp" not in text
    assert text.rstrip().splitlines()[-1] == "Totaal;6;6;<5;<5"  # Aastad's, not 13


@pytest.fixture
def growing_consulent(client, auth):
    grow_region(30, seed=41)
    name = db.session.scalars(select(Gemeente.name).order_by(Gemeente.id)).first()
    _consulent(auth, name)
    return client


def test_a_consulents_query_count_does_not_grow(growing_consulent, count_queries):
    urls = (
        f"/monitor/alles?{ARGS}",
        f"/monitor?{ARGS}",
        f"/monitor/uitval.csv?{ARGS}&gecontracteerd=1&ret=1",
    )
    small = {url: page_queries(growing_consulent, count_queries, url) for url in urls}
    grow_region(90, seed=42)
    large = {url: page_queries(growing_consulent, count_queries, url) for url in urls}
    assert large == small
