"""The web edge's adapter for the access log: reads the request, the session, the logged-in user
and the request's case-access decision, and hands them to ``caseflow.audit`` as plain values.
The only place that knows both Flask and the audit call's needs (installed by ``security``)."""

from __future__ import annotations

import hashlib
import uuid

from flask import g, has_app_context, has_request_context, request, session
from flask_login import current_user

from caseflow.audit.context import RequestDetails, register_request_details
from caseflow.database import READ_ONLY_METHODS


def request_id() -> str | None:
    """One id per request (or CLI command), also sent back as the X-Request-ID header."""
    if not has_app_context():
        return None
    if "request_id" not in g:
        g.request_id = uuid.uuid4().hex
    return g.request_id


def session_hash() -> str | None:
    sid = session.get("sid") if has_request_context() else None
    return hashlib.sha256(sid.encode()).hexdigest() if sid else None


def _mark_written() -> None:
    g.audit_written = True


def web_request_details() -> RequestDetails:
    if not has_app_context():
        return RequestDetails()
    if not has_request_context():
        return RequestDetails(request_id=request_id(), on_written=_mark_written)
    agent = request.user_agent.string or None
    signed_in = current_user and current_user.is_authenticated
    user = current_user._get_current_object() if signed_in else None
    decision = g.get("case_access")
    return RequestDetails(
        access_point="web",
        ip_address=(request.remote_addr or "")[:45] or None,
        user_agent=agent[:300] if agent else None,
        session_hash=session_hash(),
        request_id=request_id(),
        read_only=request.method in READ_ONLY_METHODS,
        user=user,
        case_grounds=decision.grounds if decision is not None else None,
        case_reason=decision.reason if decision is not None else None,
        on_written=_mark_written,
    )


def install() -> None:
    register_request_details(web_request_details)
