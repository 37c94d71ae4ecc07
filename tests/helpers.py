"""Small helpers for tests that post forms."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

_CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token the page at ``path`` hands out to this client's session."""
    html = client.get(path, follow_redirects=True).get_data(as_text=True)
    match = _CSRF.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def post_form(client: FlaskClient, path: str, data: dict, *, form_page: str | None = None, **kw):
    """POST like a browser: first fetch a CSRF token from the form's page."""
    token = csrf_token(client, form_page or path)
    return client.post(path, data={"csrf_token": token, **data}, **kw)


def login_in_browser(page, server: str, email: str, secret: str | None = None) -> None:
    """Log in through the real form in Playwright (with the TOTP step when ``secret`` is given)."""
    import pyotp

    from tests.factories import DEFAULT_PASSWORD

    page.goto(f"{server}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if secret:
        page.wait_for_url(f"{server}/login/tweede-stap")
        page.get_by_label("Code uit uw authenticator-app").fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{server}/")
