"""A professional records an evaluation with the child's own words and safety score, and sees the
case page's outcome chart change."""

import re
from datetime import date

import pytest

from caseflow.auth.models import Role
from caseflow.cases.records import add_member
from caseflow.cases.vocab import MemberRole
from caseflow.cases.workflow import Phase
from caseflow.extensions import db
from caseflow.outcome.evaluations import record_evaluation
from caseflow.outcome.services import GoalContent, add_goal
from tests.case_helpers import chair_user, evaluation_input, new_case
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def professional_case(live_app):
    with live_app.app_context():
        professional = UserFactory(role=Role.PROFESSIONAL.value, email="uitkomst@browser.example")
        chair = chair_user()
        case = new_case(chair, pseudonym="Stemkind", phase=Phase.BLIJVEN_VOLGEN)
        add_member(case, professional, MemberRole.JEUGDBESCHERMER, chair)
        record_evaluation(case, evaluation_input(), chair)  # safety 7, no goals yet
        add_goal(case, GoalContent("Weer naar school", "jeugdige", "Vier dagen per week"), chair)
        db.session.commit()
        return professional.email, case.reference


def test_professional_records_the_childs_view_and_the_chart_changes(
    live_server, page, professional_case
):
    email, reference = professional_case
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{live_server}/cases/{reference}")
    chart = page.locator("img#uitkomst-grafiek")
    before = chart.get_attribute("src")
    svg_before = page.request.get(f"{live_server}{before}").text()
    assert page.locator("table.outcome-table tbody tr").count() == 1

    page.get_by_role("link", name="Evaluatie vastleggen").click()
    page.get_by_label("Datum van het evaluatiemoment").fill(date.today().isoformat())
    page.get_by_label(re.compile("^1. Weer naar school")).select_option("2")
    page.get_by_label("Wat zegt de jeugdige zelf? (in eigen woorden)").fill(
        "Ik voel me veilig bij oma en ga weer naar school."
    )
    page.get_by_label("Hoe veilig voelt de jeugdige zich? (0–10)").select_option("9")
    page.get_by_label("Stem van de ouders ontbreekt, omdat").select_option("niet_gevraagd")
    page.get_by_label("Visie van de professionals").fill("De plek houdt stand.")
    page.get_by_role("button", name="Evaluatie vastleggen").click()
    page.wait_for_url(re.compile(rf".*/cases/{reference}#uitkomst$"))

    assert "Ik voel me veilig bij oma" in page.locator("#uitkomst").inner_text()
    rows = page.locator("table.outcome-table tbody tr")
    assert rows.count() == 2 and "9" in rows.first.inner_text() and "+2" in rows.first.inner_text()
    after = chart.get_attribute("src")
    assert after != before
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    svg_after = page.request.get(f"{live_server}{after}").text()
    assert svg_after != svg_before and "Gemiddelde doelscore" in svg_after
