"""In Chromium: the chair uploads a file with errors through the JavaScript upload (progress
line), sees every error with a link to its line of the file, and follows one."""

import json
from pathlib import Path

import pytest

from caseflow.auth.models import Role
from caseflow.cases.models import Gemeente
from caseflow.extensions import db
from tests.exchange_helpers import case, document
from tests.factories import UserFactory
from tests.helpers import login_in_browser

pytestmark = pytest.mark.browser
SHOTS = Path("test-output/screenshots")


@pytest.fixture
def chair(live_app):
    with live_app.app_context():
        user = UserFactory(role=Role.VOORZITTER.value, email="vz@import.example")
        db.session.add_all([Gemeente(name="Hilversum"), Gemeente(name="Huizen")])
        db.session.commit()
        return user.email, user.totp_secret


def test_errors_link_to_their_lines_after_an_upload_with_progress(live_server, page, chair,
                                                                  tmp_path):
    bad = case(gemeente="Atlantis")
    bad["placements"][0]["in_region"] = "ja"
    path = tmp_path / "historie.json"
    path.write_text(json.dumps(document(bad), indent=2))
    login_in_browser(page, live_server, *chair)
    page.goto(f"{live_server}/exchange/import")
    page.get_by_label("Bestand", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("fouten in het bestand").wait_for()
    assert page.locator(".import-errors li").count() == 2
    link = page.locator(".import-errors a").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    assert "Atlantis" in page.locator(target).inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"exchange-import-errors-{width}.png"), full_page=True)
