import re
from datetime import date

import pytest
from sqlalchemy import func, select

from caseflow.auth.models import Role
from caseflow.cases.models import Case
from caseflow.cases.records import add_member
from caseflow.cases.vocab import MemberRole
from caseflow.cases.workflow import Phase
from caseflow.extensions import db
from tests.case_helpers import new_case
from tests.factories import GemeenteFactory
from tests.helpers import csrf_token


def _cases() -> int:
    return db.session.scalar(select(func.count()).select_from(Case))


def _intake(**overrides):
    gemeente = overrides.pop("gemeente", None)
    if not isinstance(gemeente, str):
        gemeente = str((gemeente or GemeenteFactory(name="Hilversum")).id)
    data = {
        "pseudonym": "Noor", "birth_year": "2012", "birth_month": "4",
        "gemeente": gemeente, "referrer_type": "gi", "referrer_organisation": "0",
        "registered_on": date.today().isoformat(), "question": "Past nergens meer.",
        "problem_areas": ["trauma", "hechting"], "current_situation": "", "casusregisseur": "0",
    }
    data.update(overrides)
    return data


@pytest.fixture
def chair(auth):
    return auth.login(Role.PROCESBEGELEIDER)


def _post_intake(client, data):
    token = csrf_token(client, "/cases/new")
    return client.post("/cases/new", data={"csrf_token": token, **data})


