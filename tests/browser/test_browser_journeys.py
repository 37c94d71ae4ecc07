"""A real day per role, in Debian's Chromium on the demo region (tests/browser_pages.py).
Screenshots of the key screens go to test-output/screenshots/ (a few are in docs/screenshots/)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Role, User
from caseflow.cases.access import visible_cases
from caseflow.cases.models import Case
from caseflow.extensions import db
from tests.browser_pages import login, shot

pytestmark = pytest.mark.browser


def _context(browser, **kwargs):
    context = browser.new_context(locale="nl-NL", **kwargs)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def _links(page, pattern: str) -> list[str]:
    """The hrefs of the main content's links that match ``pattern``."""
    hrefs = page.locator("main a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [h for h in hrefs if h and re.search(pattern, h)]


def test_chair_day(demo_server, browser):
    """Start page, board, risk overview, acknowledging a flag, a meeting."""
    base = demo_server.url
    context, page = _context(browser, viewport={"width": 1280, "height": 900})
    try:
        login(page, base, demo_server.account(Role.VOORZITTER))
        page.get_by_role("heading", name=re.compile("Welkom")).wait_for()
        shot(page, "voorzitter-1-start")
        page.get_by_role("button", name="Casussen").click()  # the chair's menu is grouped
        page.get_by_role("link", name="Bord", exact=True).first.click()
        page.wait_for_url(f"{base}/board", wait_until="domcontentloaded")
        shot(page, "voorzitter-2-bord")
        page.goto(f"{base}/risk")
        page.get_by_role("heading", name="Doorplaatsingsrisico").wait_for()
        shot(page, "voorzitter-3-risico")
        page.locator("table a[href*='/risk']").first.click()
        note = page.locator("textarea[name='note']").first
        note.fill("Besproken in het kernteam; casusregisseur plant een gesprek.")
        page.get_by_role("button", name="Gezien").first.click()
        page.get_by_text(re.compile("Gezien door")).first.wait_for()
        shot(page, "voorzitter-4-signaal-gezien")
        page.goto(f"{base}/meetings")
        meetings = _links(page, r"^/meetings/\d+$")
        assert meetings, "no meeting in the demo region"
        page.goto(base + meetings[0])
        shot(page, "voorzitter-5-vergadering")
    finally:
        context.close()


def test_professional_day_on_a_phone(demo_server, browser):
    """Only own cases; log an event and propose a move from a phone-sized screen."""
    base = demo_server.url
    with demo_server.app.app_context():
        user = demo_server.user(Role.PROFESSIONAL)
        own = set(db.session.scalars(visible_cases(user).with_only_columns(Case.reference)))
        other = db.session.scalar(select(Case.reference).where(Case.reference.not_in(own)))
        db.session.remove()
    context, page = _context(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        login(page, base, demo_server.account(Role.PROFESSIONAL))
        page.goto(f"{base}/cases")
        listed = set(page.locator("table.case-table tbody a[href^='/cases/']").all_inner_texts())
        assert listed and listed <= own
        shot(page, "professional-1-mijn-casussen")
        assert page.goto(f"{base}/cases/{other}").status == 404
        reference = sorted(listed)[0]
        page.goto(f"{base}/cases/{reference}")
        form = page.locator("form.quick-log")
        form.get_by_label("Soort").select_option("contact_jeugdige")
        form.get_by_label("Wat gebeurde er?").fill("Telefonisch contact met de school")
        form.get_by_role("button", name="Vastleggen").click()
        page.locator(".timeline-table").get_by_text("Telefonisch contact met de school").wait_for()
        shot(page, "professional-2-gebeurtenis-vastgelegd")
        page.goto(f"{base}/cases/{reference}")
        move = page.locator("details.move").first
        move.locator("summary").click()
        move.locator("textarea[name='reason']").fill("Tijd voor de volgende stap.")
        move.get_by_role("button", name="Voorstellen").click()
        page.get_by_text(re.compile("voorstel", re.I)).first.wait_for()
        shot(page, "professional-3-stap-voorgesteld")
    finally:
        context.close()


def test_facilitator_day(demo_server, browser):
    """Open the prepared retrospective, annotate its timeline, download the report."""
    base = demo_server.url
    context, page = _context(
        browser, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    try:
        login(page, base, demo_server.account(Role.FACILITATOR))
        page.goto(f"{base}/retrospectives/")
        shot(page, "facilitator-1-retrospectieven")
        link = _links(page, r"^/retrospectives/\d+$")
        assert link, "no retrospective to open"
        page.goto(base + link[0])
        shot(page, "facilitator-2-voorbereiding")
        page.goto(base + link[0] + "/tijdlijn")
        text = page.locator("textarea").first
        text.fill("Kantelpunt: na de schorsing volgde binnen twee weken de crisis.")
        text.locator("xpath=ancestor::form").get_by_role("button").first.click()
        page.get_by_text("Kantelpunt: na de schorsing").first.wait_for()
        shot(page, "facilitator-3-annotatie")
        page.goto(base + link[0] + "/verslag")
        shot(page, "facilitator-4-verslag")
        with page.expect_download() as download:
            page.locator("a[href$='verslag.pdf']").first.click()
        assert download.value.suggested_filename.endswith(".pdf")
    finally:
        context.close()


def test_administrator_day(demo_server, browser):
    """Create an account, make a password-reset link, read the access log."""
    base = demo_server.url
    context, page = _context(browser, viewport={"width": 1280, "height": 900})
    try:
        login(page, base, demo_server.account(Role.BEHEERDER))
        page.goto(f"{base}/admin/users/nieuw")
        page.get_by_label("E-mailadres").fill("nieuwe.collega@gooi-vecht.example")
        page.get_by_label("Naam").fill("Nieuwe Collega")
        page.get_by_label("Rol").select_option("professional")
        page.get_by_label("Organisatie").select_option(index=1)
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_text(re.compile("wachtwoord", re.I)).first.wait_for()
        shot(page, "beheerder-1-account-aangemaakt")
        with demo_server.app.app_context():
            new_id = db.session.scalar(
                select(User.id).where(User.email == "nieuwe.collega@gooi-vecht.example")
            )
            db.session.remove()
        assert new_id
        page.goto(f"{base}/admin/users/{new_id}")
        page.get_by_role("button", name="Eenmalige herstellink maken").click()
        page.get_by_text(re.compile(r"/wachtwoord-herstellen\?token=")).first.wait_for()
        shot(page, "beheerder-2-herstellink")
        page.goto(f"{base}/admin/audit")
        assert page.locator("table.access-log tbody tr").count() > 0
        shot(page, "beheerder-3-toegangslogboek")
        with demo_server.app.app_context():
            assert db.session.scalar(select(AccessLogEntry.id).limit(1))
            db.session.remove()
    finally:
        context.close()
