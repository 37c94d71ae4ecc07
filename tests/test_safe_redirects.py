"""Issue 17, finding 3: ``next`` is followed only when it is a path on this site — after the
password, after the second factor, on the language choice and on the action-status form."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pyotp
import pytest

from caseflow.auth.models import Role
from caseflow.auth.redirects import is_safe_next
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import csrf_token

# The usual bypass list: each is read by some browser (or proxy that decodes once more) as
# another host, a script, or something that is not a plain path on this site.
BYPASSES = [
    "////evil.example/x",
    "///evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "https://evil.example",
    "http:/evil.example",
    "http:evil.example",
    "//evil.example@site",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "/%252F%252Fevil.example",
    "/%09/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\x00/evil.example",
    "/\u200b/evil.example",
    "/\u3000/evil.example",
    "\t//evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "",
]

ON_SITE = ["/", "/cases", "/cases/GV-2026-0001#acties", "/cases?phase=blijven_volgen&sort=-x",
           "/login?next=%2Fcases", "/risk?q=a%20b"]


def _browser_target(location: str) -> str:
    """What a lenient browser makes of a Location: tabs and newlines dropped, \\ read as /."""
    cleaned = "".join(ch for ch in location if ch not in "\t\r\n").replace("\\", "/")
    return urljoin("http://caseflow.test/page", cleaned)


def _assert_on_site(location: str) -> None:
    assert location.startswith("/") and not location.startswith("//"), location
    assert urlsplit(_browser_target(location)).netloc == "caseflow.test", location


def _assert_sent_home(response) -> None:
    """Off-site targets lead to the start page (a NUL byte is refused before any view runs)."""
    if response.status_code == 400:
        assert "Location" not in response.headers
        return
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", BYPASSES)
def test_the_check_refuses_every_bypass(target):
    assert not is_safe_next(target)


@pytest.mark.parametrize("target", ON_SITE)
def test_the_check_keeps_paths_on_this_site(target):
    assert is_safe_next(target)
    _assert_on_site(target)


@pytest.mark.parametrize("target", BYPASSES)
def test_login_does_not_redirect_off_site(client, target):
    user = UserFactory()
    token = csrf_token(client, "/login")
    response = client.post("/login", query_string={"next": target},
                           data={"csrf_token": token, "email": user.email,
                                 "password": DEFAULT_PASSWORD})
    _assert_sent_home(response)


def test_login_still_follows_a_local_next(client):
    user = UserFactory()
    token = csrf_token(client, "/login")
    response = client.post("/login", query_string={"next": "/cases?phase=intake"},
                           data={"csrf_token": token, "email": user.email,
                                 "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == "/cases?phase=intake"


@pytest.mark.parametrize("target", ["////evil.example/x", "/%2F%2Fevil.example", "/\t/evil",
                                    "/\\evil.example", "javascript:alert(1)"])
def test_the_second_factor_does_not_redirect_off_site(client, target):
    chair = UserFactory(role=Role.VOORZITTER.value)
    token = csrf_token(client, "/login")
    first = client.post("/login", query_string={"next": target},
                        data={"csrf_token": token, "email": chair.email,
                              "password": DEFAULT_PASSWORD})
    assert first.headers["Location"] == "/login/tweede-stap"
    token = csrf_token(client, "/login/tweede-stap")
    code = pyotp.TOTP(chair.totp_secret).now()
    response = client.post("/login/tweede-stap", data={"csrf_token": token, "code": code})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_the_second_factor_keeps_a_local_next(client):
    chair = UserFactory(role=Role.VOORZITTER.value)
    token = csrf_token(client, "/login")
    client.post("/login", query_string={"next": "/risk"},
                data={"csrf_token": token, "email": chair.email, "password": DEFAULT_PASSWORD})
    token = csrf_token(client, "/login/tweede-stap")
    code = pyotp.TOTP(chair.totp_secret).now()
    response = client.post("/login/tweede-stap", data={"csrf_token": token, "code": code})
    assert response.headers["Location"] == "/risk"


@pytest.mark.parametrize("target", BYPASSES)
def test_the_language_choice_does_not_redirect_off_site(client, target):
    token = csrf_token(client, "/login")
    response = client.post("/language", data={"csrf_token": token, "language": "en",
                                              "next": target})
    _assert_sent_home(response)


def test_the_language_choice_returns_to_the_page(client):
    token = csrf_token(client, "/login")
    response = client.post("/language", data={"csrf_token": token, "language": "en",
                                              "next": "/login?next=%2Fcases"})
    assert response.headers["Location"] == "/login?next=%2Fcases"
    _assert_on_site(response.headers["Location"])


@pytest.mark.parametrize("target", ["////evil.example/x", "/%2F%2Fevil.example", "/\t/evil",
                                    "/%5Cevil.example", "javascript:alert(1)"])
def test_the_action_status_form_does_not_redirect_off_site(client, auth, target):
    from tests.meeting_helpers import make_action

    owner = auth.login(Role.PROFESSIONAL)
    action = make_action(owner=owner)
    token = csrf_token(client, "/")
    response = client.post(f"/actions/{action.id}/status",
                           data={"csrf_token": token, "status": "gedaan", "next": target})
    assert response.headers["Location"] == "/"