def test_intake_registers_a_case_and_shows_it(client, chair):
    response = _post_intake(client, _intake())
    assert response.status_code == 302
    reference = response.headers["Location"].rsplit("/", 1)[-1]
    assert re.fullmatch(rf"GV-{date.today().year}-\d{{4}}", reference)
    page = client.get(f"/cases/{reference}").get_data(as_text=True)
    assert "Noor" in page and "Aanmelding" in page and "Trauma" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"pseudonym": ""}, "pseudonym", "Vul een roepnaam of pseudoniem in."),
        ({"question": ""}, "question", "Beschrijf de hulpvraag."),
        ({"problem_areas": []}, "problem_areas", "Kies ten minste één probleemgebied."),
        ({"birth_year": str(date.today().year + 1)}, "birth_year", "in de toekomst"),
        ({"birth_year": "1950"}, "birth_year", "controleer het geboortejaar"),
        ({"birth_year": "twaalf"}, "birth_year", "Ongeldig getal"),
        ({"gemeente": "999999"}, "gemeente", "Kies een gemeente uit de lijst."),
        ({"gemeente": "0"}, "gemeente", "Kies een gemeente uit de lijst."),
        ({"referrer_type": "buurman"}, "referrer_type", "Ongeldige keuze"),
        ({"registered_on": "2999-01-01"}, "registered_on", "ligt in de toekomst"),
    ],
)
def test_intake_bad_input_shows_errors_next_to_fields_and_stores_nothing(
    client, chair, overrides, field, message
):
    before = _cases()
    response = _post_intake(client, _intake(**overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert "is-invalid" in html  # Bootstrap marks the field; the message sits beside it
    # and the summary links to it (a group of boxes: to its first box, where the focus can go)
    assert f'href="#{field}-0"' in html if field == "problem_areas" else f'href="#{field}"' in html
    assert _cases() == before


def test_inactive_gemeente_is_refused(client, chair):
    gemeente = GemeenteFactory(name="Opgeheven", active=False)
    response = _post_intake(client, _intake(gemeente=gemeente))
    assert response.status_code == 400
    assert _cases() == 0


def test_case_list_filters_search_sort_and_paginate(client, chair):
    actor = chair
    hilversum, huizen = GemeenteFactory(name="Hilversum"), GemeenteFactory(name="Huizen")
    for index in range(30):
        new_case(actor, pseudonym=f"Kind{index:02d}",
                 gemeente=hilversum if index % 2 else huizen,
                 phase=Phase.VERKLARENDE_ANALYSE if index < 5 else Phase.AANMELDING)
    page = client.get("/cases").get_data(as_text=True)
    assert "30 casussen gevonden" in page
    # Unfiltered (no WHERE at all for the chair): still counted over the cases.
    assert "30 casussen gevonden" in client.get("/cases?status=all").get_data(as_text=True)
    assert "0 casussen gevonden" in client.get("/cases?status=closed").get_data(as_text=True)
    by_gemeente = client.get("/cases?sort=gemeente").get_data(as_text=True)
    assert "30 casussen gevonden" in by_gemeente
    assert 'aria-current="page">1<' in page and ">2</a>" in page
    assert "5 casussen gevonden" in client.get("/cases?phase=verklarende_analyse").get_data(
        as_text=True
    )
    assert "15 casussen gevonden" in client.get(f"/cases?gemeente={huizen.id}").get_data(
        as_text=True
    )
    found = client.get("/cases?q=kind07").get_data(as_text=True)
    assert "1 casus gevonden" in found and "Kind07" in found
    descending = client.get("/cases?sort=-pseudonym").get_data(as_text=True)
    assert descending.index("Kind29") < descending.index("Kind28")
    second = client.get("/cases?page=2").get_data(as_text=True)
    assert second.count("/cases/GV-") == 5
    for beyond in ("3", "99999999999999999999"):  # past the end: the last page, not an error
        response = client.get(f"/cases?page={beyond}")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("/cases/GV-") == 5
    for nonsense in ("abc", "-1", "0"):
        first = client.get(f"/cases?page={nonsense}").get_data(as_text=True)
        assert first.count("/cases/GV-") == 25


def test_case_list_and_case_page_use_a_fixed_number_of_queries(client, chair, count_queries):
    def measure():
        with count_queries() as list_queries:
            assert client.get("/cases").status_code == 200
        case = db.session.scalars(select(Case).order_by(Case.id)).first()
        with count_queries() as page_queries:
            assert client.get(f"/cases/{case.reference}").status_code == 200
        return len(list_queries), len(page_queries)

    for _ in range(3):
        new_case(chair, phase=Phase.BLIJVEN_VOLGEN)
    small = measure()
    for _ in range(25):
        new_case(chair, phase=Phase.BLIJVEN_VOLGEN)
    assert measure() == small


def test_board_shows_every_open_phase_with_time_in_phase(client, chair):
    new_case(chair, pseudonym="Bordkind", phase=Phase.RET_BESPREKING)
    html = client.get("/board").get_data(as_text=True)
    for label in ("Aanmelding", "Verklarende analyse", "RET-bespreking", "Plaatsing",
                  "Blijven volgen", "Evaluatie"):
        assert label in html
    assert "Bordkind" in html and "in fase" in html


def test_professional_sees_only_own_cases_and_gets_404_elsewhere(client, auth, app):
    professional = auth.login(Role.PROFESSIONAL)
    from tests.case_helpers import chair_user

    chair = chair_user()
    own = new_case(chair, pseudonym="Eigen")
    add_member(own, professional, MemberRole.JEUGDBESCHERMER, chair)
    other = new_case(chair, pseudonym="Ander")
    listing = client.get("/cases").get_data(as_text=True)
    assert "Eigen" in listing and "Ander" not in listing
    assert client.get(f"/cases/{own.reference}").status_code == 200
    assert client.get(f"/cases/{other.reference}").status_code == 404
    assert client.get("/cases/new").status_code == 403


def test_move_through_the_page_and_guard_message(client, chair):
    case = new_case(chair, phase=Phase.VERKLARENDE_ANALYSE)
    token = csrf_token(client, f"/cases/{case.reference}")
    response = client.post(
        f"/cases/{case.reference}/move",
        data={"csrf_token": token, "trigger": "naar_ret", "version": case.version},
        follow_redirects=True,
    )
    assert "Leg eerst de verklarende analyse vast" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.phase == Phase.VERKLARENDE_ANALYSE


def test_stale_form_gets_the_changed_meanwhile_message(client, chair):
    case = new_case(chair)
    token = csrf_token(client, f"/cases/{case.reference}")
    old_version = case.version
    client.post(f"/cases/{case.reference}/move",
                data={"csrf_token": token, "trigger": "start_analyse", "version": old_version})
    response = client.post(
        f"/cases/{case.reference}/move",
        data={"csrf_token": token, "trigger": "afsluiten", "closing_reason": "overig",
              "version": old_version},
        follow_redirects=True,
    )
    assert "intussen door iemand anders gewijzigd" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.phase == Phase.VERKLARENDE_ANALYSE


def test_professional_proposal_and_chair_acceptance(client, auth):
    from tests.case_helpers import chair_user

    chair = chair_user()
    professional = auth.login(Role.PROFESSIONAL)
    case = new_case(chair)
    add_member(case, professional, MemberRole.CASUSREGISSEUR, chair)
    token = csrf_token(client, f"/cases/{case.reference}")
    response = client.post(
        f"/cases/{case.reference}/move",
        data={"csrf_token": token, "trigger": "start_analyse", "version": case.version,
              "reason": "Analyse kan beginnen"},
        follow_redirects=True,
    )
    assert "Uw voorstel is vastgelegd" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.phase == Phase.AANMELDING


def test_workflow_diagram_is_generated_from_the_machine(client, chair):
    import xml.etree.ElementTree as ET

    from caseflow.cases.workflow import TRANSITIONS

    response = client.get("/workflow.svg")
    assert response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    edges = {el.get("data-edge") for el in root.iter() if el.get("data-edge")}
    expected = set()
    for transition in TRANSITIONS:
        sources = transition["source"] if isinstance(transition["source"], list) else [
            transition["source"]]
        expected |= {f"{source}-{transition['trigger']}" for source in sources}
    assert edges == expected
    phases = {el.get("data-phase") for el in root.iter() if el.get("data-phase")}
    assert phases == {p.value for p in Phase}
    assert "<svg" in client.get("/workflow").get_data(as_text=True)


def test_former_member_sees_only_what_they_logged(client, auth):
    from datetime import timedelta

    from caseflow.cases.models import CaseMember
    from caseflow.database import utcnow
    from caseflow.timeline.models import EventKind
    from caseflow.timeline.services import add_system_event
    from tests.case_helpers import chair_user

    chair = chair_user()
    professional = auth.login(Role.PROFESSIONAL)
    case = new_case(chair, pseudonym="Vroeger")
    db.session.add(CaseMember(case_id=case.id, user_id=professional.id, role="onderwijs",
                              since=date.today() - timedelta(days=60),
                              until=date.today() - timedelta(days=1)))
    # logged while still a member (a former member sees what was known on their last day)
    add_system_event(case, EventKind.SCHOOL, "Mijn schoolgesprek", actor=professional,
                     recorded_at=utcnow() - timedelta(days=2))
    add_system_event(case, EventKind.CRISIS, "Crisis door een ander", actor=chair)
    db.session.flush()
    html = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "Mijn schoolgesprek" in html
    assert "Crisis door een ander" not in html
    assert "Hulpvraag" not in html and "Vroeger" not in html
    assert "Vroeger" not in client.get("/cases").get_data(as_text=True)


def test_search_is_logged_with_the_filters_used_not_the_text(client, chair):
    from caseflow.audit.models import AccessLogEntry

    new_case(chair, pseudonym="Zoekkind")
    client.get("/cases?q=zoekkind&phase=aanmelding")
    entry = db.session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.event_type == "search")
    ).one()
    assert entry.fields == "q,phase" and entry.object_type == "case_list"
    assert "zoekkind" not in " ".join(str(v) for v in vars(entry).values()).lower()


