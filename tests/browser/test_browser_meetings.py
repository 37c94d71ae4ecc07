"""The chair plans a RET meeting in Chromium, puts a case on the agenda, records a decision and an
action, and the action's owner finds it on their start page."""

import re

import pytest
from playwright.sync_api import expect

from caseflow.auth.models import Role
from caseflow.cases.workflow import Phase
from caseflow.extensions import db
from caseflow.meetings.clock import region_today
from tests.case_helpers import chair_user, new_case
from tests.factories import UserFactory
from tests.helpers import login_in_browser

pytestmark = pytest.mark.browser


@pytest.fixture
def people(live_app):
    with live_app.app_context():
        voorzitter = UserFactory(role=Role.VOORZITTER.value, email="vz@browser.example",
                                 name="Marieke Voorzitter")
        coordinator = chair_user()
        coordinator.name = "Thomas Procesbegeleider"
        owner = UserFactory(email="eigenaar@browser.example", name="Sanne Eigenaar")
        case = new_case(coordinator, phase=Phase.RET_BESPREKING, pseudonym="Fenna")
        db.session.commit()
        return {
            "chair": (voorzitter.email, voorzitter.totp_secret),
            "owner": owner.email,
            "owner_label": f"{owner.name} — {owner.organisation.name}",
            "coordinator_label": f"{coordinator.name} — {coordinator.organisation.name}",
            "case": f"{case.reference} · {case.pseudonym}",
        }


_login = login_in_browser


def test_chair_records_decision_and_action_and_owner_sees_it(live_server, page, people):
    _login(page, live_server, *people["chair"])
    page.get_by_role("link", name="RET-besprekingen").click()
    expect(page.get_by_text(people["case"])).to_be_visible()  # proposed for the next agenda
    page.get_by_role("link", name="Bespreking plannen").click()
    page.get_by_label("Datum").fill(region_today().isoformat())
    page.get_by_label("Aanvang").fill("09:30")
    page.get_by_label("Locatie").fill("Gemeentehuis Hilversum")
    page.get_by_label("Procesbegeleider").select_option(label=people["coordinator_label"])
    page.get_by_role("button", name="Bespreking plannen").click()
    page.wait_for_url(re.compile(r".*/meetings/\d+$"))
    assert "De bespreking is gepland." in page.content()

    page.get_by_label("Casus", exact=True).select_option(label=people["case"])
    page.get_by_role("button", name="Op de agenda zetten").click()
    page.get_by_role("link", name=people["case"]).click()
    page.wait_for_url(re.compile(r".*/agenda-items/\d+$"))

    page.get_by_label("Besluit", exact=True).fill("Gezinshuis dicht bij oma zoeken.")
    page.get_by_label("Mandaat").select_option("advies")
    page.get_by_role("button", name="Besluit vastleggen").click()
    assert "Het besluit is vastgelegd" in page.content()

    page.get_by_label("Actie", exact=True).fill("Kennismaking met het gezinshuis plannen.")
    page.get_by_label("Eigenaar").select_option(label=people["owner_label"])
    page.get_by_label("Uiterlijk").fill(region_today().isoformat())
    page.get_by_role("button", name="Actie vastleggen").click()
    assert "De actie is vastgelegd" in page.content()
    page.get_by_role("button", name="Uitloggen").click()

    _login(page, live_server, people["owner"])
    panel = page.locator("[data-panel='meetings.my_actions']")
    expect(panel.get_by_text("Kennismaking met het gezinshuis plannen.")).to_be_visible()
    panel.get_by_role("button", name="Gedaan").click()
    page.wait_for_url(f"{live_server}/")
    assert "De actie is bijgewerkt." in page.content()
    assert page.locator("[data-panel='meetings.my_actions']").count() == 0
