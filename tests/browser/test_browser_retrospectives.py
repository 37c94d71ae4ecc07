"""In Chromium, a facilitator prepares the retrospective the chair selected for her (questions,
name check), annotates two events on the session timeline and downloads the PDF report — which
is refused while a name the engine was unsure about is still open, and allowed once resolved."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from caseflow.auth.models import Role
from caseflow.extensions import db
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.retro_helpers import SECRET_NAMES, prepared

pytestmark = pytest.mark.browser


@pytest.fixture
def retro(live_app):
    with live_app.app_context():
        owner = UserFactory(role=Role.FACILITATOR.value, email="fac@browser.example",
                            name="Eva Facilitator")
        retro = prepared(owner=owner)
        values = {"id": retro.id, "name": retro.session_pseudonym, "email": owner.email}
        db.session.commit()
        return values


def _login(page, server, email):
    page.goto(f"{server}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{server}/")


def test_facilitator_prepares_annotates_and_downloads_the_pdf(live_server, page, retro):
    _login(page, live_server, retro["email"])
    page.get_by_role("link", name="Retrospectieven").first.click()
    page.get_by_role("link", name=retro["name"]).click()
    page.wait_for_url(re.compile(rf".*/retrospectives/{retro['id']}$"))

    page.get_by_text("Vragen en datum bewerken").click()
    page.get_by_label("Subvragen (één per regel)").fill(
        "Wanneer is de analyse gemaakt?\nWie had de regie?\nWat hebben we nodig?"
    )
    page.get_by_role("button", name="Vragen opslaan").click()
    assert "Vragen opgeslagen." in page.content()
    expect(page.get_by_text("Wie had de regie?", exact=True)).to_be_visible()

    assert "nog niet gecontroleerd" in page.locator("#namen").inner_text()
    page.get_by_role("link", name="Verslag als PDF").click()  # refused: a page, no download
    expect(page.get_by_role("heading", name="Verslag nog niet te downloaden")).to_be_visible()
    page.get_by_role("link", name=f"Namen controleren voor {retro['name']}").click()
    page.wait_for_url(re.compile(rf".*/retrospectives/{retro['id']}/namen$"))

    first = page.locator(".span-group").first
    flagged = first.locator(".flag-word").inner_text()
    first.get_by_role("button", name="Behouden").click()  # no reason: refused, next to the field
    expect(page.locator(".invalid-feedback").get_by_text(
        "Geef een reden waarom dit woord mag blijven staan.")).to_be_visible()
    first = page.locator(".span-group").first
    first.get_by_label("Vervangen door").fill("[mentor]")
    first.get_by_role("button", name="Vervangen", exact=True).click()
    assert flagged not in page.locator("#open").inner_text()
    while page.locator(".span-group").count():
        page.locator(".span-group").first.get_by_role("button", name="Vervangen",
                                                      exact=True).click()
    expect(page.get_by_text("Niets meer te controleren")).to_be_visible()

    page.get_by_role("link", name="Tijdlijn en annotaties").click()
    expect(page.locator("svg.timeline-svg")).to_be_visible()
    options = page.get_by_label("Bij gebeurtenis").locator("option")
    for index, (kind, text) in enumerate(
        [("kantelpunt", "Hier werd pas breed gekeken."), ("gemiste_kans", "School niet gevraagd.")]
    ):
        page.get_by_label("Soort", exact=True).select_option(kind)
        page.get_by_label("Bij gebeurtenis").select_option(options.nth(index + 1).get_attribute(
            "value"))
        page.get_by_label("Beantwoordt subvraag").select_option(label="Wie had de regie?")
        page.get_by_label("Tekst").fill(text)
        page.get_by_label("Thema's").select_option(label="Analyse te laat")
        page.get_by_role("button", name="Annotatie toevoegen").click()
        assert "Annotatie toegevoegd." in page.content()
    assert page.locator(".retro-annotation").count() == 2
    expect(page.locator(".annotation-kantelpunt")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Verslag als PDF").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert retro["name"] in text and "Hier werd pas breed gekeken." in text
    for name in SECRET_NAMES:
        assert name.lower() not in text.lower()
