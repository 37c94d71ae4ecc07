"""In Chromium: the CSP lets Bootstrap's local JavaScript run and reports no violations; the
TOTP enrolment page's QR code is an inline SVG that needs no script."""

import pyotp
import pytest
from playwright.sync_api import expect

from caseflow.auth.models import Role
from caseflow.extensions import db
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_pages_run_bootstrap_under_the_csp_without_violations(live_app, live_server, page):
    with live_app.app_context():
        chair = UserFactory(role=Role.VOORZITTER.value, totp_secret=None)
        db.session.commit()
        email = chair.email
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text)
        if "Content Security Policy" in message.text else None,
    )
    page.goto(f"{live_server}/login")
    assert page.evaluate("typeof bootstrap") == "object"
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server}/login/tweestapsverificatie")
    expect(page.locator("svg.totp-qr")).to_be_visible()
    secret = page.locator("code.totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code uit uw authenticator-app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_server}/")
    page.set_viewport_size({"width": 500, "height": 800})
    page.get_by_role("button", name="Menu tonen").click()  # Bootstrap's collapse (JavaScript)
    page.get_by_role("button", name="Uitloggen").wait_for(state="visible")
    assert violations == []
