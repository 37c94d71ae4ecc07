"""Risk screens: the flags on the case page with their evidence, acknowledging, the overview
(filters, fixed queries), the backtest page and the start-page panel."""

from __future__ import annotations

from datetime import date, timedelta

from freezegun import freeze_time
from sqlalchemy import select

from caseflow.auth.models import Role
from caseflow.extensions import db
from caseflow.risk.models import RiskFlag
from caseflow.timeline.services import EventContent, log_event
from tests.case_helpers import chair_user, new_case
from tests.helpers import csrf_token

TODAY = date(2026, 6, 15)


def flagged_case(actor=None, **kwargs):
    actor = actor or chair_user()
    case = new_case(actor, **kwargs)
    events = [
        log_event(case, EventContent(kind="crisis", title="Crisis", occurred_on=TODAY - timedelta(
            days=d)), actor)
        for d in (3, 2)
    ]
    db.session.flush()
    return case, events


def the_flag(case) -> RiskFlag:
    case_id = db.inspect(case).identity[0]  # no reload of an expired case
    return db.session.scalar(
        select(RiskFlag)
        .where(RiskFlag.case_id == case_id, RiskFlag.code == "crises_recent")
        .execution_options(populate_existing=True)
    )


@freeze_time(TODAY)
def test_case_page_shows_flags_with_evidence_links(app, client, auth):
    case, events = flagged_case()
    auth.login(Role.VOORZITTER)
    html = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "Signalen doorplaatsingsrisico" in html
    assert "2 crises in de laatste 90 dagen" in html
    assert f"/cases/{case.reference}/timeline#gebeurtenis-{events[1].id}" in html
    assert 'name="note"' in html  # the chair may acknowledge
    timeline = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert f'id="gebeurtenis-{events[1].id}"' in timeline


@freeze_time(TODAY)
def test_acknowledge_needs_a_note_then_keeps_it(app, client, auth):
    case, _events = flagged_case()
    ref = case.reference
    flag_id = the_flag(case).id
    auth.login(Role.PROCESBEGELEIDER)
    url = f"/cases/{ref}/risk/{flag_id}/acknowledge"
    token = csrf_token(client, f"/cases/{ref}/risk")
    response = client.post(url, data={"csrf_token": token, "note": "  "})
    assert response.status_code == 400
    assert "Schrijf kort op wat er met dit signaal gebeurt." in response.get_data(as_text=True)
    assert the_flag(case).acknowledged_at is None
    response = client.post(url, data={"csrf_token": token, "note": "Besproken, actie bij GI"})
    assert response.status_code == 302
    flag = the_flag(case)
    assert flag.acknowledgement_note == "Besproken, actie bij GI" and flag.active
    page = client.get(f"/cases/{ref}/risk").get_data(as_text=True)
    assert "Besproken, actie bij GI" in page and "gezien" in page


@freeze_time(TODAY)
def test_professional_member_sees_flags_but_cannot_acknowledge(app, client, auth):
    from caseflow.cases.models import CaseMember

    case, _events = flagged_case()
    user = auth.login(Role.PROFESSIONAL)
    db.session.add(CaseMember(case_id=case.id, user_id=user.id, role="jeugdbeschermer",
                              since=TODAY - timedelta(days=10)))
    db.session.flush()
    html = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "2 crises in de laatste 90 dagen" in html and 'name="note"' not in html
    token = csrf_token(client, f"/cases/{case.reference}/risk")
    response = client.post(
        f"/cases/{case.reference}/risk/{the_flag(case).id}/acknowledge",
        data={"csrf_token": token, "note": "x"},
    )
    assert response.status_code == 404
    assert the_flag(case).acknowledged_at is None


@freeze_time(TODAY)
def test_overview_orders_filters_and_uses_fixed_queries(app, client, auth, count_queries):
    from tests.factories import GemeenteFactory

    chair = chair_user()
    north, south = GemeenteFactory(name="Noord"), GemeenteFactory(name="Zuid")
    high, _ = flagged_case(chair, pseudonym="Hoogkind", gemeente=north)
    low = new_case(chair, pseudonym="Laagkind", gemeente=south)
    for day in (TODAY - timedelta(days=30), TODAY - timedelta(days=20), TODAY - timedelta(days=10)):
        from caseflow.cases.records import add_member
        from caseflow.cases.vocab import MemberRole
        from tests.factories import UserFactory

        add_member(low, UserFactory(role="professional"), MemberRole.CASUSREGISSEUR, chair,
                   since=day)
    db.session.flush()
    auth.login(Role.VOORZITTER)
    html = client.get("/risk").get_data(as_text=True)
    assert html.index("Hoogkind") < html.index("Laagkind")
    only_south = client.get(f"/risk?gemeente={south.id}").get_data(as_text=True)
    assert "Laagkind" in only_south and "Hoogkind" not in only_south
    only_crises = client.get("/risk?code=crises_recent").get_data(as_text=True)
    assert "Hoogkind" in only_crises and "Laagkind" not in only_crises
    assert "Hoogkind" not in client.get("/risk?phase=plaatsing").get_data(as_text=True)
    with count_queries() as few:
        client.get("/risk")
    for index in range(6):
        flagged_case(chair, pseudonym=f"Extra{index}")
    with count_queries() as many:
        client.get("/risk")
    assert len(few) == len(many)


@freeze_time(TODAY)
def test_backtest_page(app, client, auth):
    flagged_case()
    auth.login(Role.VOORZITTER)
    response = client.get("/risk/backtest?horizon_days=60")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Recall" in html and "Precisie" in html
    bad = client.get("/risk/backtest?horizon_days=0")
    assert bad.status_code == 400
    assert "Kies een horizon van 1 tot 3650 dagen." in bad.get_data(as_text=True)


@freeze_time(TODAY)
def test_start_panel_lists_new_high_flags(app, client, auth):
    case, _events = flagged_case(pseudonym="Paneelkind")
    auth.login(Role.VOORZITTER)
    html = client.get("/").get_data(as_text=True)
    assert "Nieuwe signalen met ernst hoog" in html and case.reference in html
