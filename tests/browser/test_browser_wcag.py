"""WCAG 2.1 AA beyond what axe flags (issue 23 point 6), in a real browser on every GET screen of
every role (the crawl of tests/browser_pages.py, as the axe test):

- every focusable element shows a focus ring of at least 3:1 against what surrounds it (1.4.11,
  2.4.7): the outline or box-shadow colour, read with getComputedStyle after focusing it, against
  the first opaque background behind it;
- every POST form of those screens, sent with its text fields emptied, that is refused: the
  summary (#foutoverzicht) has the focus, the title starts with "Fout:", every refused control
  has aria-invalid="true" and an aria-describedby whose ids all exist, one of them its message
  (3.3.1, 4.1.2);
- the pictures have a text version: /workflow's transitions as a table.

The failed submits change nothing that is kept, but a form that accepts empty fields does store:
so this module has a demo server (and database) of its own instead of the shared one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from caseflow.auth.models import Role
from caseflow.extensions import db
from tests.browser_pages import FILE_SUFFIXES, login, pages_for, serve

pytestmark = pytest.mark.browser
# The checks run in the page; each file is one arrow function for page.evaluate.
SCRIPTS = Path(__file__).parent / "wcag"

# The focus test: every visible focusable element of the page, its ring against its background.
FOCUS_RING_JS = (SCRIPTS / "focus_ring.js").read_text()

# After a submit: what the page says about refused fields.
FAILED_SUBMIT_JS = (SCRIPTS / "failed_submit.js").read_text()

# Forms worth sending empty: POST forms in the page's main part with something to fill in.
FORMS_JS = (SCRIPTS / "forms.js").read_text()


@pytest.fixture(scope="module")
def wcag_server():
    from tests.browser_pages import demo_app

    yield from serve(demo_app("demo_wcag"))


def _pages(server, role: Role) -> list[tuple[str, str]]:
    with server.app.app_context():
        pages = pages_for(server.app, server.user(role))
        db.session.remove()
    return [(endpoint, path) for endpoint, path in pages if not path.endswith(FILE_SUFFIXES)]


def _context(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    # The first page that de-identifies live text (/retrospectives/<id>/wijzigingen) loads the
    # name finder: on a busy machine that takes longer than a click may.
    context.set_default_navigation_timeout(120_000)
    page = context.new_page()
    # "Leave the page? Changes are not saved" (the attendance list): yes, as the crawl moves on.
    page.on("dialog", lambda dialog: dialog.accept())
    return context, page


def _open(page, url: str) -> bool:
    response = page.goto(url)
    assert response is not None and response.status < 400, (url, response and response.status)
    return "text/html" in response.headers.get("content-type", "")


def _focus_problems(page) -> tuple[int, list[str]]:
    page.keyboard.press("Tab")  # keyboard modality: :focus-visible as a keyboard user sees it
    result = page.evaluate(FOCUS_RING_JS)
    return result["checked"], result["problems"]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_focus_ring_contrast_on_every_page(wcag_server, browser, role):
    context, page = _context(browser)
    found: dict[str, list[str]] = {}
    checked = 0

    def check(label: str) -> None:
        nonlocal checked
        number, problems = _focus_problems(page)
        checked += number
        if problems:
            found[label] = problems

    try:
        login(page, wcag_server.url, wcag_server.account(role), check)
        for endpoint, path in _pages(wcag_server, role):
            if _open(page, wcag_server.url + path):
                check(f"{endpoint} {path}")
    finally:
        context.close()
    assert checked > 50
    report = "\n".join(f"{where}: " + "; ".join(items) for where, items in found.items())
    assert not found, f"focus ring under 3:1 for {role.value}:\n{report}"


def _failed_submit_problems(result: dict) -> list[str]:
    problems = []
    if not result["summary"]:
        problems.append("no error summary #foutoverzicht")
    elif result["focus"] != "foutoverzicht":
        problems.append(f"focus on #{result['focus'] or 'body'}, not on the summary")
    if not result["title"].startswith("Fout:"):
        problems.append(f"title {result['title']!r} does not start with 'Fout:'")
    if result["unmarked"]:
        problems.append(f"refused without aria-invalid: {result['unmarked']}")
    if result["unlinked"]:
        problems.append(f"aria-describedby missing or not resolving: {result['unlinked']}")
    return problems


OPEN_DETAILS_JS = "() => document.querySelectorAll('main details').forEach((d) => d.open = true)"


def _send_empty(page, index: int) -> bool:
    page.evaluate(OPEN_DETAILS_JS)  # forms folded away (the moves) as a user unfolds them
    if page.locator("main form").count() <= index:
        return False
    form = page.locator("main form").nth(index)
    for field in form.locator("input[type=text], input[type=email], input[type=password], "
                              "input:not([type]), input[type=number], textarea").all():
        if field.is_visible() and field.is_editable():
            field.fill("")
    # The server's refusal is what is checked: the browser's own check of "required" (which
    # stops the submit) is switched off as for a browser without it.
    form.evaluate("(form) => { form.noValidate = true; }")
    submit = form.locator("button[type=submit], input[type=submit], button:not([type])").first
    if not submit.is_enabled():
        return False  # sent only once something changed (the retrospective's facts)
    # "load": a redirect to an anchor (#fase) has had its fragment applied, as a user sees it.
    with page.expect_navigation(wait_until="load", timeout=10_000):
        submit.click()
    return True


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_form_refused_links_its_errors_and_takes_the_focus(wcag_server, browser, role):
    context, page = _context(browser)
    found: dict[str, list[str]] = {}
    refused = 0
    try:
        login(page, wcag_server.url, wcag_server.account(role))
        for endpoint, path in _pages(wcag_server, role):
            if not _open(page, wcag_server.url + path):
                continue
            page.evaluate(OPEN_DETAILS_JS)
            for form in page.evaluate(FORMS_JS):
                if page.url != wcag_server.url + path:
                    _open(page, wcag_server.url + path)
                if not _send_empty(page, form["index"]):
                    continue  # an earlier submit changed the page (a move): the form is gone
                result = page.evaluate(FAILED_SUBMIT_JS)
                if not result["refused"]:
                    continue  # accepted with empty text fields: nothing to point at
                refused += 1
                problems = _failed_submit_problems(result)
                if problems:
                    found[f"{endpoint} {path} form {form['index']} ({form['action']})"] = problems
                _open(page, wcag_server.url + path)
    finally:
        context.close()
    report = "\n".join(f"{where}: " + "; ".join(items) for where, items in found.items())
    assert not found, f"refused forms for {role.value}:\n{report}"
    assert refused >= 1, f"no form of {role.value} was refused when sent empty"


def test_login_refused_and_english_title(wcag_server, browser):
    """The login form (before any session) too, and the English UI says "Error: "."""
    context, page = _context(browser)
    try:
        _open(page, wcag_server.url + "/login")
        assert _send_empty(page, 0)
        result = page.evaluate(FAILED_SUBMIT_JS)
        assert _failed_submit_problems(result) == []
        page.select_option("#taalkeuze", "en")  # the language choice at the bottom of the page
        with page.expect_navigation(wait_until="domcontentloaded"):
            page.locator("footer form button[type=submit]").click()
        assert _send_empty(page, 0)
        assert page.title().startswith("Error: ")
        assert page.evaluate("() => document.activeElement.id") == "foutoverzicht"
    finally:
        context.close()


def test_workflow_diagram_has_its_transitions_as_a_table(wcag_server, browser):
    from caseflow.cases.workflow import TRANSITIONS

    context, page = _context(browser)
    try:
        login(page, wcag_server.url, wcag_server.account(Role.PROFESSIONAL))
        _open(page, wcag_server.url + "/workflow")
        rows = page.locator("table.workflow-transitions tbody tr")
        assert rows.count() == len(TRANSITIONS)
        closing = page.locator("table.workflow-transitions tr[data-trigger=afsluiten]")
        assert "elke open fase" in closing.inner_text()
        assert "Afgesloten" in closing.inner_text()
    finally:
        context.close()


def test_verslag_tells_its_timeline_picture_in_words(wcag_server, browser):
    from sqlalchemy import func, select

    from caseflow.retrospectives.frozen_models import FrozenPlacement
    from caseflow.retrospectives.models import Retrospective

    with wcag_server.app.app_context():
        retro_id = db.session.scalar(select(func.min(Retrospective.id)))
        placements = db.session.scalar(
            select(func.count()).select_from(FrozenPlacement)
            .where(FrozenPlacement.retrospective_id == retro_id)
        )
        db.session.remove()
    context, page = _context(browser)
    try:
        login(page, wcag_server.url, wcag_server.account(Role.FACILITATOR))
        for path in (f"/retrospectives/{retro_id}/verslag", f"/retrospectives/{retro_id}/tijdlijn"):
            _open(page, wcag_server.url + path)
            text = page.locator("#tijdlijn-tekst")
            assert text.count() == 1, path
            rows = text.locator("table.timeline-placements tbody tr")
            assert rows.count() == placements and placements > 0, (path, placements)
            assert text.locator(".timeline-periods li").count() >= 1
    finally:
        context.close()


def test_risk_severity_in_words_and_explanation_visible(wcag_server, browser):
    context, page = _context(browser)
    try:
        login(page, wcag_server.url, wcag_server.account(Role.PROCESBEGELEIDER))
        _open(page, wcag_server.url + "/risk")
        lines = page.locator("td[data-risk-line]")
        assert lines.count() >= 1
        for index in range(lines.count()):
            line = lines.nth(index)
            badge = line.locator(".badge[data-severity]").first
            # read out as "Ernst: hoog", not a colour alone; no explanation hidden in a title
            assert badge.inner_text().strip() and badge.locator(".visually-hidden").inner_text() \
                == "Ernst:"
            assert line.locator(".risk-explanation").first.inner_text().strip()
            assert line.locator("[title]").count() == 0
    finally:
        context.close()
