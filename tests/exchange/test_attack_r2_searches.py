"""Round-2 attack on the import of ``searches`` (caseflow-history/2), written from the README's
description: what it refuses is refused with a Dutch message naming the path and nothing is
stored; an ``--update`` does not give a case a second open search."""

from __future__ import annotations

import copy

from sqlalchemy import func, select

from caseflow.auth.models import Organisation
from caseflow.cases.models import Case
from caseflow.exchange.importer import ImportRejected, import_history
from caseflow.extensions import db
from caseflow.search.models import Search
from tests.exchange.test_exchange_searches import SEARCHES, _rejected, _v2
from tests.exchange_helpers import case, gemeenten, raw

OPEN = {
    "id": "z1",
    "opened_on": "2023-02-22",
    "care_types": ["gezinshuis"],
    "region_preference": "in_regio",
    "requests": [
        {"provider": "Gezinshuis De Vlinder", "care_type": "gezinshuis",
         "requested_on": "2023-02-23"},
    ],
}


def test_a_blank_provider_is_refused_not_added_as_a_nameless_organisation(app):
    gemeenten()
    searches = copy.deepcopy(SEARCHES)
    searches[0]["requests"][0]["provider"] = "   "
    organisations = db.session.scalar(select(func.count(Organisation.id)))
    errors = _rejected(_v2(case(searches=searches)))
    assert "cases[0].searches[0].requests[0].provider: mag niet leeg zijn" in errors
    assert db.session.scalar(select(func.count(Organisation.id))) == organisations


def test_update_does_not_add_a_second_open_search_to_a_case(app):
    gemeenten()
    import_history(raw(_v2(case(searches=[copy.deepcopy(OPEN)]))), None)
    db.session.commit()
    another = dict(copy.deepcopy(OPEN), id="z2", opened_on="2023-03-01")
    another["requests"][0]["requested_on"] = "2023-03-02"
    try:
        import_history(raw(_v2(case(searches=[another]))), None, update=True)
    except ImportRejected as refused:
        errors = [str(e) for e in refused.errors]
    else:
        errors = []
    db.session.rollback()
    assert (
        "cases[0].searches[0].closed_on: er loopt in caseflow al een zoektocht voor deze casus; "
        "hooguit één" in errors
    )
    assert db.session.scalar(select(func.count(Search.id))) == 1
    assert db.session.scalar(select(func.count(Case.id))) == 1


def test_update_with_the_known_open_search_and_a_closed_new_one_is_fine(app):
    gemeenten()
    import_history(raw(_v2(case(searches=[copy.deepcopy(OPEN)]))), None)
    db.session.commit()
    closed = dict(
        copy.deepcopy(OPEN), id="z0", opened_on="2023-02-22", closed_on="2023-02-23",
        close_kind="gestopt",
    )
    report = import_history(raw(_v2(case(searches=[copy.deepcopy(OPEN), closed]))), None,
                            update=True)
    assert report.counts["searches"] == 1


def test_dry_run_of_searches_stores_nothing(app):
    gemeenten()
    report = import_history(raw(_v2(case(searches=copy.deepcopy(SEARCHES)))), None, dry_run=True)
    assert report.counts["searches"] == 1
    assert db.session.scalar(select(func.count(Search.id))) == 0


def _after_the_placement(answer: str) -> list[dict]:
    """A search that opened after placement p1 started, its provider's last answer ``answer``."""
    searches = copy.deepcopy(SEARCHES)
    searches[0].update(opened_on="2023-04-01", closed_on="2023-04-02")
    for request in searches[0]["requests"]:
        request.update(requested_on="2023-04-01", answered_on="2023-04-02")
    searches[0]["requests"][1].update(answer="nee", refusal_reason="vol", wait_weeks=None)
    refusal = "vol" if answer == "nee" else None
    searches[0]["requests"][2].update(answer=answer, refusal_reason=refusal)
    return searches


def test_update_a_search_closed_by_a_placement_in_caseflow_follows_the_same_rules(app):
    gemeenten()
    import_history(raw(_v2(case())), None)  # p1 (gezinshuis, De Vlinder, from 2023-03-01)
    db.session.commit()
    data = case(searches=_after_the_placement("nee"), placements=[])
    try:
        import_history(raw(_v2(data)), None, update=True)
    except ImportRejected as refused:
        errors = [str(e) for e in refused.errors]
    else:
        errors = []
    db.session.rollback()
    assert "cases[0].searches[0].placement: deze plaatsing begon vóór de zoektocht" in errors
    assert (
        "cases[0].searches[0].placement: deze plaatsing volgt niet op een 'ja' van deze "
        "aanbieder voor deze soort zorg" in errors
    )
    assert db.session.scalar(select(func.count(Search.id))) == 0


def test_update_a_search_closed_by_a_placement_in_caseflow_after_a_yes_is_linked(app):
    gemeenten()
    import_history(raw(_v2(case())), None)
    db.session.commit()
    searches = copy.deepcopy(SEARCHES)  # opened before p1 started, the yes of De Vlinder
    report = import_history(raw(_v2(case(searches=searches, placements=[]))), None, update=True)
    assert report.counts["searches"] == 1
    assert db.session.scalar(select(Search.placement_id)) is not None
