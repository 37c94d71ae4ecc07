"""The chair corrects a case's birth year and a placement's type in Chromium; the case page shows
the version kept and the placements page the corrected placement."""

import os
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from caseflow.auth.models import Role
from caseflow.extensions import db
from caseflow.timeline.placements import PlacementInput, start_placement
from tests.case_helpers import chair_user, new_case
from tests.factories import UserFactory
from tests.helpers import login_in_browser

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("CASEFLOW_SCREENSHOTS")  # a folder: also save screenshots there


@pytest.fixture
def chair_and_case(live_app):
    with live_app.app_context():
        voorzitter = UserFactory(role=Role.VOORZITTER.value, email="vz-corr@browser.example")
        case = new_case(chair_user(), pseudonym="Lotte")
        placement = start_placement(case, PlacementInput(
            type="gezinshuis", provider_name="Gezinshuis De Linde",
            start_date=date.today() - timedelta(days=20)), chair_user())
        db.session.commit()
        return (voorzitter.email, voorzitter.totp_secret), case.reference, placement.id


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_chair_corrects_a_case_and_a_placement(live_server, browser, chair_and_case, width):
    chair, reference, placement_id = chair_and_case
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        login_in_browser(page, live_server, *chair)
        page.goto(f"{live_server}/cases/{reference}")
        page.get_by_role("link", name="Gegevens corrigeren").click()
        page.get_by_label("Geboortejaar").fill("2013")
        page.get_by_role("button", name="Correctie opslaan").click()
        expect(page.get_by_text("Geef een reden voor de correctie.").first).to_be_visible()
        _shot(page, f"correctie-geweigerd-{width}.png")
        page.get_by_label("Reden van de correctie").fill("Geboortejaar verkeerd overgenomen")
        page.get_by_role("button", name="Correctie opslaan").click()
        page.wait_for_url(f"{live_server}/cases/{reference}#correcties")
        history = page.locator("#correcties")
        assert "Geboortejaar verkeerd overgenomen" in history.inner_text()
        assert "oorspronkelijke aanmelding" in history.inner_text()
        _shot(page, f"correctie-casus-{width}.png")
        page.goto(f"{live_server}/cases/{reference}/placements/{placement_id}/correct")
        page.get_by_label("Soort plaatsing").select_option("pleegzorg")
        page.get_by_label("Reden van de correctie").fill("Verkeerde soort gekozen")
        page.get_by_role("button", name="Correctie opslaan").click()
        page.wait_for_url(f"{live_server}/cases/{reference}/placements")
        assert "Pleegzorg" in page.locator("table").first.inner_text()
        page.goto(f"{live_server}/cases/{reference}/placements/{placement_id}/correct")
        _shot(page, f"correctie-plaatsing-{width}.png")
        assert "Verkeerde soort gekozen" in page.locator("#versies").inner_text()
        page.locator("#taalkeuze").select_option("en")
        page.get_by_role("button", name="Wijzig taal").click()
        page.goto(f"{live_server}/cases/{reference}/bewerken")
        expect(page.get_by_role("button", name="Save correction")).to_be_visible()
        expect(page.get_by_label("Reason for the correction")).to_be_visible()
        _shot(page, f"correction-case-en-{width}.png")
    finally:
        context.close()
