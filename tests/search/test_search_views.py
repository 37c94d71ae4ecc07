"""The search screens: bad input shows a Dutch message next to the field and stores nothing;
access for members and the chairs only; the case-page panel and the start-page reminder."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from caseflow.auth.models import Role
from caseflow.cases.models import CaseMember
from caseflow.cases.workflow import Phase
from caseflow.core.clock import region_today
from caseflow.extensions import db
from caseflow.search.models import Search, SearchRequest
from tests.case_helpers import chair_user, new_case
from tests.helpers import csrf_token
from tests.search_helpers import answer, ask, provider, searching_case


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _member(case, user):
    db.session.add(CaseMember(case_id=case.id, user_id=user.id, role="jeugdbeschermer",
                              since=region_today() - timedelta(days=100)))
    db.session.flush()


def test_opening_with_bad_input_shows_dutch_messages_and_stores_nothing(app, client, auth):
    auth.login(Role.VOORZITTER)
    case = new_case(chair_user(), phase=Phase.RET_BESPREKING)
    db.session.commit()
    url = f"/cases/{case.reference}/zoektocht/nieuw"
    response = client.post(url, data={
        "csrf_token": csrf_token(client, url), "region_preference": "buiten_regio",
        "werving_status": "geen", "needs_note": "Zoekt rust en structuur",
    })
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Kies minstens één soort zorg die gezocht wordt." in html
    assert "Leg vast wat is afgewogen bij de keuze voor buiten de regio." in html
    assert "invalid-feedback" in html and "Zoekt rust en structuur" in html  # kept
    assert _count(Search) == 0


def test_a_member_opens_a_search_and_asks_a_provider(app, client, auth):
    user = auth.login(Role.PROFESSIONAL)
    case = new_case(chair_user(), phase=Phase.PLAATSING)
    _member(case, user)
    org = provider("Zorgaanbieder Het Baken")
    db.session.commit()
    url = f"/cases/{case.reference}/zoektocht/nieuw"
    response = client.post(url, data={
        "csrf_token": csrf_token(client, url), "care_types": ["gezinshuis", "pleegzorg"],
        "setting_needs": ["kleinschalig"], "region_preference": "in_regio",
        "werving_status": "gestart", "opened_on": region_today().isoformat(),
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    search = db.session.scalar(select(Search))
    detail = response.headers["Location"]
    token = csrf_token(client, detail)
    bad = client.post(f"{detail}/aanvragen", data={
        "csrf_token": token, "provider_id": "0", "care_type": "gezinshuis",
        "requested_on": region_today().isoformat()})
    assert bad.status_code == 400
    assert "Kies een zorgaanbieder uit de lijst." in bad.get_data(as_text=True)
    assert _count(SearchRequest) == 0
    good = client.post(f"{detail}/aanvragen", data={
        "csrf_token": token, "provider_id": str(org.id), "care_type": "gezinshuis",
        "requested_on": region_today().isoformat()})
    assert good.status_code == 302
    assert search.care_types == ["gezinshuis", "pleegzorg"]
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "Zoektocht naar een plek" in page and "1 open aanvraag" in page


def test_only_members_and_the_chairs_reach_a_search(app, client, auth):
    case, search, _actor = searching_case()
    db.session.commit()
    url = f"/cases/{case.reference}/zoektochten/{search.id}"
    auth.login(Role.PROFESSIONAL)  # not a member
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login(Role.FACILITATOR)
    assert client.get(url).status_code == 403
    assert client.get("/zoektochten").status_code == 403
    auth.logout()
    auth.login(Role.PROCESBEGELEIDER)
    assert client.get(url).status_code == 200
    assert client.get("/zoektochten").status_code == 200


def test_a_search_of_another_case_is_not_found(app, client, auth):
    case, search, _actor = searching_case(pseudonym="Een")
    other, _other_search, _ = searching_case(pseudonym="Twee")
    db.session.commit()
    auth.login(Role.VOORZITTER)
    assert client.get(f"/cases/{other.reference}/zoektochten/{search.id}").status_code == 404
    assert client.get(f"/cases/{case.reference}/zoektochten/{search.id}").status_code == 200


def test_a_request_without_answer_reminds_the_searcher(app, client, auth):
    user = auth.login(Role.PROCESBEGELEIDER)
    case, search, _ = searching_case(actor=user)
    waiting = ask(search, case, user, provider("Zorgaanbieder Stil"), days=20)
    answered = ask(search, case, user, provider("Zorgaanbieder Snel"), days=20)
    ask(search, case, user, provider("Zorgaanbieder Vers"), days=3)
    answer(answered, case, user, "ja", days=15)
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "Aanvragen zonder antwoord" in html
    assert "Zorgaanbieder Stil" in html
    assert "Zorgaanbieder Snel" not in html and "Zorgaanbieder Vers" not in html
    assert f"/aanvragen/{waiting.id}/antwoord" in html


def test_the_demo_has_believable_searches(app):
    from caseflow.demo.search import load_demo_searches
    from caseflow.search.models import SearchRequest as Request

    actor = chair_user()
    for name in ("Demo een", "Demo twee", "Demo drie"):
        new_case(actor, phase=Phase.PLAATSING, pseudonym=name,
                 registered_on=region_today() - timedelta(days=200))
    assert load_demo_searches(actor) == 3
    searches = db.session.scalars(select(Search).order_by(Search.id)).all()
    answers = [r.answer for r in db.session.scalars(
        select(Request).where(Request.search_id == searches[0].id).order_by(Request.id))]
    assert answers.count("nee") >= 3 and answers[-1] == "ja"  # refusals before a yes
    assert searches[1].region_preference == "buiten_regio" and searches[1].weighing_recorded
    assert searches[2].werving_status == "gestart"
    assert load_demo_searches(actor) == 0  # open searches are not doubled
