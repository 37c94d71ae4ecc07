"""Consent that fits the child's age (issue 18, point 4): under 12 the parent(s) with authority,
12 to 16 the young person and the parent(s), from 16 the young person alone; the birth month (day
unknown) counts as 12 to 16. Every band, its boundary months, incomplete consent refused, and a
withdrawal by each party."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.retrospectives import queries, services
from caseflow.retrospectives.consent import (
    ConsentInput,
    RetroError,
    consent_state,
    record_consent,
    valid_consent_case_ids,
    withdraw_consent,
    withdrawn_case_ids,
)
from caseflow.retrospectives.consent_age import age_on
from caseflow.retrospectives.models import RetroConsent, Retrospective
from caseflow.retrospectives.vocab import AgeBand, ConsentParty
from tests.case_helpers import chair_user
from tests.helpers import csrf_token
from tests.retro_helpers import case_with_history, facilitator, resolve_all

TODAY = date(2026, 6, 15)
SCOPE = "retrospectief_en_leerbijeenkomst"


@pytest.mark.parametrize(("born", "on", "band", "text"), [
    ((2015, 1), date(2026, 12, 31), AgeBand.ONDER_12, "11"),  # 11
    ((2014, 6), date(2026, 5, 31), AgeBand.ONDER_12, "11"),  # the month before the 12th
    ((2014, 6), date(2026, 6, 1), AgeBand.VAN_12_TOT_16, "11–12"),  # birth month: may be 12
    ((2014, 6), date(2026, 6, 30), AgeBand.VAN_12_TOT_16, "11–12"),
    ((2014, 6), date(2026, 7, 1), AgeBand.VAN_12_TOT_16, "12"),  # 12
    ((2011, 1), date(2026, 12, 1), AgeBand.VAN_12_TOT_16, "15"),  # 15
    ((2010, 6), date(2026, 5, 31), AgeBand.VAN_12_TOT_16, "15"),  # the month before the 16th
    ((2010, 6), date(2026, 6, 15), AgeBand.VAN_12_TOT_16, "15–16"),  # birth month: may be 15
    ((2010, 6), date(2026, 7, 1), AgeBand.VANAF_16, "16"),  # 16
    ((2009, 3), date(2026, 12, 1), AgeBand.VANAF_16, "17"),
])
def test_age_band_and_the_uncertain_birth_month(born, on, band, text):
    age = age_on(*born, on)
    assert age.band is band
    assert age.text == text


def _case(born: tuple[int, int]) -> Case:
    case = case_with_history()
    case.birth_year, case.birth_month = born
    db.session.flush()
    return case


def _give(case: Case, *given_by: str, on: date = TODAY) -> None:
    for who in given_by:
        record_consent(case, ConsentInput(who, on, SCOPE), chair_user())


def _prepare(case: Case, held_on: date | None = None) -> Retrospective:
    return services.prepare_retrospective(case, services.Preparation(
        facilitator(), TODAY, held_on or TODAY + timedelta(days=14), "ochtend", "Vraag?",
    ), chair_user())


def _selectable(case: Case) -> bool:
    return case.id in set(db.session.scalars(valid_consent_case_ids()))


# Born so that on TODAY (15 June 2026) the child is: 11, in the 12th-birthday month, 12, 15, in
# the 16th-birthday month, 16 — with whose consent is complete.
BANDS = [
    ((2015, 1), "11", {("ouders",), ("voogd",)}),
    ((2014, 6), "11–12", {("ouders", "jongere"), ("voogd", "jongere")}),
    ((2014, 5), "12", {("ouders", "jongere"), ("voogd", "jongere")}),
    ((2011, 1), "15", {("ouders", "jongere"), ("voogd", "jongere")}),
    ((2010, 6), "15–16", {("ouders", "jongere"), ("voogd", "jongere")}),
    ((2010, 5), "16", {("jongere",)}),
]
ASKED = {"ouders": ConsentParty.GEZAG, "voogd": ConsentParty.GEZAG, "jongere": ConsentParty.JONGERE}


@freeze_time(TODAY)
@pytest.mark.parametrize(("born", "age", "complete_with"), BANDS)
def test_each_band_starts_only_with_complete_consent(app, born, age, complete_with):
    """For every band every combination of parties: the case selection (SQL), the state (Python)
    and prepare_retrospective agree, and only what the age requires is complete."""
    required = {ASKED[who] for combo in complete_with for who in combo}
    for combo in [(), ("ouders",), ("jongere",), ("ouders", "jongere"), ("voogd",),
                  ("voogd", "jongere")]:
        case = _case(born)
        assert consent_state(case).age.text == age
        allowed = [who for who in combo if ASKED[who] in required]
        _give(case, *allowed)
        expected = set(allowed) and any(set(c) <= set(allowed) for c in complete_with)
        assert consent_state(case).complete is bool(expected), (age, combo)
        assert _selectable(case) is bool(expected), (age, combo)
        if expected:
            assert _prepare(case).case_id == case.id
        else:
            with pytest.raises(RetroError) as refused:
                _prepare(case)
            assert refused.value.field == "case"
            assert not db.session.scalars(
                select(Retrospective).where(Retrospective.case_id == case.id)).all()


@freeze_time(TODAY)
@pytest.mark.parametrize(("born", "given_by", "message"), [
    ((2015, 1), "jongere", "Onder de 12 jaar"),
    ((2010, 5), "ouders", "Vanaf 16 jaar"),
    ((2010, 5), "voogd", "Vanaf 16 jaar"),
    ((2011, 1), "ouders_en_jongere", "per persoon"),  # no combined rows since issue 18
])
def test_a_party_the_age_does_not_ask_is_refused(app, born, given_by, message):
    case = _case(born)
    with pytest.raises(RetroError) as refused:
        _give(case, given_by)
    assert refused.value.field == "given_by" and message in str(refused.value.message)
    assert all(p.record is None for p in consent_state(case).parties.values())


@freeze_time(TODAY)
def test_consent_given_before_the_12th_birthday_is_incomplete_after_it(app):
    case = _case((2014, 6))  # 11 until May, the birth month counts as 12 to 16
    _give(case, "ouders", on=date(2026, 5, 1))
    assert consent_state(case, date(2026, 5, 31)).complete
    assert not consent_state(case).complete and not _selectable(case)
    assert consent_state(case).missing == [ConsentParty.JONGERE]
    _give(case, "jongere")
    assert _selectable(case)


@freeze_time(TODAY)
@pytest.mark.parametrize(("born", "parties", "withdrawing", "stops"), [
    ((2015, 1), ("ouders",), ConsentParty.GEZAG, True),  # under 12: the parents
    ((2011, 1), ("ouders", "jongere"), ConsentParty.GEZAG, True),  # 15: the parents ...
    ((2011, 1), ("ouders", "jongere"), ConsentParty.JONGERE, True),  # ... or the young person
    ((2010, 6), ("ouders", "jongere"), ConsentParty.GEZAG, True),  # 16th-birthday month
    ((2010, 5), ("jongere",), ConsentParty.JONGERE, True),  # 16: the young person
    ((2011, 1), ("ouders", "jongere"), None, True),  # "the family withdraws": every party
])
def test_withdrawal_by_each_required_party_stops_it(app, born, parties, withdrawing, stops):
    case = _case(born)
    _give(case, *parties)
    coming = _prepare(case)
    held = _prepare(case, held_on=TODAY - timedelta(days=2))
    resolve_all(held)  # afronden only once every span found is decided
    services.finish_retrospective(held)
    lapsed = withdraw_consent(case, chair_user(), party=withdrawing)
    assert lapsed == 1 and coming.status == "vervallen" and coming.session_id is None
    assert held.status == "afgerond" and not queries.timeline_visible(held)
    assert not _selectable(case)
    assert case.id in set(db.session.scalars(withdrawn_case_ids()))
    with pytest.raises(RetroError):
        _prepare(case)
    party_rows = consent_state(case).parties
    for party, row in party_rows.items():
        if withdrawing in (None, party) and row.record is not None:
            assert row.withdrawn and row.record.withdrawn_recorded_by_id is not None


@freeze_time(TODAY)
def test_parents_of_a_sixteen_year_old_withdrawing_stops_nothing(app):
    case = _case((2010, 5))  # 16 today; the parents consented when the child was 15
    _give(case, "ouders", "jongere", on=date(2026, 4, 1))
    retro = _prepare(case)
    assert withdraw_consent(case, chair_user(), party=ConsentParty.GEZAG) == 0
    assert retro.status == "voorbereiding" and queries.timeline_visible(retro)
    assert _selectable(case) and case.id not in set(db.session.scalars(withdrawn_case_ids()))


@freeze_time(TODAY)
def test_consent_page_asks_what_the_age_requires_and_shows_who_consented(app, client, auth):
    chair = auth.login("procesbegeleider")
    case = _case((2011, 1))  # 15
    url = f"/retrospectives/cases/{case.reference}/toestemming"
    page = client.get(url).get_data(as_text=True)
    assert "Leeftijd vandaag: 15 jaar" in page and "12 tot 16 jaar" in page
    assert "de jongere én de ouder(s) met gezag" in page
    assert page.count("nog niet gegeven") == 2 and "consent-incomplete" in page
    response = client.post(url, data={
        "csrf_token": csrf_token(client, url), "given_by": "ouders",
        "given_on": "2026-06-10", "scope": SCOPE,
    })
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert page.count("nog niet gegeven") == 1 and "10 jun 2026" in page
    assert chair.name in page and "vastgelegd door een professional" in page
    response = client.post(url, data={
        "csrf_token": csrf_token(client, url), "given_by": "jongere",
        "given_on": "2026-06-12", "scope": SCOPE,
    })
    page = client.get(url).get_data(as_text=True)
    assert "nog niet gegeven" not in page and "consent-complete" in page
    withdraw = f"{url}/intrekken"
    client.post(withdraw, data={"csrf_token": csrf_token(client, url), "party": "jongere"})
    state = consent_state(case)
    assert state.parties[ConsentParty.JONGERE].withdrawn
    assert state.parties[ConsentParty.GEZAG].given and not state.complete


@freeze_time(TODAY)
def test_under_twelve_the_form_refuses_the_child_next_to_the_field(app, client, auth):
    auth.login("voorzitter")
    case = _case((2015, 1))
    url = f"/retrospectives/cases/{case.reference}/toestemming"
    response = client.post(url, data={
        "csrf_token": csrf_token(client, url), "given_by": "jongere",
        "given_on": "2026-06-10", "scope": SCOPE,
    })
    assert response.status_code == 400
    assert "Onder de 12 jaar geven de ouder(s)" in response.get_data(as_text=True)
    assert consent_state(case).parties[ConsentParty.JONGERE].record is None


@pytest.mark.parametrize("combo", list(product([None, "given", "withdrawn"], repeat=2)))
def test_sql_selection_equals_python_state_on_every_day_of_a_year(app, combo):
    """The SQL band arithmetic and the Python one agree on every day of a year around both
    thresholds, for each state of the two parties."""
    cases = []
    for born in ((2014, 6), (2010, 6)):
        case = _case(born)
        for party, status in zip(("ouders", "jongere"), combo, strict=True):
            if status:
                db.session.add(RetroConsent(
                    case_id=case.id, given_by=party, party=ASKED[party].value,
                    given_on=date(2025, 1, 1), scope=SCOPE, via="professional",
                    withdrawn_on=date(2025, 2, 1) if status == "withdrawn" else None,
                ))
        cases.append(case)
    db.session.flush()
    day = date(2026, 1, 1)
    while day < date(2027, 1, 1):
        selected = set(db.session.scalars(valid_consent_case_ids(day)))
        withdrawn = set(db.session.scalars(withdrawn_case_ids(day)))
        for case in cases:
            state = consent_state(case, day)
            assert (case.id in selected) is state.complete, (day, combo)
            assert (case.id in withdrawn) is state.withdrawal_in_effect, (day, combo)
        day += timedelta(days=15)
