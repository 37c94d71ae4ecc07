"""The search's model rules (issue 25, Done when): answer after request, a placement links only
to a yes, dates in order, one request per provider per care type unless re-asked; opening only
when a placement is sought; corrections keep the old version with a reason; timeline and audit."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseflow.audit.models import AccessLogEntry
from caseflow.cases.workflow import Phase
from caseflow.extensions import db
from caseflow.search.models import Search, SearchRequest, SearchRequestRevision
from caseflow.search.requests import Ask, Reply, answer_request, correct_request
from caseflow.search.services import (
    Closing,
    Needs,
    SearchError,
    close_search,
    may_open,
    open_search,
    revise_needs,
    revisions,
)
from caseflow.timeline.models import TimelineEvent
from caseflow.timeline.placements import PlacementInput, end_placement, start_placement
from tests.case_helpers import chair_user, new_case
from tests.search_helpers import NEEDS, answer, ask, days_ago, provider, searching_case


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _problems(call) -> dict:
    with pytest.raises(SearchError) as caught:
        call()
    return caught.value.problems


def test_opening_needs_a_placement_to_be_sought(app):
    actor = chair_user()
    case = new_case(actor, phase=Phase.VERKLARENDE_ANALYSE)
    assert not may_open(case)
    problems = _problems(lambda: open_search(case, NEEDS, actor))
    assert "opened_on" in problems
    assert _count(Search) == 0


def test_an_unplanned_end_opens_the_way(app):
    actor = chair_user()
    case = new_case(actor, phase=Phase.BLIJVEN_VOLGEN, registered_on=days_ago(100))
    placement = start_placement(case, PlacementInput("gezinshuis", "Huize Test", days_ago(90)),
                                actor)
    assert not may_open(case)
    end_placement(placement, case, actor, end_date=days_ago(10), ending="onplanmatig",
                  end_reason="crisis")
    assert may_open(case)
    search = open_search(case, NEEDS, actor, opened_on=days_ago(9))
    assert search.opened_in_phase == Phase.BLIJVEN_VOLGEN.value


def test_one_open_search_per_case(app):
    case, _search, actor = searching_case()
    assert "opened_on" in _problems(lambda: open_search(case, NEEDS, actor))
    assert _count(Search) == 1


def test_out_of_region_needs_the_weighing_and_closed_needs_the_legal_basis(app):
    actor = chair_user()
    case = new_case(actor, phase=Phase.PLAATSING)
    needs = Needs(care_types=["gesloten"], region_preference="buiten_regio",
                  setting_needs=["gesloten", "nabij_school"])
    problems = _problems(lambda: open_search(case, needs, actor))
    assert set(problems) == {"weighing", "network_contact", "closed_basis", "school"}
    assert "afgewogen" in str(problems["weighing"])
    assert _count(Search) == 0
    assert set(_problems(lambda: open_search(
        case, Needs(care_types=[], region_preference="nergens"), actor))) == {
        "care_types", "region_preference"}


def test_correcting_the_needs_keeps_the_old_version_with_its_reason(app):
    case, search, actor = searching_case()
    assert "reason" in _problems(lambda: revise_needs(search, case, NEEDS, actor, " "))
    outside = Needs(care_types=["gezinshuis", "pleegzorg"], region_preference="buiten_regio",
                    weighing="Dichtbij vader woont geen passend gezinshuis; beter passend elders.",
                    network_contact="Elke twee weken bezoek van moeder, vervoer geregeld.",
                    werving_status="gestart")
    revise_needs(search, case, outside, actor, "Na overleg met de ouders")
    history = revisions(search)
    assert [r.number for r in history] == [2, 1]
    assert history[1].content["region_preference"] == "in_regio"
    assert history[0].reason == "Na overleg met de ouders"
    assert search.werving_status == "gestart" and search.weighing_recorded


def test_request_dates_in_order_and_provider_must_be_a_care_provider(app):
    case, search, actor = searching_case(opened_days_ago=30)
    school = provider()
    school.kind = "onderwijs"
    problems = _problems(lambda: ask(search, case, actor, school, days=40))
    assert set(problems) == {"provider_id", "requested_on"}
    assert "vóór de start" in str(problems["requested_on"])
    assert "toekomst" in str(_problems(lambda: ask(search, case, actor, provider(),
                                                   days=-3))["requested_on"])
    assert _count(SearchRequest) == 0


def test_one_request_per_provider_per_care_type_unless_reasked(app):
    case, search, actor = searching_case()
    org = provider()
    ask(search, case, actor, org, days=50)
    ask(search, case, actor, org, days=50, care="pleegzorg")  # another care type: fine
    problems = _problems(lambda: ask(search, case, actor, org, days=40))
    assert "opnieuw gevraagd" in str(problems["provider_id"])
    ask(search, case, actor, org, days=20, reasked=True)
    assert _count(SearchRequest) == 3


def test_answer_after_request_with_its_details(app):
    case, search, actor = searching_case()
    item = ask(search, case, actor, provider(), days=20)
    assert "vóór de aanvraag" in str(_problems(
        lambda: answer(item, case, actor, "ja", days=25))["answered_on"])
    assert "refusal_reason" in _problems(lambda: answer(item, case, actor, "nee", days=10))
    assert "refusal_other" in _problems(
        lambda: answer(item, case, actor, "nee", days=10, reason="anders"))
    assert "wait_weeks" in _problems(lambda: answer(item, case, actor, "wachtlijst", days=10))
    assert "answer" in _problems(lambda: answer(item, case, actor, "misschien", days=10))
    db.session.refresh(item)
    assert item.answer is None
    answer(item, case, actor, "wachtlijst", days=10, weeks=16)
    assert item.wait_weeks == 16


def test_changing_an_answer_needs_a_reason_and_keeps_the_old_one(app):
    case, search, actor = searching_case()
    item = ask(search, case, actor, provider(), days=20)
    answer(item, case, actor, "nee", days=10, reason="vol")
    reply = Reply("wachtlijst", days_ago(9), 8)
    assert "reason" in _problems(lambda: answer_request(item, case, reply, actor))
    answer_request(item, case, reply, actor, reason="Toch een plek op de wachtlijst")
    numbers = db.session.scalars(select(SearchRequestRevision.number).where(
        SearchRequestRevision.request_id == item.id).order_by(SearchRequestRevision.number))
    assert list(numbers) == [1, 2, 3]
    first_answer = db.session.scalar(select(SearchRequestRevision).where(
        SearchRequestRevision.request_id == item.id, SearchRequestRevision.number == 2))
    assert first_answer.content["refusal_reason"] == "vol"
    assert item.refusal_reason is None and item.answer == "wachtlijst"


def test_correcting_a_request_keeps_the_order_of_dates(app):
    case, search, actor = searching_case()
    org = provider()
    item = ask(search, case, actor, org, days=20)
    answer(item, case, actor, "nee", days=10, reason="vol")
    later = Ask(org.id, "gezinshuis", days_ago(5))
    assert "requested_on" in _problems(
        lambda: correct_request(item, search, case, later, actor, "Datum verkeerd"))
    correct_request(item, search, case, Ask(org.id, "pleegzorg", days_ago(20)), actor,
                    "Soort zorg verkeerd")
    assert item.care_type == "pleegzorg" and item.revision_count == 3


def _placed(case, actor, org, *, type_="gezinshuis", days=5, ended: int | None = None):
    placement = start_placement(case, PlacementInput(type_, org.name, days_ago(days),
                                                     provider_id=org.id), actor)
    if ended is not None:
        end_placement(placement, case, actor, end_date=days_ago(ended), ending="planmatig")
    return placement


def test_a_placement_links_only_to_a_yes(app):
    case, search, actor = searching_case()
    org, other = provider(), provider()
    item = ask(search, case, actor, org, days=40)
    answer(item, case, actor, "nee", days=35, reason="vol")
    placement = _placed(case, actor, org, days=12, ended=11)
    closing = Closing("plaatsing", placement_id=placement.id)
    assert "ja" in str(_problems(lambda: close_search(search, case, closing, actor))[
        "placement_id"])
    yes = ask(search, case, actor, other, days=30)
    answer(yes, case, actor, "ja", days=20)
    assert "placement_id" in _problems(lambda: close_search(search, case, closing, actor))
    wrong_type = _placed(case, actor, other, type_="pleegzorg", days=9, ended=8)
    assert "placement_id" in _problems(lambda: close_search(
        search, case, Closing("plaatsing", placement_id=wrong_type.id), actor))
    assert search.is_open
    right = _placed(case, actor, other, days=3)  # starting it closes the search (a yes)
    assert search.closed_on == right.start_date and search.placement_id == right.id
    assert "kind" in _problems(lambda: close_search(
        search, case, Closing("plaatsing", placement_id=right.id), actor))


def test_a_placement_recorded_by_name_matches_the_provider_of_that_name(app):
    case, search, actor = searching_case()
    org = provider("Gezinshuis De Vlinder")
    answer(ask(search, case, actor, org, days=30), case, actor, "ja", days=20)
    other = start_placement(case, PlacementInput("gezinshuis", "Gezinshuis De Rups",
                                                 days_ago(10)), actor)
    end_placement(other, case, actor, end_date=days_ago(9), ending="planmatig")
    assert "placement_id" in _problems(lambda: close_search(
        search, case, Closing("plaatsing", placement_id=other.id), actor))
    named = start_placement(case, PlacementInput("gezinshuis", " gezinshuis de vlinder",
                                                 days_ago(5)), actor)
    assert search.close_kind == "plaatsing" and search.placement_id == named.id


def test_ending_without_a_placement_needs_a_date_in_order(app):
    case, search, actor = searching_case(opened_days_ago=30)
    assert "closed_on" in _problems(lambda: close_search(search, case, Closing("gestopt"), actor))
    assert "closed_on" in _problems(lambda: close_search(
        search, case, Closing("maatwerk", closed_on=days_ago(31)), actor))
    assert "kind" in _problems(lambda: close_search(
        search, case, Closing("weg", closed_on=days_ago(1)), actor))
    close_search(search, case, Closing("thuis_ambulant", closed_on=days_ago(1)), actor)
    assert not search.is_open and may_open(case)


def test_requests_and_answers_on_the_timeline_and_in_the_audit_log(app):
    case, search, actor = searching_case()
    before = _count(AccessLogEntry)
    item = ask(search, case, actor, provider("Zorgaanbieder De Horizon"), days=20)
    answer(item, case, actor, "nee", days=10, reason="te_complex")
    titles = db.session.scalars(select(TimelineEvent.title).where(
        TimelineEvent.case_id == case.id, TimelineEvent.kind == "zoektocht")
        .order_by(TimelineEvent.id)).all()
    assert titles == ["Zoektocht naar een plek gestart",
                      "Aanvraag bij Zorgaanbieder De Horizon (Gezinshuis)",
                      "Antwoord van Zorgaanbieder De Horizon: Nee"]
    rows = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.id > 0)
                              .order_by(AccessLogEntry.id)).all()[before:]
    assert [(r.event_type, r.object_type) for r in rows] == [
        ("create", "zoektocht_aanvraag"), ("change", "zoektocht_aanvraag")]
