"""Issue 20, done-when 1: from an EMPTY database (``flask db upgrade``, no demo), following the
README and the operator's guide, a beheerder sets up a region with its gemeenten and
organisations, creates the chair's account, and the chair registers the first case.

Set CASEFLOW_SCREENSHOT_DIR to keep the pictures the guides show (docs/screenshots/)."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pyotp
import pytest
from flask_migrate import upgrade
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from caseflow import create_app
from caseflow.cases.models import Case
from caseflow.extensions import db
from tests.conftest import make_test_config
from tests.databases import database_url, empty_database

pytestmark = pytest.mark.browser
ADMIN_PASSWORD = "Zeven-zonnige-kastanjes-19"  # noqa: S105 - a test account's password
CHAIR_PASSWORD = "Twaalf-rode-tulpen-88"  # noqa: S105
SHOTS = os.environ.get("CASEFLOW_SCREENSHOT_DIR")


@pytest.fixture
def empty_install():
    """A database with only the migrations run, and the first beheerder made with the CLI."""
    url = database_url("firstrun")
    empty_database(url)
    app = create_app(make_test_config(url, WTF_CSRF_TIME_LIMIT=None))
    with app.app_context():
        upgrade()  # flask --app caseflow db upgrade
    result = app.test_cli_runner().invoke(args=[
        "users", "create", "beheer@haaglanden.example", "--name", "Bea Beheer",
        "--role", "beheerder", "--organisation", "Regionaal Expertteam Haaglanden",
        "--organisation-kind", "ret", "--password-stdin"], input=ADMIN_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        empty_database(url)


def _shoot(page, name: str) -> None:
    if not SHOTS:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        suffix = "" if width == 1280 else "-smal"
        page.screenshot(path=str(Path(SHOTS) / f"{name}{suffix}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _log_in_first_time(page, server: str, email: str, password: str) -> None:
    """Password, then the TOTP enrolment every chair and beheerder does at the first login."""
    page.goto(f"{server}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{server}/login/tweestapsverificatie")
    secret = page.locator("code.totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code uit uw authenticator-app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bevestigen").click()


def test_a_region_from_an_empty_database_to_the_first_case(empty_install, page):
    app, server = empty_install
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_in_first_time(page, server, "beheer@haaglanden.example", ADMIN_PASSWORD)
    page.wait_for_url(f"{server}/")
    expect(page.get_by_text("Deze installatie heeft nog geen regio")).to_be_visible()  # first run
    page.get_by_role("link", name="Regio inrichten").click()
    page.wait_for_url(f"{server}/admin/inrichting")
    page.get_by_label("Naam van de regio").fill("Haaglanden")
    page.get_by_label("Regiocode").fill("HL")
    page.get_by_label("Haaglanden", exact=True).check()
    page.get_by_label("Organisaties").fill(
        "Jeugdbescherming West (test); gi\nVoorbeeldzorg Jeugd (test); zorgaanbieder; 12345678")
    _shoot(page, "beheerder-inrichting")
    page.get_by_role("button", name="Regio inrichten").click()
    page.wait_for_url(f"{server}/admin/users")
    expect(page.get_by_text("De regio is ingericht")).to_be_visible()

    page.get_by_role("link", name="Gemeenten", exact=True).click()
    expect(page.get_by_role("cell", name="GM0518")).to_be_visible()  # Den Haag
    _shoot(page, "beheerder-gemeenten")

    page.get_by_role("link", name="Accounts", exact=True).click()
    page.get_by_role("link", name="Nieuw account").click()
    page.get_by_label("E-mailadres").fill("voorzitter@haaglanden.example")
    page.get_by_label("Naam").fill("Vera Voorzitter")
    page.get_by_label("Rol").select_option(label="Voorzitter RET")
    page.get_by_label("Organisatie").select_option(label="Regionaal Expertteam Haaglanden")
    page.get_by_role("button", name="Opslaan").click()
    link = page.locator("code.reset-link").inner_text()
    page.get_by_role("button", name="Uitloggen").click()

    page.goto(re.sub(r"^http://[^/]+", server, link))
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(CHAIR_PASSWORD)
    page.get_by_label("Herhaal het nieuwe wachtwoord").fill(CHAIR_PASSWORD)
    page.get_by_role("button", name="Wachtwoord instellen").click()
    page.wait_for_url(f"{server}/login")
    _log_in_first_time(page, server, "voorzitter@haaglanden.example", CHAIR_PASSWORD)
    page.wait_for_url(f"{server}/")

    page.goto(f"{server}/cases/new")
    page.get_by_label("Roepnaam of pseudoniem").fill("Sterre")
    page.get_by_label("Geboortejaar").fill("2012")
    page.get_by_label("Geboortemaand").select_option("5")
    page.get_by_label("Gemeente (woonplaatsbeginsel)").select_option(label="Delft")
    page.get_by_label("Verwijzer").select_option(label="Gecertificeerde instelling (GI)")
    page.get_by_label("Verwijzende organisatie").select_option(
        label="Jeugdbescherming West (test)")
    page.get_by_label("Hulpvraag").fill("Een passende plek na een vastgelopen plaatsing.")
    page.get_by_label("Trauma").check()
    # the first free text this server process checks loads deduce's lookup tables (seconds on a
    # busy machine): the answer may take longer than a click's usual 15 s
    page.get_by_role("button", name="Aanmelding registreren").click(timeout=90_000)
    page.wait_for_url(re.compile(r".*/cases/HL-\d{4}-0001$"))
    expect(page.get_by_text("geregistreerd").first).to_be_visible()
    with app.app_context():
        stored = db.session.scalar(select(Case))
        assert stored.reference.startswith("HL-") and stored.gemeente.name == "Delft"
        assert stored.gemeente.cbs_code == "GM0503"
