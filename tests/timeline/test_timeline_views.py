from datetime import date, timedelta

import pytest

from caseflow.auth.models import Role
from caseflow.cases.records import add_member
from caseflow.cases.vocab import MemberRole
from caseflow.extensions import db
from caseflow.timeline.models import TimelineEvent
from caseflow.timeline.placements import PlacementInput, start_placement
from caseflow.timeline.services import EventContent, log_event
from tests.case_helpers import chair_user, new_case
from tests.helpers import csrf_token


@pytest.fixture
def member_case(auth):
    professional = auth.login(Role.PROFESSIONAL)
    chair = chair_user()
    case = new_case(chair, pseudonym="Tijdlijnkind")
    add_member(case, professional, MemberRole.CASUSREGISSEUR, chair)
    return case, professional


def test_quick_log_from_the_case_page(client, member_case):
    case, professional = member_case
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert 'class="quick-log' in page and "<svg" in page
    token = csrf_token(client, f"/cases/{case.reference}")
    response = client.post(
        f"/cases/{case.reference}/events/new",
        data={
            "csrf_token": token,
            "kind": "crisis",
            "title": "Weggelopen van de groep",
            "occurred_on": date.today().isoformat(),
            "precision": "day",
            "description": "",
        },
    )
    assert response.status_code == 302
    timeline = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert "Weggelopen van de groep" in timeline
    assert professional.name in timeline


def test_bad_event_shows_errors_next_to_fields_and_stores_nothing(client, member_case):
    case, _professional = member_case
    before = db.session.query(TimelineEvent).count()
    token = csrf_token(client, f"/cases/{case.reference}/events/new")
    response = client.post(
        f"/cases/{case.reference}/events/new",
        data={
            "csrf_token": token,
            "kind": "crisis",
            "title": "",
            "occurred_on": (date.today() + timedelta(days=3)).isoformat(),
            "precision": "day",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Geef de gebeurtenis een korte titel." in html
    assert "is-invalid" in html
    assert db.session.query(TimelineEvent).count() == before
    response = client.post(
        f"/cases/{case.reference}/events/new",
        data={
            "csrf_token": token,
            "kind": "crisis",
            "title": "Toekomst",
            "occurred_on": (date.today() + timedelta(days=3)).isoformat(),
            "precision": "day",
        },
    )
    assert "Deze datum ligt in de toekomst" in response.get_data(as_text=True)
    assert db.session.query(TimelineEvent).count() == before


def test_correct_and_retract_through_the_pages(client, member_case):
    case, professional = member_case
    event = log_event(
        case, EventContent(kind="school", title="Schorsing", occurred_on=date.today()), professional
    )
    db.session.flush()
    url = f"/cases/{case.reference}/events/{event.id}"
    token = csrf_token(client, f"{url}/edit")
    client.post(
        f"{url}/edit",
        data={
            "csrf_token": token,
            "kind": "school",
            "title": "Schorsing van twee dagen",
            "occurred_on": date.today().isoformat(),
            "precision": "day",
            "change_note": "duur",
        },
    )
    response = client.post(f"{url}/retract", data={"csrf_token": token, "reason": ""})
    assert "Geef een reden voor het intrekken." in response.get_data(as_text=True)
    client.post(f"{url}/retract", data={"csrf_token": token, "reason": "Dubbel vastgelegd"})
    html = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert "<del>Schorsing van twee dagen</del>" in html
    assert "2 versies" in html and "Dubbel vastgelegd" in html


def test_timeline_page_uses_a_fixed_number_of_queries(client, member_case, count_queries):
    case, professional = member_case

    def measure():
        with count_queries() as queries:
            assert client.get(f"/cases/{case.reference}/timeline").status_code == 200
        return len(queries)

    from caseflow.timeline.services import revise_event

    for index in range(3):
        event = log_event(
            case,
            EventContent(kind="gesprek", title=f"G{index}", occurred_on=date.today()),
            professional,
        )
    revise_event(
        event,
        case,
        EventContent(kind="netwerk", title="G!", occurred_on=date.today()),
        professional,
    )
    start_placement(
        case,
        PlacementInput(type="kortdurend_verblijf", provider_name="Y", start_date=date(2024, 1, 1)),
        professional,
    )
    small = measure()
    for index in range(40):
        event = log_event(
            case,
            EventContent(kind="gesprek", title=f"H{index}", occurred_on=date.today()),
            professional,
        )
        if index % 5 == 0:
            revise_event(
                event,
                case,
                EventContent(kind="netwerk", title=f"H{index}!", occurred_on=date.today()),
                professional,
            )
    start_placement(
        case,
        PlacementInput(type="gezinshuis", provider_name="X", start_date=date(2025, 1, 1)),
        professional,
    )
    assert measure() == small


def test_as_of_view_and_svg_route(client, member_case):
    case, _professional = member_case
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    html = client.get(f"/cases/{case.reference}/timeline?as_of={yesterday}").get_data(as_text=True)
    assert "zoals die bekend was op" in html
    response = client.get(f"/cases/{case.reference}/timeline.svg")
    assert response.mimetype == "image/svg+xml" and response.data.startswith(b"<svg")


@pytest.mark.parametrize("suffix", ["/timeline", "/timeline.svg"])
def test_an_as_of_date_in_the_future_shows_today_instead_of_a_500(client, member_case, suffix):
    """Attack pass: ``?as_of=9999-12-31`` overflowed the end of its day (OverflowError, 500) for
    every member and chair; a date in the future is known as today."""
    case, professional = member_case
    log_event(case, EventContent(kind="overig", title="VANDAAGBEKEND", occurred_on=date.today()),
              professional)
    db.session.commit()
    for as_of in ("9999-12-31", (date.today() + timedelta(days=30)).isoformat()):
        response = client.get(f"/cases/{case.reference}{suffix}?as_of={as_of}")
        assert response.status_code == 200, as_of
        assert "VANDAAGBEKEND" in response.get_data(as_text=True)


def test_placement_overlap_message_next_to_the_field(client, member_case):
    case, professional = member_case
    start_placement(
        case,
        PlacementInput(type="gezinshuis", provider_name="De Vlinder", start_date=date(2025, 1, 1)),
        professional,
    )
    token = csrf_token(client, f"/cases/{case.reference}/placements")
    response = client.post(
        f"/cases/{case.reference}/placements",
        data={
            "csrf_token": token,
            "type": "pleegzorg",
            "provider_name": "Pleeggezin",
            "in_region": "y",
            "start_date": "2025-03-01",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "overlapt met de lopende plaatsing Gezinshuis bij De Vlinder" in html
    assert "1 doorplaatsing" not in html
