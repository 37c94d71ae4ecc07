import re

import pytest

from caseflow.auth.models import Role

START_TEXT = {
    Role.VOORZITTER: "Wat vraagt vandaag om u",
    Role.PROCESBEGELEIDER: "Wat vraagt vandaag om u",
    Role.PROFESSIONAL: "U bent nog bij geen casus betrokken.",
    Role.FACILITATOR: "U heeft nog geen retrospectieve analyses.",
    Role.BEHEERDER: "de inhoud van casussen ziet u niet",
}


@pytest.mark.parametrize("role", list(Role))
def test_start_page_shows_the_roles_own_work_with_an_explaining_empty_state(client, auth, role):
    auth.login(role)
    html = client.get("/").get_data(as_text=True)
    assert START_TEXT[role] in html
    if role is not Role.BEHEERDER:  # the beheerder's page is a list of the web forms, never empty
        assert "empty-state" in html
    assert "Uitloggen" in html


def test_start_page_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_assets_are_served_locally(client, auth):
    auth.login()
    html = client.get("/").get_data(as_text=True)
    assert "cdn." not in html and "https://" not in html
    assert "/bootstrap/static/css/bootstrap.min.css" in html
    css = client.get("/bootstrap/static/css/bootstrap.min.css")
    assert css.status_code == 200
    assert b".btn" in css.data
    assets = re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css))"', html)
    assert len(assets) >= 3
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_404_page_in_house_style(client, auth):
    auth.login()
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Pagina niet gevonden" in html
    assert "caseflow" in html


def test_403_and_500_pages_in_house_style():
    from flask import abort

    from caseflow import create_app
    from caseflow.auth.permissions import Rule, access
    from tests.conftest import make_test_config

    app = create_app(make_test_config("sqlite://", PROPAGATE_EXCEPTIONS=False))

    @app.route("/_test/forbidden")
    @access(Rule.PUBLIC)
    def forbidden():
        abort(403)

    @app.route("/_test/crash")
    @access(Rule.PUBLIC)
    def crash():
        raise RuntimeError("boom")

    client = app.test_client()
    response = client.get("/_test/forbidden")
    assert response.status_code == 403
    assert "Geen toegang" in response.get_data(as_text=True)
    response = client.get("/_test/crash")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.get_data(as_text=True)
    assert "boom" not in response.get_data(as_text=True)


def test_healthz_reports_database_status(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_tells_only_a_beheerder_the_version_and_database(client, auth):
    """Issue 17, finding 7: anonymous callers learned the version and the database type."""
    auth.login(Role.PROFESSIONAL)
    assert client.get("/healthz").get_json() == {"status": "ok"}
    auth.logout()
    auth.login(Role.BEHEERDER)
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["database_backend"] in {"sqlite", "postgresql"} and body["version"]


def test_healthz_reports_an_unreachable_database(client, monkeypatch):
    from caseflow.extensions import db

    def broken(*_a, **_k):
        raise RuntimeError("database down")

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error"}
