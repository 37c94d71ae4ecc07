"""Log in through the real login page in Debian's Chromium, against a live server."""

import pyotp
import pytest
from playwright.sync_api import expect

from caseflow.auth.models import Role
from caseflow.extensions import db
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def chair(live_app):
    with live_app.app_context():
        user = UserFactory(
            role=Role.VOORZITTER.value, email="voorzitter@browser.example", name="Bea Browser"
        )
        db.session.commit()
        return user.email, user.totp_secret


def test_login_in_a_real_browser_shows_the_start_page(live_server, page, chair):
    page.goto(f"{live_server}/")
    assert "/login" in page.url
    email, secret = chair
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server}/login/tweede-stap")
    page.get_by_label("Code uit uw authenticator-app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server}/")
    expect(page.get_by_role("heading", name="Welkom, Bea Browser")).to_be_visible()
    expect(page.get_by_text("Wat vraagt vandaag om u")).to_be_visible()


def test_wrong_password_in_a_real_browser(live_server, page, chair):
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mailadres").fill(chair[0])
    page.get_by_label("Wachtwoord").fill("niet-het-goede-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    assert "Onjuist e-mailadres of wachtwoord" in page.get_by_role("alert").inner_text()
