"""What exchange adds at app start: on the case page the chair's downloads and the notes an import
kept; the chair's start-page panel after
imports (how many cases came in lately, and the way back to the upload page; it shows only when
there is something to say), the imported organisation names for privacy's list of known names,
and the imported member's organisation for region's organisation merge."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from caseflow.auth.models import Role, User
from caseflow.core.case_page import register_case_panel
from caseflow.database import utcnow
from caseflow.exchange.models import ExchangeCase, ImportedMember
from caseflow.exchange.queries import import_notes_context
from caseflow.extensions import db

RECENT_DAYS = 30


def _recent_imports(_user: User) -> dict[str, Any] | None:
    since = utcnow() - timedelta(days=RECENT_DAYS)
    count = db.session.scalar(
        select(func.count()).select_from(ExchangeCase).where(ExchangeCase.imported_at >= since)
    )
    return {"recent": count, "days": RECENT_DAYS} if count else None


def _case_actions(_case: Any, _access: Any, _user: Any) -> dict[str, Any]:
    return {}  # the template decides (the chair, not under break-glass)


def _import_notes(case: Any, _access: Any, _user: Any) -> dict[str, Any]:
    return import_notes_context(case)


def _imported_member_organisation() -> tuple[object, object]:
    """The organisation an imported member was matched to moves along in an organisation merge."""
    return ImportedMember.__table__, ImportedMember.__table__.c.organisation_id


def _add_imported_names(known: Any) -> None:
    """Organisation names that came in through an import without an Organisation row."""
    names = set(db.session.scalars(select(ImportedMember.organisation_name).distinct()))
    names |= set(db.session.scalars(select(ExchangeCase.referrer_organisation_name).distinct()))
    for name in sorted(n for n in names if n):
        known.add_organisation(name, "[organisatie]", kind="instelling")


def register() -> None:
    from caseflow.core.start import register_panel
    from caseflow.privacy.known import register_names
    from caseflow.region.organisations import register_organisation_reference

    register_names(_add_imported_names)
    register_organisation_reference(_imported_member_organisation)
    register_panel(
        "exchange.import",
        roles={Role.VOORZITTER},
        template="exchange/start/import.html",
        load=_recent_imports,
        order=90,
    )
    register_case_panel(
        "exchange.case_actions",
        load=_case_actions,
        template="exchange/_case_actions.html",
        slot="header",
    )
    register_case_panel(
        "exchange.import_notes",
        load=_import_notes,
        template="exchange/_case_notes.html",
        order=20,
        slot="grid",
    )
