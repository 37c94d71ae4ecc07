"""Corrections of a search's requests and answers keep every earlier version with its reason,
through the one revision mechanism of ``core/revisions.py`` (as cases, placements and events)."""

from __future__ import annotations

from caseflow.core.revisions import revisions_of
from caseflow.search.models import SearchRequestRevision, SearchRevision
from caseflow.search.requests import Ask, Reply, answer_request, correct_request, request_revisions
from caseflow.search.services import revisions
from tests.search_helpers import answer, ask, days_ago, provider, searching_case


def test_request_and_answer_corrections_keep_the_old_versions(app):
    case, search, actor = searching_case()
    first, other = provider(), provider()
    item = ask(search, case, actor, first, days=40)
    answer(item, case, actor, "nee", days=35, reason="vol")
    correct_request(
        item,
        search,
        case,
        Ask(other.id, "gezinshuis", days_ago(39)),
        actor,
        "Verkeerde aanbieder gekozen",
    )
    answer_request(
        item,
        case,
        Reply("wachtlijst", days_ago(34), 8),
        actor,
        reason="Het was een wachtlijst, geen nee",
    )
    history = request_revisions(item)
    assert [r.number for r in history] == [4, 3, 2, 1]
    assert [r.reason for r in history] == [
        "Het was een wachtlijst, geen nee",
        "Verkeerde aanbieder gekozen",
        "",
        "",
    ]
    assert history[-1].content["provider_id"] == first.id and history[-1].content["answer"] is None
    assert history[2].content["answer"] == "nee" and history[2].content["refusal_reason"] == "vol"
    assert history[0].content["wait_weeks"] == 8 and item.revision_count == 4
    assert all(r.recorded_by_id == actor.id and r.recorded_at for r in history)


def test_the_core_reads_search_revisions_of_many_records_at_once(app):
    case, search, actor = searching_case()
    items = [ask(search, case, actor, provider(), days=d) for d in (30, 20)]
    grouped = revisions_of(SearchRequestRevision.request_id, [i.id for i in items])
    assert [len(grouped[i.id]) for i in items] == [1, 1]
    assert revisions_of(SearchRevision.search_id, [search.id])[search.id] == revisions(search)
