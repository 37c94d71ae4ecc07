"""Make a benchmark chair account (known password and TOTP secret) and print a session cookie.

Usage: python bench/login.py setup            (in the app context: create or reset the account)
       python bench/login.py cookie BASE_URL   (log in through the real form, print Cookie header)
"""

from __future__ import annotations

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

import pyotp

EMAIL = "bench-voorzitter@bench.example"
PASSWORD = "Vlinder-Oranje-Kastanje-7513-rivier"  # nosec B105 - local benchmark only
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # nosec B105


def setup() -> None:
    from sqlalchemy import select

    from bench.app import app
    from caseflow.auth.models import Role, User
    from caseflow.auth.services import create_user, get_or_create_organisation
    from caseflow.database import utcnow
    from caseflow.extensions import db

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == EMAIL))
        if user is None:
            org = get_or_create_organisation("RET benchmark", "ret")
            user = create_user(email=EMAIL, name="Bench Voorzitter", role=Role.VOORZITTER,
                               organisation=org, password=PASSWORD)
        user.totp_secret, user.totp_enabled_at, user.totp_last_step = SECRET, utcnow(), None
        db.session.commit()


def _token(opener, url: str) -> str:
    html = opener.open(url).read().decode()
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def cookie(base: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    post = {"csrf_token": _token(opener, base + "/login"), "email": EMAIL, "password": PASSWORD}
    opener.open(base + "/login", urllib.parse.urlencode(post).encode())
    step = {"csrf_token": _token(opener, base + "/login/tweede-stap"),
            "code": pyotp.TOTP(SECRET).now()}
    final = opener.open(base + "/login/tweede-stap", urllib.parse.urlencode(step).encode())
    if "/login" in final.geturl():
        raise SystemExit(f"login failed: ended on {final.geturl()}")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def logged_in_client():  # type: ignore[no-untyped-def]
    """A Flask test client of ``bench.app`` logged in as the bench chair (for in-process runs)."""
    from sqlalchemy import update

    from bench.app import app
    from caseflow.auth.models import User
    from caseflow.extensions import db

    with app.app_context():  # a second login in the same 30 s would be a refused TOTP replay
        db.session.execute(update(User).where(User.email == EMAIL).values(totp_last_step=None))
        db.session.commit()
    client = app.test_client()

    def token(url: str) -> str:
        html = client.get(url).get_data(as_text=True)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)

    client.post("/login", data={"csrf_token": token("/login"), "email": EMAIL,
                                "password": PASSWORD})
    client.post("/login/tweede-stap", data={"csrf_token": token("/login/tweede-stap"),
                                            "code": pyotp.TOTP(SECRET).now()})
    return client


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup()
    else:
        print(cookie(sys.argv[2]))
