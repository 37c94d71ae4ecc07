"""Outcome screens: the case page's outcome section and chart, recording goals and evaluations
(with Dutch messages next to the fields), tariffs, and fixed query counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from caseflow.auth.models import OrganisationKind, Role
from caseflow.cases.records import add_member
from caseflow.cases.vocab import MemberRole
from caseflow.cases.workflow import Phase
from caseflow.core.charts import CHART_CSP
from caseflow.extensions import db
from caseflow.outcome.evaluations import record_evaluation
from caseflow.outcome.models import Evaluation, Goal
from caseflow.outcome.services import GoalContent, add_goal
from caseflow.timeline.placements import PlacementInput, start_placement
from tests.case_helpers import chair_user, evaluation_input, new_case
from tests.helpers import csrf_token


@pytest.fixture
def member_case(auth):
    professional = auth.login(Role.PROFESSIONAL)
    chair = chair_user()
    case = new_case(chair, pseudonym="Uitkomstkind", phase=Phase.BLIJVEN_VOLGEN)
    add_member(case, professional, MemberRole.JEUGDBESCHERMER, chair)
    return case, professional


def _evaluations() -> int:
    return db.session.scalar(select(func.count(Evaluation.id)))


def test_case_page_shows_the_outcome_section(client, member_case):
    case, professional = member_case
    html = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert 'id="uitkomst"' in html and "Evaluatie vastleggen" in html
    assert "Nog geen evaluaties" in html
    record_evaluation(case, evaluation_input(), professional)
    html = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert f"/cases/{case.reference}/uitkomst.svg?v=1-" in html
    assert "Ik voel me hier rustiger." in html and "Niet bereikbaar" in html


def test_chart_is_an_svg_with_the_relaxed_chart_csp(client, member_case):
    case, professional = member_case
    start_placement(
        case, PlacementInput(type="gezinshuis", provider_name="De Vlinder",
                             start_date=date(2025, 1, 1)), professional,
    )
    record_evaluation(case, evaluation_input(), professional)
    response = client.get(f"/cases/{case.reference}/uitkomst.svg")
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"] == CHART_CSP
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg") and "<script" not in svg
    assert "Veiligheid volgens de jeugdige" in svg and "Start plaatsing" in svg


def test_record_an_evaluation_through_the_form(client, member_case):
    case, professional = member_case
    goal = add_goal(case, GoalContent("Naar school", "jeugdige", "80% aanwezig"), professional)
    url = f"/cases/{case.reference}/evaluaties/nieuw"
    token = csrf_token(client, url)
    data = {
        "csrf_token": token, "held_on": date.today().isoformat(), f"score_{goal.id}": "1",
        "child_view": "Ik wil blijven.", "child_safety": "8", "child_missing": "",
        "parents_view": "", "parents_score": "", "parents_missing": "wilde_niet",
        "professionals_view": "Het gaat goed.",
    }
    response = client.post(url, data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("#uitkomst")
    evaluation = db.session.scalar(select(Evaluation))
    assert evaluation.child_safety == 8 and evaluation.parents_missing == "wilde_niet"
    assert [s.score for s in evaluation.scores] == [1]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"SCORE": "5"}, "Doel 1: geef een score van -2 tot en met +2."),
        ({"SCORE": "<script>"}, "Doel 1: geef een score van -2 tot en met +2."),
        ({"child_safety": "11"}, "Geef een score van 0 tot en met 10."),
        ({"parents_score": "-4"}, "Geef een score van 0 tot en met 10."),
        ({"child_view": "", "child_safety": ""},
         "Leg vast wat de jeugdige zelf zegt, in eigen woorden, of waarom dat ontbreekt."),
    ],
)
def test_bad_scores_are_refused_next_to_the_field(client, member_case, changes, message):
    case, professional = member_case
    goal = add_goal(case, GoalContent("Naar school", "jeugdige", "80% aanwezig"), professional)
    url = f"/cases/{case.reference}/evaluaties/nieuw"
    data = {
        "csrf_token": csrf_token(client, url), "held_on": date.today().isoformat(),
        f"score_{goal.id}": changes.pop("SCORE", "0"), "child_view": "Goed.",
        "child_safety": "6", "parents_view": "Ja.", "parents_score": "6",
        "professionals_view": "Visie.", **changes,
    }
    response = client.post(url, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and "invalid-feedback" in html
    assert _evaluations() == 0
    assert "<script>" not in html.split("<footer")[0].replace("<script src", "")


def test_add_and_revise_a_goal(client, member_case):
    case, _professional = member_case
    url = f"/cases/{case.reference}/doelen"
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "description": "", "for_whom": "x",
                                      "indicator": "", "status": "actief"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Beschrijf het doel." in html
    assert "Kies voor wie het doel is." in html
    response = client.post(url, data={"csrf_token": token, "description": "Vaste plek",
                                      "for_whom": "gezin", "indicator": "Een jaar",
                                      "status": "actief"})
    assert response.status_code == 302
    goal = db.session.scalar(select(Goal))
    response = client.post(f"{url}/{goal.id}", data={
        "csrf_token": token, "description": "Vaste plek", "for_whom": "gezin",
        "indicator": "Een jaar", "status": "behaald", "note": "Gelukt"})
    assert response.status_code == 302
    html = client.get(f"{url}/{goal.id}").get_data(as_text=True)
    assert "Versie 2" in html and "Versie 1" in html and "Gelukt" in html


def test_set_a_tariff(client, member_case):
    """A member from the gemeente (who pays) sets the tariff; other members may not (issue 17,
    tests/test_cost_access.py)."""
    case, professional = member_case
    professional.organisation.kind = OrganisationKind.GEMEENTE.value
    db.session.flush()
    placement = start_placement(
        case, PlacementInput(type="gezinshuis", provider_name="X", start_date=date(2025, 1, 1)),
        professional,
    )
    url = f"/cases/{case.reference}/placements/{placement.id}/tarief"
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "kind": "per_dag", "amount": "abc",
                                      "funding_gemeente": str(case.gemeente_id)})
    assert response.status_code == 400
    assert "Geef een bedrag in euro&#39;s, bijvoorbeeld 312,50." in response.get_data(as_text=True)
    assert placement.tariff_amount is None
    response = client.post(url, data={"csrf_token": token, "kind": "per_dag", "amount": "165,25",
                                      "funding_gemeente": str(case.gemeente_id)})
    assert response.status_code == 302
    db.session.refresh(placement)
    assert str(placement.tariff_amount) == "165.25"
    assert "165,25" in client.get(f"/cases/{case.reference}").get_data(as_text=True)


def test_outcome_pages_use_a_fixed_number_of_queries(client, member_case, count_queries):
    case, professional = member_case
    pages = [f"/cases/{case.reference}", f"/cases/{case.reference}/evaluaties",
             f"/cases/{case.reference}/uitkomst.svg", f"/cases/{case.reference}/doelen"]

    def measure() -> list[int]:
        counts = []
        for page in pages:
            with count_queries() as queries:
                assert client.get(page).status_code == 200
            counts.append(len(queries))
        return counts

    goal = add_goal(case, GoalContent("A", "jeugdige", "B"), professional)
    record_evaluation(case, replace(evaluation_input(), scores={goal.id: 1}), professional)
    first = measure()
    for index in range(4):
        add_goal(case, GoalContent(f"Doel {index}", "ouders", "C"), professional)
        start_placement(
            case, PlacementInput(type="kortdurend_verblijf", provider_name="K",
                                 start_date=date(2024, 1, 1 + index)), professional,
        )
    goals = db.session.scalars(select(Goal)).all()
    record_evaluation(case, replace(evaluation_input(), scores={g.id: 0 for g in goals}),
                      professional)
    assert measure() == first


def test_a_non_member_cannot_record_an_evaluation(client, auth):
    auth.login(Role.PROFESSIONAL)
    case = new_case(chair_user(), phase=Phase.BLIJVEN_VOLGEN)
    assert client.get(f"/cases/{case.reference}/evaluaties/nieuw").status_code == 404
    assert client.get(f"/cases/{case.reference}/uitkomst.svg").status_code == 404