def test_service_messages_are_translated_for_english_users(client, auth):
    from tests.case_helpers import chair_user

    professional = auth.login(Role.PROFESSIONAL)
    case = new_case(chair_user())
    add_member(case, professional, MemberRole.JEUGDBESCHERMER, case_creator := chair_user())
    assert case_creator is not None
    token = csrf_token(client, f"/cases/{case.reference}")
    client.post("/language", data={"csrf_token": token, "language": "en", "next": "/"})
    data = {"csrf_token": token, "trigger": "start_analyse", "version": case.version,
            "reason": "ok"}
    client.post(f"/cases/{case.reference}/move", data=data)
    response = client.post(f"/cases/{case.reference}/move", data=data, follow_redirects=True)
    assert "This step has already been proposed and is waiting for the chair." in response.get_data(
        as_text=True
    )


def test_long_selects_render_like_wtforms(app):
    """The case list's long selects give exactly WTForms' own HTML."""
    from wtforms import widgets

    from caseflow.cases.forms import CaseFilterForm

    with app.test_request_context("/cases?regisseur=2"):
        form = CaseFilterForm(formdata=None, regisseur="2")
        form.regisseur.choices = [("", "Iedereen"), ("1", 'Anne "A" <b>&'), ("2", "Bram"),
                                  ("3", "Çelik")]
        fast = form.regisseur(class_="form-select")
        plain = widgets.Select()(form.regisseur, class_="form-select")
    assert fast == plain
    assert '<option selected value="2">Bram</option>' in fast
    assert "&lt;b&gt;&amp;" in fast
