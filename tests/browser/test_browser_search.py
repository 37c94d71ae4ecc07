"""A search with three refusals and a placement: a member starts the search from the case page,
asks four providers, records three refusals and a yes, records the placement and closes the
search with it; the case page and the timeline show it."""

import re

import pytest

from caseflow.auth.models import Role
from caseflow.cases.records import add_member
from caseflow.cases.vocab import MemberRole
from caseflow.cases.workflow import Phase
from caseflow.core.clock import region_today
from caseflow.extensions import db
from tests.case_helpers import chair_user, new_case
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.search_helpers import provider

pytestmark = pytest.mark.browser
NAMES = ("Zorgaanbieder Het Anker", "Zorgaanbieder De Brug", "Zorgaanbieder Kompas",
         "Gezinshuis De Linde")


@pytest.fixture
def searching_member(live_app):
    with live_app.app_context():
        professional = UserFactory(role=Role.PROFESSIONAL.value, email="zoek@browser.example")
        chair = chair_user()
        case = new_case(chair, pseudonym="Zoekkind", phase=Phase.RET_BESPREKING)
        add_member(case, professional, MemberRole.JEUGDBESCHERMER, chair)
        for name in NAMES:
            provider(name)
        db.session.commit()
        return professional.email, case.reference


def test_a_search_with_three_refusals_and_a_placement(live_server, page, searching_member):
    email, reference = searching_member
    today = region_today().isoformat()
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{live_server}/cases/{reference}")
    page.get_by_role("link", name="Zoektocht starten").click()

    page.get_by_role("button", name="Vastleggen").click()  # nothing chosen: told, not stored
    assert "Kies minstens één soort zorg die gezocht wordt." in page.content()
    page.get_by_label("Gezinshuis").check()
    page.get_by_label("Kleinschalig").check()
    page.get_by_label("Prikkelarm").check()
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_url(re.compile(r".*/zoektochten/\d+$"))

    for name in NAMES:
        page.get_by_label("Zorgaanbieder", exact=True).select_option(label=name)
        page.get_by_label("Soort zorg").select_option("gezinshuis")
        page.get_by_label("Datum van de aanvraag").fill(today)
        page.get_by_role("button", name="Aanvraag vastleggen").click()
        page.wait_for_url(re.compile(r".*/zoektochten/\d+$"))
    assert page.locator("table.search-requests tbody tr").count() == 4
    assert "4 open aanvragen" in page.locator(".search-state").inner_text()

    for name, reason in zip(NAMES[:3], ("vol", "te_complex", "leeftijd"), strict=True):
        page.locator("table.search-requests tr", has_text=name).get_by_role(
            "link", name="Antwoord", exact=True).click()
        page.get_by_label("Antwoord", exact=True).select_option("nee")
        page.get_by_label("Datum van het antwoord").fill(today)
        page.get_by_role("button", name="Antwoord vastleggen").click()
        assert "Kies de reden van de afwijzing." in page.content()  # a no needs its reason
        page.get_by_label("Reden van ‘nee’").select_option(reason)
        page.get_by_role("button", name="Antwoord vastleggen").click()
        page.wait_for_url(re.compile(r".*/zoektochten/\d+$"))
    page.locator("table.search-requests tr", has_text=NAMES[3]).get_by_role(
        "link", name="Antwoord", exact=True).click()
    page.get_by_label("Antwoord", exact=True).select_option("ja")
    page.get_by_label("Datum van het antwoord").fill(today)
    page.get_by_role("button", name="Antwoord vastleggen").click()
    page.wait_for_url(re.compile(r".*/zoektochten/\d+$"))
    search_url = page.url
    answers = page.locator("table.search-requests td.answer").all_inner_texts()
    assert answers == ["Nee: Vol", "Nee: Te complex", "Nee: Leeftijd", "Ja"]

    page.goto(f"{live_server}/cases/{reference}/placements")
    page.get_by_label("Soort plaatsing").select_option("gezinshuis")
    page.get_by_label("Aanbieder").fill(NAMES[3])
    page.get_by_label("Startdatum").fill(today)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Plaatsing vastleggen").click()

    # The placement at the provider that said yes closes the search and links it (issue 25).
    page.goto(search_url)
    assert "Plaatsing gestart" in page.locator("h1 + .badge, .badge").all_inner_texts()
    assert "Afgesloten doordat de plaatsing startte." in page.content()
    assert page.get_by_label("Hoe eindigt de zoektocht").count() == 0

    page.goto(f"{live_server}/cases/{reference}")
    panel = page.locator("#zoektocht").inner_text()
    assert "4 aanbieders gevraagd" in panel and "0 open aanvragen" in panel
    assert "Gezinshuis De Linde, Ja" in panel
    page.goto(f"{live_server}/cases/{reference}/timeline")
    timeline = page.content()
    assert all(f"Antwoord van {name}" in timeline for name in NAMES)
    assert "Antwoord van Zorgaanbieder Kompas: Nee" in timeline
    assert "Zoektocht naar een plek afgesloten" in timeline
