"""A professional logs an event from a phone-sized screen and sees it on the timeline."""

import pytest

from caseflow.auth.models import Role
from caseflow.cases.records import add_member
from caseflow.cases.vocab import MemberRole
from caseflow.extensions import db
from tests.case_helpers import chair_user, new_case
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def professional_case(live_app):
    with live_app.app_context():
        professional = UserFactory(role=Role.PROFESSIONAL.value, email="prof@browser.example")
        chair = chair_user()
        case = new_case(chair, pseudonym="Telefoonkind")
        add_member(case, professional, MemberRole.JEUGDBESCHERMER, chair)
        db.session.commit()
        return professional.email, case.reference


def test_log_event_on_a_phone(live_server, browser, professional_case):
    email, reference = professional_case
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, locale="nl-NL"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server}/login")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.goto(f"{live_server}/cases/{reference}")
        form = page.locator("form.quick-log")
        form.get_by_label("Soort").select_option("contact_jeugdige")
        form.get_by_label("Wat gebeurde er?").fill("Huisbezoek, gesproken met Telefoonkind")
        box = form.get_by_role("button", name="Vastleggen").bounding_box()
        assert box is not None and box["x"] + box["width"] <= 375  # reachable without zooming
        form.get_by_role("button", name="Vastleggen").tap()
        page.wait_for_url(f"{live_server}/cases/{reference}/timeline")
        row = page.locator("table.timeline-table tr", has_text="Huisbezoek, gesproken met")
        assert row.count() == 1
        assert "Contact met de jeugdige" in row.inner_text()
        marker = page.locator('svg.timeline-svg g.event-marker[data-kind="contact_jeugdige"]')
        assert marker.count() == 1
    finally:
        context.close()
