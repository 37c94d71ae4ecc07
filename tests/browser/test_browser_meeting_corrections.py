"""In Chromium, the chair moves a meeting to another day, takes a case off its agenda with a
reason, cancels the meeting (its case is to be scheduled again, the case page says so) and fixes
the minutes of another one, adding an addendum."""

import os
from datetime import time, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from caseflow.auth.models import Role
from caseflow.cases.workflow import Phase
from caseflow.extensions import db
from caseflow.meetings.clock import local_moment, region_today
from caseflow.meetings.services import add_agenda_item, plan_meeting
from tests.case_helpers import chair_user, new_case
from tests.factories import UserFactory
from tests.helpers import login_in_browser

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("CASEFLOW_SCREENSHOTS")  # a folder: look at the screens yourself


@pytest.fixture
def setting(live_app):
    with live_app.app_context():
        voorzitter = UserFactory(role=Role.VOORZITTER.value, email="vz@browser.example",
                                 name="Marieke Voorzitter")
        coordinator = chair_user()
        stays = new_case(coordinator, phase=Phase.RET_BESPREKING, pseudonym="Fenna")
        leaves = new_case(coordinator, phase=Phase.RET_BESPREKING, pseudonym="Joris")
        meeting = plan_meeting(
            local_moment(region_today() + timedelta(days=7), time(14)), voorzitter, coordinator,
            coordinator, location="Hilversum",
        )
        add_agenda_item(meeting, stays, coordinator)
        add_agenda_item(meeting, leaves, coordinator)
        today = plan_meeting(
            local_moment(region_today(), time(0, 5)), voorzitter, coordinator, coordinator,
            location="Bussum", confirmed=True,
        )
        db.session.commit()
        return {"chair": (voorzitter.email, voorzitter.totp_secret), "meeting": meeting.id,
                "today": today.id, "stays": stays.reference, "leaves": leaves.reference}


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_chair_corrects_and_cancels_a_meeting(live_server, page, setting):
    login_in_browser(page, live_server, *setting["chair"])
    page.goto(f"{live_server}/meetings/{setting['meeting']}")
    page.get_by_role("link", name="Wijzigen of annuleren").click()
    new_day = region_today() + timedelta(days=8)
    page.get_by_label("Datum", exact=True).fill(new_day.isoformat())
    page.get_by_label("Locatie").fill("Gemeentehuis Bussum")
    page.get_by_label("Toelichting").fill("Zaal bezet")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_text("De bespreking is gewijzigd.")).to_be_visible()
    expect(page.get_by_text("Gemeentehuis Bussum")).to_be_visible()
    _shot(page, "detail")

    page.get_by_role("link", name="van de agenda halen of verplaatsen").nth(1).click()
    page.locator("#remove-reason").fill("Dubbel aangemeld")
    page.get_by_role("button", name="Van de agenda halen").click()
    expect(page.get_by_text(f"{setting['leaves']} is van de agenda gehaald.")).to_be_visible()

    page.get_by_role("link", name="Wijzigen of annuleren").click()
    page.get_by_role("button", name="Bespreking annuleren").click()
    assert page.locator(".meeting-cancel .invalid-feedback").inner_text() == "Geef een reden op."
    page.locator("#cancel-reason").fill("Te weinig deelnemers")
    _shot(page, "edit")
    page.get_by_role("button", name="Bespreking annuleren").click()
    expect(page.locator(".meeting-cancelled")).to_be_visible()
    page.goto(f"{live_server}/cases/{setting['stays']}")
    expect(page.get_by_text("deze casus moet opnieuw worden ingepland")).to_be_visible()
    page.goto(f"{live_server}/cases/{setting['leaves']}")
    expect(page.get_by_text("Dubbel aangemeld")).to_be_visible()

    page.goto(f"{live_server}/meetings/{setting['today']}/minutes")
    page.get_by_role("button", name="Verslag vaststellen").click()
    expect(page.get_by_text("Het verslag is vastgesteld.")).to_be_visible()
    page.get_by_label("Addendum", exact=True).fill("De school was ook aanwezig.")
    page.get_by_role("button", name="Addendum toevoegen").click()
    expect(page.get_by_text("De school was ook aanwezig.")).to_be_visible()
    _shot(page, "minutes")
    page.goto(f"{live_server}/")
    # one meeting cancelled, the other held (minutes fixed): no next meeting to show
    assert page.get_by_role("heading", name="Volgende RET-bespreking").count() == 0
    if SHOTS:  # the same screens in English and on a phone, to look at
        page.get_by_label("Taal").select_option("en")
        page.get_by_role("button", name="Wijzig taal").click()
        for path, name in ((f"/meetings/{setting['meeting']}", "detail-en"),
                           (f"/meetings/{setting['today']}/bewerken", "edit-en"),
                           (f"/cases/{setting['stays']}", "case-en")):
            page.goto(f"{live_server}{path}")
            _shot(page, name)
            page.set_viewport_size({"width": 390, "height": 800})
            _shot(page, f"{name}-390")
            page.set_viewport_size({"width": 1280, "height": 800})
