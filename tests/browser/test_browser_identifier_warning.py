"""A BSN typed into an event's description: the browser shows the warning next to the field and
stores the event only once the professional confirms (issue 20, point 6)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from caseflow.auth.models import Role
from caseflow.cases.records import add_member
from caseflow.cases.vocab import MemberRole
from caseflow.extensions import db
from tests.case_helpers import chair_user, new_case
from tests.factories import UserFactory
from tests.helpers import login_in_browser

pytestmark = pytest.mark.browser

# CASEFLOW_SCREENSHOTS=/some/dir saves the screens for a person to look at.
SHOTS = os.environ.get("CASEFLOW_SCREENSHOTS")


@pytest.fixture
def member_case(live_app):
    with live_app.app_context():
        chair = chair_user()
        case = new_case(chair, pseudonym="Waarschuwkind")
        emails = {}
        for locale in ("nl", "en"):
            user = UserFactory(
                role=Role.PROFESSIONAL.value, email=f"prof-{locale}@browser.example", locale=locale
            )
            add_member(case, user, MemberRole.JEUGDBESCHERMER, chair)
            emails[locale] = user.email
        db.session.commit()
        return emails, case.reference


@pytest.mark.parametrize(("locale", "width"), [("nl", 1280), ("nl", 390), ("en", 1280)])
def test_warning_next_to_the_field_then_confirm(
    live_server, browser, member_case, locale, width
):
    emails, reference = member_case
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        login_in_browser(page, live_server, emails[locale])
        page.goto(f"{live_server}/cases/{reference}/events/new")
        page.locator("#kind").select_option("contact_jeugdige")
        page.locator("#title").fill(f"Gesprek met moeder ({locale}, {width})")
        page.locator("#description").fill("Moeder gaf haar BSN 111222333 door.")
        form = page.locator("form", has=page.locator("#description"))
        form.locator("[type=submit]").click()
        feedback = page.locator("#description ~ .invalid-feedback")
        assert "111222333" in feedback.inner_text() and "BSN" in feedback.inner_text()
        confirm = page.locator("#confirm_identifiers")
        expect(confirm).to_be_visible()
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/identifier-warning-{locale}-{width}.png", full_page=True)
        confirm.check()
        form.locator("[type=submit]").click()
        page.wait_for_url(f"{live_server}/cases/{reference}/timeline")
        row = page.locator("table.timeline-table tr", has_text=f"Gesprek met moeder ({locale}")
        assert row.count() == 1
    finally:
        context.close()
