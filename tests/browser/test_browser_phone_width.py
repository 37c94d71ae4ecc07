"""A phone in the hand (issue 23): every GET screen of every role fits 320, 360 and 390 px without
sideways scrolling (WCAG 1.4.10 reflow). Tables stack into cards (``.stack-sm``), the timeline
picture gets its vertical phone rendering, wide boxes scroll inside themselves.

One browser, one context per role, the shared demo server; each page is opened once and the
viewport narrowed step by step. Screenshots of every page and width land in
``test-output/phone/`` to look at.
"""

from __future__ import annotations

import re

import pytest

from caseflow.auth.models import Role
from caseflow.extensions import db
from tests.browser_pages import FILE_SUFFIXES, SCREENSHOTS, login, pages_for

pytestmark = pytest.mark.browser

WIDTHS = (390, 360, 320)
OUTPUT = SCREENSHOTS.parent / "phone"
# The elements sticking out on the right, to say what is too wide when the test fails.
WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > limit + 0.5 && box.width > 0) {
      let inside = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) {
          inside = true; break;
        }
      }
      const classes = typeof el.className === 'string' && el.className.trim()
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      if (!inside) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes +
        ' ' + Math.round(box.right));
    }
  }
  return out.slice(-6);
}"""


def _name(endpoint: str, width: int, role: Role, locale: str) -> str:
    return f"{role.value}-{locale}-{width}-{re.sub(r'[^a-z0-9_]+', '-', endpoint.lower())}"


def _set_locale(demo_server, role: Role, locale: str | None) -> str | None:
    """The language is the user's own choice (stored on the account): set it, return the old."""
    with demo_server.app.app_context():
        user = demo_server.user(role)
        before, user.locale = user.locale, locale
        db.session.commit()
        db.session.remove()
    return before


def _pages_too_wide(demo_server, browser, role: Role, widths: tuple[int, ...],
                    locale: str) -> tuple[int, list[str]]:
    """Open every page of ``role`` once, narrow the viewport step by step; what scrolls sideways."""
    app = demo_server.app
    with app.app_context():
        pages = pages_for(app, demo_server.user(role))
        db.session.remove()
    account = demo_server.account(role)
    context = browser.new_context(locale="nl-NL", viewport={"width": widths[0], "height": 800})
    page = context.new_page()
    page.set_default_timeout(30_000)
    # The first open of a retrospective's changes page takes ~40 s on a loaded machine
    # (server side, built once); the navigation may wait for it.
    page.set_default_navigation_timeout(120_000)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    too_wide: list[str] = []
    measured = 0
    try:
        login(page, demo_server.url, account)
        for endpoint, path in pages:
            if path.endswith(FILE_SUFFIXES):
                continue
            page.set_viewport_size({"width": widths[0], "height": 800})
            response = page.goto(demo_server.url + path)
            assert response is not None and response.status < 400, (endpoint, path)
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            assert page.evaluate("() => document.documentElement.lang") == locale, path
            for width in widths:
                page.set_viewport_size({"width": width, "height": 800})
                scroll, client = page.evaluate(
                    "() => [document.documentElement.scrollWidth,"
                    " document.documentElement.clientWidth]"
                )
                assert client <= width  # a scroll bar may take its share
                measured += 1
                page.screenshot(path=str(OUTPUT / f"{_name(endpoint, width, role, locale)}.png"),
                                full_page=True)
                if scroll > client:
                    too_wide.append(f"{width} px {path} ({endpoint}): {scroll} > {client}; "
                                    f"{page.evaluate(WIDEST)}")
    finally:
        context.close()
    return measured, too_wide


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_page_of_the_role_fits_a_phone(demo_server, browser, role):
    measured, too_wide = _pages_too_wide(demo_server, browser, role, WIDTHS, "nl")
    assert measured >= 3 * len(WIDTHS)
    assert not too_wide, f"{role.value}: pages scroll sideways\n" + "\n".join(too_wide)


def test_the_professionals_pages_fit_320_px_in_english(demo_server, browser):
    """English words are longer than the Dutch ones in places; the narrowest width is enough."""
    before = _set_locale(demo_server, Role.PROFESSIONAL, "en")
    try:
        measured, too_wide = _pages_too_wide(demo_server, browser, Role.PROFESSIONAL, (320,),
                                             "en")
    finally:
        _set_locale(demo_server, Role.PROFESSIONAL, before)
    assert measured >= 3
    assert not too_wide, "professional, English: pages scroll sideways\n" + "\n".join(too_wide)


def test_phone_shows_the_vertical_picture_cards_with_labels_and_sort_links(demo_server, browser):
    """At 360 px the timeline page shows the vertical picture (the landscape one is hidden), the
    table's cells carry their column's name, and the case list's sort links stay visible; at
    1280 px the landscape picture and the table's header are back."""
    base = demo_server.url
    context = browser.new_context(locale="nl-NL", viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(120_000)
    try:
        login(page, base, demo_server.account(Role.PROFESSIONAL))
        page.goto(f"{base}/cases")
        sort = page.locator("table.case-table thead a").first
        assert sort.is_visible() and sort.bounding_box()["height"] > 5
        page.locator("table.case-table tbody a").first.click()
        page.wait_for_url(re.compile(r"/cases/[A-Z0-9-]+$"))
        page.goto(page.url + "/timeline")
        phone, wide = page.locator("svg.timeline-svg-phone"), page.locator("svg.timeline-svg")
        assert phone.is_visible() and not wide.is_visible()
        box = phone.bounding_box()
        assert box["width"] <= 360 and box["height"] > box["width"]
        assert phone.locator("g.placement-bar").count() >= 1
        label = page.evaluate(
            "() => getComputedStyle(document.querySelector("
            "'table.timeline-table td[data-label]'), '::before').content"
        )
        assert "Datum" in label
        page.set_viewport_size({"width": 1280, "height": 800})
        assert wide.is_visible() and not phone.is_visible()
        assert page.locator("table.timeline-table thead th").first.bounding_box()["height"] > 5
    finally:
        context.close()
