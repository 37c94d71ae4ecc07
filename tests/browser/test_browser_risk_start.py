"""The chair's start page on the demo region in Chromium: the risk panel shows at most one line
per child (its strongest signal, the others folded in a details/summary that opens), and
``/risk`` one row per child."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from caseflow.auth.models import Role
from tests.browser_pages import login, shot

pytestmark = pytest.mark.browser


def test_chair_start_page_one_line_per_child(demo_server, browser):
    base = demo_server.url
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        login(page, base, demo_server.account(Role.VOORZITTER))
        page.get_by_role("heading", name=re.compile("Welkom")).wait_for()
        lines = page.locator("[data-risk-start] > li[data-risk-child]")
        references = lines.evaluate_all("items => items.map(li => li.dataset.riskChild)")
        assert references, "the demo region has no child with a hoog signal on the start page"
        assert max(Counter(references).values()) == 1, references
        folded = page.locator("[data-risk-start] details summary")
        if folded.count():
            folded.first.click()
            assert re.search(r"\+\d+ ander", folded.first.inner_text())
            assert page.locator("[data-risk-start] details[open] li").count() >= 1
        shot(page, "voorzitter-start-een-regel-per-kind")
        page.goto(f"{base}/risk")
        rows = page.locator("table tbody tr td:first-child a").evaluate_all(
            "links => links.map(a => a.textContent.trim())"
        )
        assert rows and max(Counter(rows).values()) == 1, rows
    finally:
        context.close()
