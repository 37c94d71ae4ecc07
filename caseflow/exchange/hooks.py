"""The chair's start-page entry to the exchange: import a caseload, with the last imports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from caseflow.auth.models import Role, User
from caseflow.database import utcnow
from caseflow.exchange.models import ExchangeCase
from caseflow.extensions import db

RECENT_DAYS = 30


def _recent_imports(_user: User) -> dict[str, Any]:
    since = utcnow() - timedelta(days=RECENT_DAYS)
    count = db.session.scalar(
        select(func.count()).select_from(ExchangeCase).where(ExchangeCase.imported_at >= since)
    )
    return {"recent": count or 0, "days": RECENT_DAYS}


def register() -> None:
    from caseflow.core.start import register_panel

    register_panel(
        "exchange.import",
        roles={Role.VOORZITTER},
        template="exchange/start/import.html",
        load=_recent_imports,
        order=90,
    )
