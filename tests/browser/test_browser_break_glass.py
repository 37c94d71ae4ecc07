"""In Chromium: a professional who is not a member is refused a case, asks for noodtoegang from the
refusal page, reads the case under the banner; the chair reviews that use on the start page."""

import pytest
from playwright.sync_api import expect

from caseflow.auth.models import Role
from caseflow.extensions import db
from tests.case_helpers import new_case
from tests.factories import UserFactory
from tests.helpers import login_in_browser

pytestmark = pytest.mark.browser

REASON = "Crisismelding via Veilig Thuis; de casusregisseur is vannacht niet bereikbaar."


@pytest.fixture
def people(live_app):
    with live_app.app_context():
        chair = UserFactory(role=Role.VOORZITTER.value, email="vz@noodtoegang.example")
        professional = UserFactory(
            role=Role.PROFESSIONAL.value, email="pro@noodtoegang.example", name="Ilse Nacht"
        )
        case = new_case(pseudonym="Mila")
        db.session.commit()
        return {
            "chair": (chair.email, chair.totp_secret),
            "professional": (professional.email, None),
            "reference": case.reference,
        }


_login = login_in_browser


def test_professional_breaks_the_glass_and_the_chair_reviews_it(live_server, page, people):
    reference = people["reference"]
    _login(page, live_server, *people["professional"])
    page.goto(f"{live_server}/cases/{reference}")
    assert "Pagina niet gevonden" in page.content()
    page.get_by_role("link", name="Vraag noodtoegang").click()
    page.wait_for_url(f"{live_server}/noodtoegang?reference={reference}")
    assert page.get_by_label("Casusnummer").input_value() == reference

    page.get_by_label("Reden voor noodtoegang").fill("te kort")
    page.get_by_role("button", name="Noodtoegang openen").click()
    expect(page.locator(".invalid-feedback").get_by_text(
        "Geef een reden van 20 tot 1000 tekens.")).to_be_visible()

    page.get_by_label("Reden voor noodtoegang").fill(REASON)
    page.get_by_role("button", name="Noodtoegang openen").click()
    page.wait_for_url(f"{live_server}/cases/{reference}")
    banner = page.locator(".break-glass-banner")
    assert "Noodtoegang tot" in banner.inner_text() and REASON in banner.inner_text()
    assert "Mila" in page.content()
    assert page.locator("form.quick-log").count() == 0  # reading only
    page.get_by_role("button", name="Uitloggen").click()

    _login(page, live_server, *people["chair"])
    panel = page.locator("[data-panel='auth.break_glass_review']")
    assert "Ilse Nacht" in panel.inner_text() and REASON in panel.inner_text()
    assert "loopt nog tot" in panel.inner_text()
    panel.get_by_label("Notitie (niet verplicht)").fill("Terecht, nachtelijke crisis.")
    panel.get_by_role("button", name="Beoordeeld").click()
    page.wait_for_url(f"{live_server}/")
    assert "Noodtoegang beoordeeld." in page.content()
    assert page.locator("[data-panel='auth.break_glass_review']").count() == 0
