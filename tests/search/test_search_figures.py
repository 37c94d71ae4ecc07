"""The region's view and the waiting figures against hand-computed values, with the <5
suppression, and the fixed query count of /zoektochten."""

from __future__ import annotations

from caseflow.auth.models import Role
from caseflow.extensions import db
from caseflow.search.figures import nearest_rank, region_view, waiting_figures
from caseflow.search.models import Search, SearchRequest
from caseflow.timeline.models import Placement
from tests.case_helpers import chair_user, new_case
from tests.query_helpers import page_queries
from tests.search_helpers import days_ago, provider


def _placed_search(actor, org, *, waited: int, care: str = "gezinshuis", in_region=True,
                   weighing: str = "", refusals: tuple[str, ...] = ()):
    case = new_case(actor, registered_on=days_ago(400))
    start = days_ago(200)
    placement = Placement(case_id=case.id, type=care, provider_name=org.name,
                          provider_id=org.id, in_region=in_region,
                          start_date=days_ago(200 - waited))
    db.session.add(placement)
    db.session.flush()
    search = Search(case_id=case.id, opened_on=start, opened_in_phase="ret_bespreking",
                    care_types=[care], setting_needs=[], weighing=weighing,
                    region_preference="in_regio" if in_region else "buiten_regio",
                    closed_on=placement.start_date, close_kind="plaatsing",
                    placement_id=placement.id)
    db.session.add(search)
    db.session.flush()
    for reason in refusals:
        db.session.add(SearchRequest(search_id=search.id, case_id=case.id, provider_id=org.id,
                                     care_type=care, requested_on=start, answer="nee",
                                     answered_on=days_ago(190), refusal_reason=reason))
    db.session.add(SearchRequest(search_id=search.id, case_id=case.id, provider_id=org.id,
                                 care_type=care, requested_on=start, answer="ja",
                                 answered_on=placement.start_date))
    db.session.flush()
    return search


def test_nearest_rank_is_the_monitors_definition():
    assert nearest_rank([60, 10, 30, 20, 50, 40], 0.5) == 30
    assert nearest_rank([60, 10, 30, 20, 50, 40], 0.9) == 60
    assert nearest_rank([], 0.5) is None


def test_waiting_figures_against_hand_computed_values(app):
    actor, org = chair_user(), provider()
    for waited, outside, weighed in ((10, True, True), (20, True, True), (30, True, True),
                                     (40, True, True), (50, True, False), (60, False, False)):
        _placed_search(actor, org, waited=waited, in_region=not outside,
                       weighing="Afgewogen: dichtbij geen plek." if weighed else "",
                       refusals=("vol",) if waited <= 50 else ("leeftijd", "leeftijd"))
    _placed_search(actor, org, waited=7, care="pleegzorg")
    figures = waiting_figures()
    assert figures["per_care_type"] == [
        {"care_type": "gezinshuis", "n": 6, "median": 30, "p90": 60},
        {"care_type": "pleegzorg", "n": "<5", "median": None, "p90": None},
    ]
    assert figures["refusals"] == [{"reason": "leeftijd", "n": "<5"}, {"reason": "vol", "n": 5}]
    assert figures["placed"] == 7 and figures["placed_out_of_region"] == 5
    assert figures["share_out_of_region"] == round(5 / 7, 3)
    assert figures["weighing_recorded"] == "<5"  # 4 of the 5 out of region
    assert figures["weighing_share"] == 0.8


def test_region_view_counts_open_searches_and_providers(app):
    actor = chair_user()
    horizon, linde = provider("Zorgaanbieder Horizon"), provider("Zorgaanbieder De Linde")
    for weeks, care in ((2, "gezinshuis"), (14, "gezinshuis"), (30, "gesloten")):
        case = new_case(actor, registered_on=days_ago(400))
        search = Search(case_id=case.id, opened_on=days_ago(weeks * 7),
                        opened_in_phase="plaatsing", care_types=[care], setting_needs=[],
                        region_preference="in_regio")
        db.session.add(search)
        db.session.flush()
        db.session.add_all([
            SearchRequest(search_id=search.id, case_id=case.id, provider_id=horizon.id,
                          care_type=care, requested_on=days_ago(weeks * 7), answer="nee",
                          answered_on=days_ago(weeks * 7 - 4), refusal_reason="vol"),
            SearchRequest(search_id=search.id, case_id=case.id, provider_id=linde.id,
                          care_type=care, requested_on=days_ago(10)),
        ])
    db.session.flush()
    view = region_view()
    assert view["open_count"] == 3
    assert dict(view["bands"]) == {"0–4": 1, "4–8": 0, "8–12": 0, "12–26": 1, "26+": 1}
    assert view["care"] == [("gezinshuis", 2), ("gesloten", 1)]
    assert view["refusals"] == [("vol", 3)]
    rows = {row.name: row for row in view["providers"]}
    assert (rows["Zorgaanbieder Horizon"].asked, rows["Zorgaanbieder Horizon"].nee) == (3, 3)
    assert rows["Zorgaanbieder Horizon"].median_days == 4
    assert (rows["Zorgaanbieder De Linde"].open, rows["Zorgaanbieder De Linde"].median_days) == (
        3, None)


def test_the_region_page_has_a_fixed_query_count(app, client, auth, count_queries):
    auth.login(Role.PROCESBEGELEIDER)
    actor, org = chair_user(), provider()
    _placed_search(actor, org, waited=10, refusals=("vol",))
    db.session.commit()
    small = page_queries(client, count_queries, "/zoektochten")
    for waited in (20, 30, 40, 50, 60):
        _placed_search(actor, provider(), waited=waited, in_region=False, refusals=("regio",))
    db.session.commit()
    large = page_queries(client, count_queries, "/zoektochten")
    assert small == large
    assert large <= 12
    html = client.get("/zoektochten").get_data(as_text=True)
    assert "Wachttijden" in html and "&lt;5" in html
