"""Correcting a case's intake data (issue 20, point 2): a version kept per correction, a reason
required, the access log's ``change`` row with the fields changed, and bad input refused with
nothing changed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Role
from caseflow.cases.corrections import (
    CaseCorrection,
    CorrectionError,
    case_revisions,
    correct_case,
    corrections_after,
    corrections_context,
    current_content,
)
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.monitor.periods import Period, PeriodKind
from tests.case_helpers import chair_user, new_case
from tests.factories import GemeenteFactory, UserFactory
from tests.helpers import csrf_token


def _change(case: Case, **overrides) -> CaseCorrection:
    values = vars(current_content(case)) | overrides
    return CaseCorrection(**values)


def _change_rows(case: Case) -> list[AccessLogEntry]:
    return list(db.session.scalars(
        select(AccessLogEntry).where(
            AccessLogEntry.case_id == case.id, AccessLogEntry.event_type == "change",
            AccessLogEntry.object_type == "case",
        )
    ))


def test_a_correction_keeps_the_first_version_and_logs_the_fields(app):
    chair = chair_user()
    case = new_case(chair, pseudonym="Sam")
    other = GemeenteFactory(name="Weesp-test")
    first_gemeente = case.gemeente_id
    correct_case(case, _change(case, birth_year=2013, gemeente_id=other.id), chair,
                 reason="Geboortejaar verkeerd overgenomen")
    db.session.flush()
    revisions = case_revisions(case)
    assert [r.number for r in revisions] == [1, 2]
    assert (revisions[0].birth_year, revisions[0].gemeente_id) == (2012, first_gemeente)
    assert revisions[0].changed_fields == []
    assert (revisions[1].birth_year, revisions[1].gemeente_id) == (2013, other.id)
    assert revisions[1].changed_fields == ["birth_year", "gemeente"]
    assert revisions[1].reason == "Geboortejaar verkeerd overgenomen"
    assert revisions[1].recorded_by_id == chair.id
    assert (case.birth_year, case.gemeente_id) == (2013, other.id)
    rows = _change_rows(case)
    assert len(rows) == 1 and rows[0].fields == "birth_year,gemeente"
    assert rows[0].user_id == chair.id


def test_a_second_correction_adds_a_version_and_problem_areas_change(app):
    chair = chair_user()
    case = new_case(chair, problem_areas=("trauma",))
    correct_case(case, _change(case, pseudonym="Mo"), chair, reason="Roepnaam")
    correct_case(case, _change(case, problem_areas=("hechting", "trauma")), chair,
                 reason="Hechting vergeten")
    db.session.flush()
    db.session.expire(case)
    assert [r.pseudonym for r in case_revisions(case)] == ["Testkind", "Mo", "Mo"]
    assert case_revisions(case)[2].problem_areas == ["hechting", "trauma"]
    assert sorted(case.problem_areas) == ["hechting", "trauma"]
    assert [r.fields for r in _change_rows(case)] == ["pseudonym", "problem_areas"]


@pytest.mark.parametrize(
    ("overrides", "reason", "field"),
    [
        ({"birth_year": 2012}, "", "reason"),  # nothing else wrong: the reason is missing
        ({"birth_year": 2013}, "   ", "reason"),
        ({"birth_year": date.today().year + 1}, "Typfout", "birth_year"),
        ({"birth_year": 1970}, "Typfout", "birth_year"),
        ({"birth_month": 13}, "Typfout", "birth_month"),
        ({"gemeente_id": 999_999}, "Typfout", "gemeente"),
        ({"referrer_type": "buurman"}, "Typfout", "referrer_type"),
        ({"problem_areas": ()}, "Typfout", "problem_areas"),
        ({"pseudonym": " "}, "Typfout", "pseudonym"),
        ({"question": ""}, "Typfout", "question"),
    ],
)
def test_bad_input_is_refused_with_nothing_changed(app, overrides, reason, field):
    chair = chair_user()
    case = new_case(chair)
    before = current_content(case)
    with pytest.raises(CorrectionError) as refused:
        correct_case(case, _change(case, **overrides), chair, reason=reason)
    assert field in refused.value.problems
    assert current_content(case) == before
    assert case_revisions(case) == [] and _change_rows(case) == []


def test_a_retired_gemeente_is_refused_unless_the_case_already_has_it(app):
    chair = chair_user()
    retired = GemeenteFactory(name="Oude gemeente", active=False)
    case = new_case(chair, gemeente=retired)
    correct_case(case, _change(case, pseudonym="Jip"), chair, reason="Roepnaam")  # stays allowed
    other = new_case(chair)
    with pytest.raises(CorrectionError) as refused:
        correct_case(other, _change(other, gemeente_id=retired.id), chair, reason="Verhuisd")
    assert "gemeente" in refused.value.problems


def test_only_the_chair_and_procesbegeleider_correct(app):
    case = new_case(chair_user())
    professional = UserFactory(role=Role.PROFESSIONAL.value)
    with pytest.raises(CorrectionError):
        correct_case(case, _change(case, pseudonym="X"), professional, reason="Waarom niet")
    with pytest.raises(CorrectionError) as unchanged:
        correct_case(case, _change(case), chair_user(), reason="Niets")
    assert "reason" in unchanged.value.problems


def test_the_monitor_note_counts_corrections_after_a_past_period(app):
    chair = chair_user()
    case = new_case(chair, registered_on=date(date.today().year - 1, 3, 1))
    correct_case(case, _change(case, birth_year=2011), chair, reason="Jaar")
    db.session.flush()
    past = Period(PeriodKind.YEAR, date.today().year - 1)
    assert corrections_after(past.end_at, past.end) == 1
    future = Period(PeriodKind.YEAR, date.today().year + 1)
    assert corrections_after(future.end_at, future.end) == 0


def _form(case: Case, **overrides) -> dict:
    data = {
        "pseudonym": case.pseudonym, "birth_year": str(case.birth_year),
        "birth_month": str(case.birth_month), "gemeente": str(case.gemeente_id),
        "referrer_type": case.referrer_type, "referrer_organisation": "0",
        "question": case.question, "problem_areas": case.problem_areas,
        "version": str(case.version), "reason": "Geboortejaar stond verkeerd",
    }
    return data | overrides


def test_the_page_corrects_and_shows_the_history(app, client, auth):
    auth.login(Role.VOORZITTER)
    case = new_case(chair_user())
    reference = case.reference
    url = f"/cases/{reference}/bewerken"
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, **_form(case, birth_year="2013")})
    assert response.status_code == 302
    page = client.get(f"/cases/{reference}").get_data(as_text=True)
    assert "Correcties van de casusgegevens" in page
    assert "Geboortejaar stond verkeerd" in page and "geboortejaar" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reason": ""}, "Geef een reden voor de correctie."),
        ({"birth_year": "1901"}, "controleer het geboortejaar"),
        ({"gemeente": "999999"}, "Kies een gemeente uit de lijst."),
    ],
)
def test_the_page_refuses_bad_input_next_to_the_field(app, client, auth, overrides, message):
    auth.login(Role.PROCESBEGELEIDER)
    case = new_case(chair_user())
    url = f"/cases/{case.reference}/bewerken"
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, **_form(case, **overrides)})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Case, case.id).birth_year == 2012
    assert case_revisions(case) == []


def test_a_professional_cannot_open_the_correction_page(app, client, auth):
    auth.login(Role.PROFESSIONAL)
    case = new_case(chair_user())
    assert client.get(f"/cases/{case.reference}/bewerken").status_code in (403, 404)


def test_the_monitor_counts_under_the_corrected_gemeente_and_notes_it(app, client, auth):
    auth.login(Role.VOORZITTER)
    chair = chair_user()
    last_year = date.today().year - 1
    old, new = GemeenteFactory(name="Aastad-oud"), GemeenteFactory(name="Beestad-nieuw")
    cases = [new_case(chair, gemeente=old, registered_on=date(last_year, 3, 1)) for _ in range(6)]
    url = f"/monitor/alles?period=year&year={last_year}&dimension=gemeente"  # every table
    before = client.get(url).get_data(as_text=True)
    assert "Aastad-oud" in before and "Beestad-nieuw" not in before
    assert 'data-note="corrections"' not in before
    for case in cases:
        correct_case(case, _change(case, gemeente_id=new.id), chair, reason="Woonplaatsbeginsel")
    db.session.commit()
    after = client.get(url).get_data(as_text=True)
    assert "Beestad-nieuw" in after and "Aastad-oud" not in after
    assert 'data-note="corrections"' in after and "6 casussen" in after


def test_a_birth_year_after_the_recorded_history_is_refused(app):
    """Correcting the birth year so an existing event falls before it would break the date rule
    for good; the correction is refused, naming the earliest date, and a retracted mistake
    does not count."""
    from caseflow.timeline.services import EventContent, log_event, retract_event

    chair = chair_user()
    case = new_case(chair)
    event = log_event(
        case, EventContent(kind="crisis", title="Crisis", occurred_on=date(2013, 5, 1)), chair
    )
    before = current_content(case)
    with pytest.raises(CorrectionError) as refused:
        correct_case(case, _change(case, birth_year=2016), chair, reason="Typfout")
    assert "1 mei 2013" in refused.value.problems["birth_year"]
    assert current_content(case) == before and case_revisions(case) == []
    correct_case(case, _change(case, birth_year=2013), chair, reason="Typfout")  # same year: fine
    retract_event(event, case, chair, reason="Verkeerde casus")
    correct_case(case, _change(case, birth_year=2016), chair, reason="Typfout")
    assert case.birth_year == 2016


def test_the_case_pages_corrections_come_with_their_gemeenten_in_one_query(app, count_queries):
    chair = chair_user()
    case = new_case(chair, pseudonym="Sam")
    first = case.gemeente
    other = GemeenteFactory(name="Weesp-test")
    correct_case(case, _change(case, gemeente_id=other.id), chair, reason="Verkeerde gemeente")
    db.session.flush()
    with count_queries() as queries:
        context = corrections_context(case)
    assert len(queries) == 1
    assert [r.number for r in context["corrections"]] == [1, 2]
    assert context["gemeente_names"] == {first.id: first.name, other.id: "Weesp-test"}
