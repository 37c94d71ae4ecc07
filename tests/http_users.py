"""A user of a real server, with the standard library only: a cookie jar, the real login form and
forms posted with their CSRF token. Redirects are not followed, so a test sees the 302 itself.

Used by the tests that drive gunicorn (tests/gunicorn_servers.py) and by bench/team.py.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

_CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)
REQUEST_TIMEOUT = 120  # seconds: generous, the machine may be busy; never an assertion on time


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


@dataclass
class Answer:
    method: str
    url: str
    status: int
    body: str
    location: str = ""

    def __str__(self) -> str:
        return f"{self.method} {self.url} → {self.status}: {self.body[:300]!r}"


@dataclass
class HttpUser:
    """One browser: ``get``/``post`` return an ``Answer`` (4xx and 5xx included, never raised)."""

    base: str
    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)
    sent: int = 0  # requests made, for throughput figures

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(self, method: str, path: str, data: dict | None = None) -> Answer:
        url = path if path.startswith("http") else self.base + path
        body = urllib.parse.urlencode(data or {}, doseq=True).encode() if method == "POST" else None
        req = urllib.request.Request(url, data=body, method=method)  # noqa: S310 - test servers
        self.sent += 1
        try:
            with self._opener.open(req, timeout=REQUEST_TIMEOUT) as response:
                status, text, headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, text, headers = error.code, error.read(), error.headers
        return Answer(method, url, status, text.decode("utf-8", "replace"),
                      headers.get("Location", "") or "")

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Answer:
        return self.request("POST", path, data)

    def csrf_token(self, path: str) -> str:
        page = self.get(path)
        if page.status in (301, 302, 303) and page.location:  # a link exchanged for the session
            page = self.get(page.location)
        match = _CSRF.search(page.body)
        if not match:
            raise AssertionError(f"no CSRF token on {page}")
        return match.group(1) or match.group(2)

    def post_form(self, path: str, data: dict, *, form_page: str | None = None) -> Answer:
        """POST like a browser: first fetch the form's page for a CSRF token."""
        token = self.csrf_token(form_page or path)
        return self.post(path, {"csrf_token": token, **data})

    def login(self, email: str, password: str) -> Answer:
        """The real login form (for roles without a second factor); the answer is the POST's."""
        return self.post_form("/login", {"email": email, "password": password})

    def use_cookies_of(self, other: HttpUser, base: str | None = None) -> None:
        """Send ``other``'s cookies to this user's server (cookies are per host, not per port)."""
        for cookie in other.cookies:
            self.cookies.set_cookie(cookie)
        if base:
            self.base = base
