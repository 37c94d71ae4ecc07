"""Issue 23 points 4 and 5 in Chromium: the chair's menu on one line at 1280 px, the access log
without sideways scrolling at 1280 and 390 px, in Dutch and English (screenshots in test-output)."""

from __future__ import annotations

import pytest

from caseflow.auth.models import Role
from tests.browser_pages import login, shot

pytestmark = pytest.mark.browser

FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def _context(browser, width: int):
    context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


# What sticks out of the page, to name it when a page does not fit.
WIDER = """[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right >
  document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className +
  ' ' + (e.textContent || '').trim().slice(0, 40))"""


def _language(page, code: str) -> None:
    """Choose the language in the footer (stored on the account: tests after this one on the
    shared demo server expect Dutch, so each test switches back)."""
    page.locator("#taalkeuze").select_option(code)
    # Until "load" the new page may be measured before its stylesheet applies: an unstyled menu
    # stacks every item on its own line (a loaded CI machine saw exactly that).
    with page.expect_navigation(wait_until="load"):
        page.locator("form:has(#taalkeuze) button[type=submit]").click()
    assert page.evaluate("document.documentElement.lang") == code


def test_the_chairs_menu_fits_on_one_line_at_1280(demo_server, browser):
    context, page = _context(browser, 1280)
    try:
        login(page, demo_server.url, demo_server.account(Role.VOORZITTER))
        page.wait_for_load_state("load")
        try:  # back to Dutch whatever happens: later tests on this demo server expect it
            for language in ("nl", "en"):
                if language == "en":
                    _language(page, "en")
                tops = page.locator("#hoofdmenu > ul > li, #hoofdmenu > .user-badge").evaluate_all(
                    "items => items.map(i => Math.round(i.getBoundingClientRect().top))"
                )
                assert len(tops) >= 4 and len(set(tops)) == 1, tops
                shot(page, f"voorzitter-menu-1280-{language}")
            page.locator("#hoofdmenu .dropdown-toggle").first.click()
            page.locator("#hoofdmenu .dropdown-menu.show a").first.wait_for()
            shot(page, "voorzitter-menu-open")
        finally:
            _language(page, "nl")
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_access_log_fits_the_screen(demo_server, browser, width):
    context, page = _context(browser, width)
    try:
        login(page, demo_server.url, demo_server.account(Role.BEHEERDER))
        page.goto(f"{demo_server.url}/admin/audit")
        assert page.locator("table.access-log tbody tr").count() > 1
        assert page.evaluate(FITS), page.evaluate("document.documentElement.scrollWidth")
        shot(page, f"beheerder-toegangslogboek-{width}-nl")
        _language(page, "en")
        try:  # back to Dutch whatever happens: later tests on this demo server expect it
            page.locator("table.access-log").wait_for()
            assert page.evaluate(FITS), page.evaluate(WIDER)
            assert page.get_by_text("succeeded").count() > 0
            shot(page, f"beheerder-toegangslogboek-{width}-en")
            page.goto(demo_server.url + "/")
            assert page.evaluate(FITS), page.evaluate(WIDER)
            shot(page, f"beheerder-start-{width}-en")
        finally:
            _language(page, "nl")
    finally:
        context.close()
