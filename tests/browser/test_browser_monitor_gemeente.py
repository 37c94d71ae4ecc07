"""A consulent sees their gemeente's monitor and no case (issue 24, point 5)."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from caseflow.auth.models import OrganisationKind, Role
from caseflow.cases.models import Case
from caseflow.extensions import db
from tests import monitor_data
from tests.factories import DEFAULT_PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def consulent(live_app):
    with live_app.app_context():
        monitor_data.build()
        organisation = OrganisationFactory(name="Gemeente Aastad",
                                           kind=OrganisationKind.GEMEENTE.value)
        user = UserFactory(role=Role.PROFESSIONAL.value, email="consulent@browser.example",
                           organisation=organisation)
        db.session.commit()
        references = list(db.session.scalars(select(Case.reference)))
        return user.email, references


def test_a_consulent_sees_their_gemeentes_monitor_and_no_case(live_server, page, consulent):
    email, references = consulent
    assert references  # the region has cases; none of them may show
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Monitor").click()
    page.get_by_label("Jaar", exact=True).select_option("2025")
    page.get_by_label("Periode", exact=True).select_option("year")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**/monitor?period=year&year=2025**")
    expect(page.locator("[data-gemeente-scope]")).to_contain_text("Aastad")
    page.goto(f"{live_server}/monitor/alles?period=year&year=2025&dimension=gemeente")
    instroom = page.locator('table[data-table="instroom"]')
    assert "Aastad" in instroom.inner_text() and "Bedorp" not in instroom.inner_text()
    assert sorted(page.get_by_label("Indelen naar").locator("option").all_inner_texts()) == [
        "Gemeente", "Totaal"]
    body = page.locator("body").inner_text()
    assert "Bedorp" not in body
    assert not [ref for ref in references if ref in body]  # nothing per case
    response = page.goto(f"{live_server}/cases/{references[0]}")
    assert response.status == 404
    page.goto(f"{live_server}/cases")
    cases_page = page.locator("main").inner_text()
    assert not [ref for ref in references if ref in cases_page]
