"""What the case page and the start page show of the search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Select, select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.core.case_page import read_all
from caseflow.core.clock import region_today
from caseflow.extensions import db
from caseflow.search.models import Search, SearchRequest
from caseflow.search.services import OPENING_PHASES
from caseflow.timeline.models import EndingKind
from caseflow.timeline.placements import case_placements_query

# Requests without an answer after this many days appear on the searcher's start page
# (config SEARCH_REMINDER_DAYS, environment CASEFLOW_SEARCH_REMINDER_DAYS).
DEFAULT_REMINDER_DAYS = 14


def weeks_between(start: date, end: date) -> int:
    return max(0, (end - start).days // 7)


@dataclass(frozen=True)
class SearchState:
    search: Search
    weeks: int
    providers_asked: int
    open_requests: int
    last_answer: SearchRequest | None


def state_of(search: Search, requests: list[SearchRequest], today: date) -> SearchState:
    answered = [r for r in requests if r.answered_on is not None]
    last = max(answered, key=lambda r: (r.answered_on, r.id)) if answered else None
    return SearchState(
        search=search,
        weeks=weeks_between(search.opened_on, search.closed_on or today),
        providers_asked=len({r.provider_id for r in requests}),
        open_requests=sum(1 for r in requests if r.is_open),
        last_answer=last,
    )


def case_panel_reads(case: Case) -> dict[str, Select]:
    """What the case page's search panel reads (with the other panels, in one statement)."""
    return {
        "search.searches": (
            select(Search).where(Search.case_id == case.id)
            .order_by(Search.opened_on.desc(), Search.id.desc())
        ),
        "search.requests": (
            select(SearchRequest).where(SearchRequest.case_id == case.id)
            .order_by(SearchRequest.requested_on, SearchRequest.id)
        ),
        "placements": case_placements_query(case),
    }


def case_panel(case: Case) -> dict[str, Any] | None:
    """The case's open search (else its latest) at a glance, or the button to open one (on the
    case page read with the other panels; alone, in one statement)."""
    found = read_all(case_panel_reads(case))
    searches = found["search.searches"]
    search = next((s for s in searches if s.is_open), searches[0] if searches else None)
    # No open search (the latest is not open): may one be opened? (``services.may_open``)
    may = (search is None or not search.is_open) and (
        case.phase in OPENING_PHASES
        or any(p.ending == EndingKind.ONPLANMATIG.value for p in found["placements"])
    )
    if search is None:
        return {"search_state": None, "search_may_open": may}
    requests = [r for r in found["search.requests"] if r.search_id == search.id]
    return {"search_state": state_of(search, requests, region_today()), "search_may_open": may}


def reminder_days() -> int:
    return int(current_app.config.get("SEARCH_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def overdue_requests(user: User, today: date | None = None) -> list[tuple[SearchRequest, Case]]:
    """Requests this user recorded that have had no answer for ``reminder_days()`` days, in
    searches still open (one query)."""
    today = today or region_today()
    cutoff = today - timedelta(days=reminder_days())
    rows = db.session.execute(
        select(SearchRequest, Case)
        .join(Search, Search.id == SearchRequest.search_id)
        .join(Case, Case.id == SearchRequest.case_id)
        .where(
            SearchRequest.recorded_by_id == user.id, SearchRequest.answer.is_(None),
            SearchRequest.requested_on <= cutoff, Search.closed_on.is_(None),
        )
        .order_by(SearchRequest.requested_on, SearchRequest.id)
        .limit(50)
    ).all()
    return [(item, case) for item, case in rows]
