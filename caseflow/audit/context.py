"""What the access log needs to know about the request it is written in, handed in from the edge.

The audit call never reads ``flask.g``, the session or the request itself: the web layer registers
one provider at app start (``caseflow.request_audit``) that answers "where does this come from"
(address, browser, session hash, request id), "who is logged in", and "on what grounds was this
request's case opened" (membership, role, a noodtoegang grant). Without a provider, or outside a
request, rows are written as coming from the command line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from caseflow.audit.models import Grounds


@dataclass(frozen=True)
class RequestDetails:
    access_point: str = "cli"
    ip_address: str | None = None
    user_agent: str | None = None
    session_hash: str | None = None
    request_id: str | None = None
    # A page that only reads (GET/HEAD): its row is committed at once (see audit.services).
    read_only: bool = False
    # The logged-in user: the actor when a caller gives none.
    user: Any = None
    # The grounds this request's case was opened on (``@case_access``), and its reason code
    # (e.g. ``grant:12`` for noodtoegang); ``None`` when the request opened no case.
    case_grounds: Grounds | None = None
    case_reason: str | None = None
    # Told when a row was flushed, so the edge keeps rows written by read-only pages.
    on_written: Callable[[], None] | None = None


CLI = RequestDetails()
Provider = Callable[[], RequestDetails]
_provider: Provider | None = None


def register_request_details(provider: Provider | None) -> None:
    """Install the edge's provider (the web layer does this at app start)."""
    global _provider
    _provider = provider


def request_details() -> RequestDetails:
    return _provider() if _provider is not None else CLI


# ``record(..., grounds=AS_OPENED)``: the grounds this request opened the case on (the provider's
# ``case_grounds``, with its reason code), or role when the request opened none (CLI, imports).
AS_OPENED: Grounds | None = None
