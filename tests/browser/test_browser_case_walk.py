"""A process coordinator walks one case from intake to evaluatie through the real UI."""

import re

import pyotp
import pytest

from caseflow.auth.models import Role
from caseflow.extensions import db
from tests.factories import DEFAULT_PASSWORD, GemeenteFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(live_app):
    """The chair of the RET (a 'besluit buiten vergadering' is the chair's); logs in with TOTP."""
    with live_app.app_context():
        GemeenteFactory(name="Hilversum")
        user = UserFactory(role=Role.VOORZITTER.value, email="vz@browser.example")
        db.session.commit()
        return user.email, user.totp_secret


def _confirm_move(page, label):
    move = page.locator("details.move", has=page.get_by_text(label, exact=True))
    move.locator("summary").click()
    move.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state()


def test_case_from_intake_to_evaluatie(live_server, page, coordinator):
    email, secret = coordinator
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code uit uw authenticator-app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server}/")

    page.goto(f"{live_server}/cases/new")
    page.get_by_label("Roepnaam of pseudoniem").fill("Fenna")
    page.get_by_label("Geboortejaar").fill("2011")
    page.get_by_label("Geboortemaand").select_option("3")
    page.get_by_label("Gemeente (woonplaatsbeginsel)").select_option(label="Hilversum")
    page.get_by_label("Verwijzer", exact=True).select_option("gi")
    page.get_by_label("Hulpvraag").fill("Vierde plaatsing dreigt te stoppen.")
    page.get_by_label("Trauma").check()
    page.get_by_role("button", name="Aanmelding registreren").click()
    page.wait_for_url(re.compile(r".*/cases/GV-\d{4}-\d{4}$"))
    case_url = page.url
    assert page.locator(".phase-badge").inner_text() == "Aanmelding"

    _confirm_move(page, "Start verklarende analyse")
    assert page.locator(".phase-badge").inner_text() == "Verklarende analyse"

    page.get_by_role("link", name="Analyse bekijken of bijwerken").click()
    for label, text in [
        ("Verhelderde vraag", "Wat heeft Fenna nodig om te kunnen blijven?"),
        ("Problemen", "Drie plaatsingen in een jaar."), ("Krachten", "Band met oma."),
        ("Verklarende hypothesen — jeugdige", "Onveilige hechting."),
        ("Gedeelde werkhypothese", "Eén vaste volwassene."), ("Doelen", "Een blijvende plek."),
        ("Scenario's", "Gezinshuis dicht bij oma."),
    ]:
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("button", name="Nieuwe versie opslaan").click()
    assert "Versie 1 van de analyse is opgeslagen." in page.content()

    _confirm_move(page, "Naar RET-bespreking")
    assert page.locator(".phase-badge").inner_text() == "RET-bespreking"

    for kind, text, move in [
        ("besluit_buiten_vergadering", "RET adviseert een gezinshuis.", "Naar plaatsing"),
        ("geen_plaatsing_nodig", "Thuis met intensieve hulp.", "Start blijven volgen"),
    ]:
        page.get_by_role("link", name="Besluit vastleggen").click()
        page.get_by_label("Soort besluit").select_option(kind)
        page.get_by_label("Besluit", exact=True).fill(text)
        page.get_by_role("button", name="Besluit vastleggen").click()
        _confirm_move(page, move)

    # entering evaluatie needs an evaluatiemoment with the child's and the parents' voice
    page.get_by_role("link", name="Evaluatie vastleggen").click()
    page.get_by_label("Wat zegt de jeugdige zelf? (in eigen woorden)").fill("Bij oma blijven.")
    page.get_by_label("Hoe veilig voelt de jeugdige zich? (0–10)").select_option("6")
    page.get_by_label("Stem van de ouders ontbreekt, omdat").select_option("niet_gevraagd")
    page.get_by_label("Visie van de professionals").fill("Thuis gaat het stap voor stap beter.")
    page.get_by_role("button", name="Evaluatie vastleggen").click()
    page.wait_for_url(re.compile(r".*/cases/GV-\d{4}-\d{4}(#uitkomst)?$"))
    _confirm_move(page, "Naar evaluatie")
    assert page.url.startswith(case_url)
    assert page.locator(".phase-badge").inner_text() == "Evaluatie"
    history = page.locator("#historie tbody tr")
    assert history.count() == 6
