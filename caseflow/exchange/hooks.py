"""The chair's start-page panel after imports: how many cases came in lately, and the way back to
the upload page. Like every panel it shows only when there is something to say."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from caseflow.auth.models import Role, User
from caseflow.database import utcnow
from caseflow.exchange.models import ExchangeCase
from caseflow.extensions import db

RECENT_DAYS = 30


def _recent_imports(_user: User) -> dict[str, Any] | None:
    since = utcnow() - timedelta(days=RECENT_DAYS)
    count = db.session.scalar(
        select(func.count()).select_from(ExchangeCase).where(ExchangeCase.imported_at >= since)
    )
    return {"recent": count, "days": RECENT_DAYS} if count else None


def register() -> None:
    from caseflow.core.start import register_panel

    register_panel(
        "exchange.import",
        roles={Role.VOORZITTER},
        template="exchange/start/import.html",
        load=_recent_imports,
        order=90,
    )
