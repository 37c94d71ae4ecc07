"""Enforcement: the ``before_request`` hook that refuses what an endpoint's rule does not
allow, the access-rule registry read from the URL map, and ``deny`` (log, commit, abort). Part of
``caseflow.auth.permissions`` (import from there)."""

from __future__ import annotations

from typing import NoReturn

from flask import Flask, abort, current_app, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from caseflow.audit.models import AuditEvent, Grounds, Outcome
from caseflow.audit.services import log_access
from caseflow.auth.permissions_roles import EXEMPT_ENDPOINTS, AccessRule, Rule
from caseflow.extensions import db, login_manager


def deny(
    code: int, *, reason: str, case_id: int | None = None, object_type: str | None = None
) -> NoReturn:
    """Log an access denial, commit it (nothing else has happened yet) and abort."""
    log_access(
        AuditEvent.ACCESS_DENIED,
        case_id=case_id,
        object_type=object_type or "endpoint",
        object_id=None if object_type else (request.endpoint or "").replace(":", "."),
        grounds=Grounds.NONE,
        outcome=Outcome.DENIED,
        reason=reason,
    )
    db.session.commit()
    abort(code)


def rule_for(app: Flask, endpoint: str) -> AccessRule | None:
    return getattr(app.view_functions.get(endpoint), "access_rule", None)


def access_rules(app: Flask) -> dict[str, AccessRule | None]:
    """Every endpoint of ``app.url_map`` (except static files) with its declared rule or None."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - EXEMPT_ENDPOINTS
    return {endpoint: rule_for(app, endpoint) for endpoint in sorted(endpoints)}


def enforce_access() -> ResponseReturnValue | None:
    """before_request: refuse what the endpoint's rule does not allow."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in EXEMPT_ENDPOINTS:
        return None  # routing already answers 404/405
    rule = rule_for(current_app, endpoint)
    if rule is None:
        current_app.logger.error("endpoint %s has no access rule; refused", endpoint)
        deny(403, reason="no_rule")
    if rule.kind is Rule.PUBLIC:
        return None
    if rule.kind is Rule.PENDING_LOGIN:
        from caseflow.auth.login_flow import pending_user

        if current_user.is_authenticated:
            return redirect(url_for("core.index"))
        if pending_user() is None:
            return redirect(url_for("auth.login"))
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not rule.allows_user(current_user):
        deny(403, reason="role")
    return None
