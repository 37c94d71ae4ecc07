"""In Chromium: the chair makes a personal link for the young person on the consent page; the young
person, without an account, opens it, switches to English and back, gives consent with a reflection,
and the link is dead afterwards (issue 18)."""

import re

import pytest
from playwright.sync_api import expect

from caseflow.auth.models import Role
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.retrospectives.consent import consent_state
from caseflow.retrospectives.vocab import ConsentParty
from tests.browser.test_browser_accessibility import axe_problems
from tests.factories import UserFactory
from tests.helpers import login_in_browser
from tests.retro_helpers import PSEUDONYM, case_with_history, give_consent

pytestmark = pytest.mark.browser


@pytest.fixture
def chair_case(live_app):
    with live_app.app_context():
        chair = UserFactory(role=Role.VOORZITTER.value, email="chair@family.example",
                            name="Voorzitter Browser")
        case = case_with_history(chair)
        give_consent(case, chair, only=True)  # the parents; the young person (12-16) still to come
        values = {"reference": case.reference, "id": case.id, "email": chair.email,
                  "secret": chair.totp_secret}
        db.session.commit()
        return values


def test_young_person_gives_consent_through_the_personal_link(live_app, live_server, browser,
                                                              chair_case):
    chair = browser.new_context(locale="nl-NL").new_page()
    login_in_browser(chair, live_server, chair_case["email"], chair_case["secret"])
    chair.goto(f"{live_server}/retrospectives/cases/{chair_case['reference']}/toestemming")
    assert "12 tot 16 jaar" in chair.locator("#wie-toestemming").inner_text()
    expect(chair.locator("tr[data-party=jongere]").get_by_text("nog niet gegeven")).to_be_visible()
    chair.get_by_label("Link voor", exact=True).select_option("jongere")
    chair.get_by_role("button", name="Persoonlijke link maken").click()
    link = chair.locator("code.family-link").inner_text()
    assert re.match(rf"^{re.escape(live_server)}/gezin/[\w-]{{40,}}$", link)
    chair.context.close()

    family = browser.new_context(locale="nl-NL").new_page()  # no account, no session
    family.goto(link)
    expect(family.get_by_role("heading", name="Terugkijken op de hulp")).to_be_visible()
    assert PSEUDONYM not in family.content() and chair_case["reference"] not in family.content()
    expect(family.get_by_text("Je hebt nog geen antwoord gegeven.")).to_be_visible()
    assert axe_problems(family) == []  # a public page: the axe crawl of tests/ skips those
    family.get_by_label("Taal").select_option("en")
    family.get_by_role("button", name="Wijzig taal").click()
    expect(family.get_by_role("heading", name="Looking back on the help")).to_be_visible()
    family.get_by_label("Language").select_option("nl")
    family.get_by_role("button", name="Change language").click()
    family.get_by_label("Ja. Wat ze leren, mogen ze ook delen met andere teams.").check()
    family.get_by_label("Hoe was de hulp voor jou?").fill("Eindelijk luisterde iemand naar mij.")
    family.get_by_role("button", name="Versturen").click()
    expect(family.get_by_role("heading", name="Bedankt")).to_be_visible()
    assert "Je hebt gezegd: ja." in family.content()
    response = family.goto(link)
    assert response.status == 404
    expect(family.get_by_role("heading", name="Deze link werkt niet (meer)")).to_be_visible()
    family.context.close()

    with live_app.app_context():
        state = consent_state(db.session.get(Case, chair_case["id"]))
        young = state.parties[ConsentParty.JONGERE]
        assert young.given and young.record.via == "link" and state.complete
        assert young.record.reflection == "Eindelijk luisterde iemand naar mij."
