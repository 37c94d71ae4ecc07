"""WCAG 2.1 AA in a real browser: every GET screen of every role, opened after a login through
the real form on the demo region, shows no serious or critical axe-core violation.

The screens come from ``app.url_map`` and the access rules (tests/browser_pages.py), so a new
page is checked as soon as it exists. Files (SVG, CSV, PDF, DOCX) are skipped.
"""

from __future__ import annotations

import pytest

from caseflow.auth.models import Role
from caseflow.auth.permissions import Rule, access_rules
from caseflow.extensions import db
from tests.browser_pages import FILE_SUFFIXES, NOT_SCREENS, login, pages_for

axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = pytest.mark.browser

AXE = axe_module.Axe()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                          "best-practice"]},
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}


def axe_problems(page) -> list[str]:
    results = AXE.run(page, options=AXE_OPTIONS).response
    problems = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        first = violation["nodes"][0]
        detail = " ".join(check["message"] for check in first.get("any", [])[:1])
        problems.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                        f"[{targets}] {detail}")
    return problems


def test_axe_ships_its_script_with_the_package():
    """No download at run time: axe-core comes inside the installed package."""
    from axe_playwright_python.base import AXE_FILE_PATH

    assert AXE_FILE_PATH.is_file() and AXE_FILE_PATH.stat().st_size > 100_000


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_page_of_the_role_passes_axe(demo_server, browser, role):
    app = demo_server.app
    with app.app_context():
        user = demo_server.user(role)
        pages = pages_for(app, user)
        rules = access_rules(app)
        screens = {
            r.endpoint for r in app.url_map.iter_rules()
            if "GET" in r.methods and rules.get(r.endpoint) is not None
            and rules[r.endpoint].kind in (Rule.ROLES, Rule.AUTHENTICATED)
            and rules[r.endpoint].allows_role(user.role) and r.endpoint not in NOT_SCREENS
        }
        db.session.remove()
    missing = screens - {endpoint for endpoint, _ in pages}
    assert not missing, f"no data to open these pages as {role.value}: {sorted(missing)}"
    account = demo_server.account(role)
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    found: dict[str, list[str]] = {}

    def check(label: str) -> None:
        problems = axe_problems(page)
        if problems:
            found[label] = problems

    try:
        login(page, demo_server.url, account, check)
        visited = 0
        for endpoint, path in pages:
            if path.endswith(FILE_SUFFIXES):
                continue
            response = page.goto(demo_server.url + path)
            assert response is not None and response.status < 400, (endpoint, path,
                                                                     response and response.status)
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            visited += 1
            check(f"{endpoint} {path}")
    finally:
        context.close()
    assert visited >= 3, pages
    report = "\n".join(f"{where}:\n  " + "\n  ".join(items) for where, items in found.items())
    assert not found, f"axe found serious/critical problems for {role.value}:\n{report}"


def test_keyboard_skip_link_focus_and_error_summary(demo_server, browser):
    """Tab from the top reaches the skip link first, Enter moves focus to the main content, the
    focus is visible, and a refused form's error summary links to its fields."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        login(page, demo_server.url, demo_server.account(Role.PROCESBEGELEIDER))
        page.goto(f"{demo_server.url}/cases/new")
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.className, "
                                "getComputedStyle(document.activeElement).outlineStyle]")
        assert "skip-link" in focused[0] and focused[1] != "none"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "inhoud"
        page.locator("main form button[type=submit], main form input[type=submit]").last.click()
        summary = page.locator("#foutoverzicht")
        summary.wait_for()
        link = summary.locator("a").first
        target = link.get_attribute("href").removeprefix("#")
        link.click()
        assert page.evaluate("() => document.activeElement.id") == target
    finally:
        context.close()
