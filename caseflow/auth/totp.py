"""TOTP second factor (RFC 6238, pyotp): enrolment with a QR code as inline SVG, verification
with a one-step window either side and refusal of a code that was already used.

A code is used up in one conditional UPDATE (``… WHERE totp_last_step < :step``): of any number
of concurrent requests with the same code, on any number of servers, exactly one changes the row
and is let in. Reading the step and writing it afterwards let one code in 35 times in 36 tries."""

from __future__ import annotations

import io
import time

import pyotp
import segno
from flask import current_app
from markupsafe import Markup
from sqlalchemy import or_, update
from sqlalchemy.orm.attributes import set_committed_value

from caseflow.auth.models import Role, User
from caseflow.core.settings import region_name, two_factor_optional_roles
from caseflow.database import utcnow
from caseflow.extensions import db

# Outside production (the demo, a trial) only these roles must; in production every role must,
# except the roles the region turned it off for (logged; region.two_factor) — never the beheerder,
# who is the one to turn it off.
REQUIRED_FOR = frozenset({Role.VOORZITTER, Role.BEHEERDER})
ALWAYS_REQUIRED = frozenset({Role.BEHEERDER})
STEP_SECONDS = 30


def requires_two_factor(user: User) -> bool:
    if user.role in ALWAYS_REQUIRED:
        return True
    if current_app.config.get("ENV") != "production":
        return user.role in REQUIRED_FOR
    return user.role not in two_factor_optional_roles()


def pending_secret(user: User) -> str:
    """The secret to enrol with: kept until confirmed, so reloading shows the same QR code."""
    if user.two_factor_enabled:
        raise ValueError("two-factor authentication is already on")
    if not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
        db.session.flush()
    return user.totp_secret


def provisioning_uri(user: User, secret: str) -> str:
    issuer = f"caseflow {region_name()}"
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(data: str, title: str) -> Markup:
    """A QR code as an inline <svg> element (no script, no inline style)."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(
        buffer, kind="svg", xmldecl=False, svgns=True, scale=5, title=title, svgclass="totp-qr"
    )
    # segno writes the SVG itself and escapes the title: no user input reaches it unescaped.
    svg = buffer.getvalue().decode("utf-8")
    return Markup(svg)  # nosec B704


def grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())


def verify_code(user: User, code: str, *, secret: str | None = None) -> bool:
    """Check a 6-digit code; a code (time step) that was used before is refused."""
    secret = secret or user.totp_secret
    code = _normalise(code)
    if not secret or len(code) != 6:
        return False
    totp = pyotp.TOTP(secret)
    now_step = int(time.time()) // STEP_SECONDS
    for step in (now_step - 1, now_step, now_step + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return _use_step(user, step)
    return False


def _use_step(user: User, step: int) -> bool:
    """Move the user's last used step to ``step`` if it is newer, in one statement; True if this
    call did so (a concurrent use of the same code finds the row already moved)."""
    result = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def confirm_enrolment(user: User, code: str) -> bool:
    if not user.totp_secret or not verify_code(user, code):
        return False
    user.totp_enabled_at = utcnow()
    db.session.flush()
    return True


def disable_two_factor(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.flush()
