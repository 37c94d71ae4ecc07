"""The chair opens the monitor, changes the period and downloads a CSV."""

import pytest
from playwright.sync_api import expect

from caseflow.auth.models import Role
from caseflow.extensions import db
from tests import monitor_data
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(live_app):
    with live_app.app_context():
        monitor_data.build()
        user = UserFactory(role=Role.PROCESBEGELEIDER.value, email="monitor@browser.example")
        db.session.commit()
        return user.email


def test_monitor_period_change_and_csv(live_server, page, coordinator):
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mailadres").fill(coordinator)
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{live_server}/monitor")
    page.get_by_label("Periode", exact=True).select_option("year")
    page.get_by_label("Jaar", exact=True).select_option("2025")
    page.get_by_label("Indelen naar").select_option("gemeente")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**/monitor?period=year&year=2025**")
    expect(page.get_by_role("heading", name="Regionale monitor — 2025")).to_be_visible()
    # the first screen: headline numbers, each opening its detail page
    page.locator('[data-headline="Aanmeldingen"]').click()
    page.wait_for_url("**/monitor/indicator/instroom?period=year&year=2025**")
    instroom = page.locator('table[data-table="instroom"]')
    assert "Aastad" in instroom.inner_text()
    chart = page.locator("#indicator-instroom img.monitor-chart")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    with page.expect_download() as download_info:
        page.locator("#indicator-instroom").get_by_role("link", name="Download als CSV").click()
    download = download_info.value
    assert download.suggested_filename == "caseflow-monitor-instroom-2025-gemeente.csv"
    with open(download.path(), encoding="utf-8-sig") as handle:
        content = handle.read()
    assert "Aastad;5;0" in content and "Bedorp;<5;<5" in content
