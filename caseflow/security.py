"""Cross-cutting web security: request ids, session timeouts, access rules, response headers and
the commit of access-log rows written while reading. Installed once in ``create_app``."""

from __future__ import annotations

import nh3
from flask import Flask, Response, abort, current_app, g, request
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from werkzeug.middleware.proxy_fix import ProxyFix

from caseflow import request_audit
from caseflow.auth.login_flow import check_session_timeouts
from caseflow.auth.permissions import EXEMPT_ENDPOINTS, SAFE_METHODS, enforce_access
from caseflow.extensions import db
from caseflow.request_audit import request_id
from caseflow.textsafety import install_form_text_guard

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # Bootstrap's CSS draws some icons as data: SVG
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
# Rich text (if a form ever takes it) keeps only these tags; everything else is removed.
RICH_TEXT_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote"}


def sanitise_html(value: str | None) -> Markup:
    """Clean user-supplied rich text with nh3 (Jinja filter ``|rich_text``)."""
    cleaned = nh3.clean(value or "", tags=RICH_TEXT_TAGS, attributes={}, link_rel=None)
    # Cleaned by nh3 just above:
    return Markup(cleaned)  # nosec B704


def install_security(app: Flask) -> None:
    if app.config["TRUSTED_PROXY_COUNT"]:
        count = int(app.config["TRUSTED_PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]
    request_audit.install()
    app.before_request(_start_request)
    app.before_request(_refuse_nul_bytes)
    app.before_request(check_session_timeouts)
    app.before_request(enforce_access)
    app.after_request(_commit_logged_reads)
    app.after_request(set_security_headers)
    app.add_template_filter(sanitise_html, "rich_text")
    install_form_text_guard()


def _start_request() -> ResponseReturnValue | None:
    request_id()
    return None


def _refuse_nul_bytes() -> ResponseReturnValue | None:
    """No path and no query parameter has a use for NUL (PostgreSQL cannot even compare with
    it: ``/cases/A%00B`` would be a 500 there). Every value of a repeated parameter and every
    name is looked at, not just the first value. Posted form fields are left to the forms:
    their text guard (caseflow.textsafety) puts the refusal next to the field instead of
    answering a bare 400."""
    if "\x00" in request.path or any(
        "\x00" in name or "\x00" in value for name, value in request.args.items(multi=True)
    ):
        abort(400)
    return None


def _commit_logged_reads(response: Response) -> Response:
    """A page that only reads does not commit; the access-log rows it wrote must still be kept."""
    if g.get("audit_written") and request.method in SAFE_METHODS and response.status_code < 500:
        db.session.commit()
    return response


def set_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("ENV") == "production":
        response.headers.setdefault(
            "Strict-Transport-Security",
            f"max-age={current_app.config['HSTS_SECONDS']}; includeSubDomains",
        )
    if request.endpoint not in EXEMPT_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
    if "request_id" in g:
        response.headers["X-Request-ID"] = g.request_id
    return response
