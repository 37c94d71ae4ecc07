"""Security headers on every page, HSTS in production, rich text sanitised, NUL refused."""

from __future__ import annotations

import pytest

from caseflow import create_app
from caseflow.auth.models import Role
from caseflow.security import sanitise_html
from tests.conftest import TEST_DATA_KEY
from tests.test_access_matrix import _APP, OTHER_ENDPOINTS, SPEC, _method, _url, _values_for

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def _check(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    csp = response.headers["Content-Security-Policy"]
    if response.mimetype == "image/svg+xml" and "default-src 'none'" in csp:
        # Server-drawn charts: a scriptless image that may only use its own inline <style>.
        assert "frame-ancestors 'none'" in csp and "script-src" not in csp
        assert "sandbox" in csp and "unsafe-eval" not in csp
        assert "Strict-Transport-Security" not in response.headers
        return
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "Strict-Transport-Security" not in response.headers  # not outside production


def _role_for(endpoint: str) -> Role | None:
    if endpoint not in SPEC:
        pytest.fail(f"{endpoint}: add it to SPEC in tests/test_access_matrix.py")
    expected = SPEC[endpoint]
    if not isinstance(expected, frozenset):
        return None
    return sorted(expected)[0]


GET_ENDPOINTS = [e for e in OTHER_ENDPOINTS if _method(_APP, e) == "GET"]


@pytest.mark.parametrize("endpoint", GET_ENDPOINTS)
def test_security_headers_on_every_get_route(app, client, auth, endpoint):
    role = _role_for(endpoint)
    if role is not None:
        auth.login(role)
    response = client.get(_url(app, endpoint, _values_for(app, endpoint)))
    assert response.status_code < 500
    _check(response)
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    ["/login", "/bestaat-niet", "/static/caseflow.css", "/bootstrap/static/js/bootstrap.min.js"],
)
def test_security_headers_on_static_files_and_errors(client, path):
    _check(client.get(path))


def test_hsts_in_production_only():
    app = create_app({
        "ENV": "production", "SECRET_KEY": "p" * 40, "SESSION_COOKIE_SECURE": True,
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://caseflow@127.0.0.1:5432/caseflow_unused",
        "AUDIT_KEY": "a" * 40, "DATA_KEY": TEST_DATA_KEY,
    })
    response = app.test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_nul_bytes_are_refused(client):
    assert client.get("/login?next=%00").status_code == 400


def test_rich_text_is_sanitised():
    dirty = '<p onclick="x()">Goed <script>alert(1)</script><a href="javascript:x">link</a></p>'
    clean = str(sanitise_html(dirty))
    assert clean == "<p>Goed link</p>"
