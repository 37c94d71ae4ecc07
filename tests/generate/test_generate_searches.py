"""``flask generate`` writes searches for a place at scale (issue 25.8): closed ones before a
share of the placements (refusals, then the yes of the provider that placed), open ones, some
out of region with the weighing; every model rule of the search domain holds."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.generate.runner import generate
from caseflow.search.figures import waiting_figures
from caseflow.search.models import Search, SearchRequest
from caseflow.timeline.models import Placement


def test_generated_searches_are_believable_and_keep_the_rules(app):
    generate(150, seed=11, years=2, reads_per_case=1)
    searches = db.session.scalars(select(Search)).all()
    asked = defaultdict(list)
    for item in db.session.scalars(select(SearchRequest)):
        asked[item.search_id].append(item)
    placements = {p.id: p for p in db.session.scalars(select(Placement))}
    closed = [s for s in searches if s.placement_id]
    open_ = [s for s in searches if s.is_open]
    assert len(closed) >= 10 and len(open_) >= 3
    assert any(s.region_preference == "buiten_regio" for s in closed)
    assert Counter(len([i for i in asked[s.id] if i.answer == "nee"]) for s in closed)[0] < len(
        closed
    )  # refusals before a yes, most of the time
    assert max(Counter(s.case_id for s in open_).values()) == 1  # one open search per case
    for search in searches:
        items = asked[search.id]
        assert items, search.id
        pairs = Counter((i.provider_id, i.care_type) for i in items if not i.reasked)
        assert max(pairs.values()) == 1
        if search.region_preference == "buiten_regio":
            assert search.weighing.strip() and search.network_contact.strip()
        for item in items:
            assert item.requested_on >= search.opened_on
            assert search.closed_on is None or item.requested_on <= search.closed_on
            assert item.answered_on is None or item.answered_on >= item.requested_on
            assert (item.answer is None) == (item.answered_on is None)
            assert (item.refusal_reason is not None) == (item.answer == "nee")
            assert (item.wait_weeks is not None) == (item.answer == "wachtlijst")
        if search.placement_id:
            placement = placements[search.placement_id]
            assert search.close_kind == "plaatsing" and search.closed_on == placement.start_date
            assert any(
                i.answer == "ja"
                and i.provider_id == placement.provider_id
                and i.care_type == placement.type
                for i in items
            )
        else:
            assert search.closed_on is None and any(i.answer is None for i in items)
    figures = waiting_figures()
    assert figures["per_care_type"] and figures["refusals"]
