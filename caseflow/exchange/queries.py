"""Reading what an import kept beside the domain's tables, for the case page."""

from __future__ import annotations

from typing import Any

from caseflow.cases.models import Case
from caseflow.exchange.models import ExchangeCase
from caseflow.exchange.notes import shown
from caseflow.extensions import db


def import_notes_context(case: Case) -> dict[str, Any]:
    """For the case page: the partial ``exchange/_case_notes.html`` (the file's ``x-`` keys)."""
    row = db.session.get(ExchangeCase, case.id)
    return {"import_notes": list(shown(row.notes if row else None))}
