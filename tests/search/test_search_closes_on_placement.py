"""A placement that starts closes the open search when it follows a yes of its provider for its
care type (linked, with a timeline entry); otherwise the search stays open and the timeline says
so (issue 25: "placement links only to a yes")."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.timeline.models import EventKind, TimelineEvent
from caseflow.timeline.placements import PlacementInput, start_placement
from tests.search_helpers import answer, ask, days_ago, provider, searching_case


def _search_events(case) -> list[str]:
    return list(
        db.session.scalars(
            select(TimelineEvent.title)
            .where(
                TimelineEvent.case_id == case.id, TimelineEvent.kind == EventKind.ZOEKTOCHT.value
            )
            .order_by(TimelineEvent.id)
        )
    )


def _start(case, actor, org, *, type_="gezinshuis", days=5):
    return start_placement(
        case, PlacementInput(type_, org.name, days_ago(days), provider_id=org.id), actor
    )


def test_a_placement_after_a_yes_closes_and_links_the_search(app):
    case, search, actor = searching_case()
    org = provider()
    answer(ask(search, case, actor, org, days=40), case, actor, "ja", days=30)
    placement = _start(case, actor, org)
    assert not search.is_open
    assert (search.close_kind, search.placement_id) == ("plaatsing", placement.id)
    assert search.closed_on == placement.start_date
    assert _search_events(case)[-1] == "Zoektocht naar een plek afgesloten"


def test_without_a_yes_the_search_stays_open_with_a_hint(app):
    case, search, actor = searching_case()
    org = provider()
    answer(ask(search, case, actor, org, days=40), case, actor, "nee", days=30, reason="vol")
    _start(case, actor, org)
    assert search.is_open and search.placement_id is None
    assert _search_events(case)[-1].startswith("Plaatsing gestart zonder ‘ja’")


def test_a_short_stay_while_searching_leaves_the_search_alone(app):
    case, search, actor = searching_case()
    before = _search_events(case)
    _start(case, actor, provider(), type_="kortdurend_verblijf")
    assert search.is_open and _search_events(case) == before
