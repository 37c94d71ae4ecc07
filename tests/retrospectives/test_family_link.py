"""The family's own voice (issue 18, point 5): a personal, single-use link valid for 14 days, to a
page where the young person or a parent gives or withdraws their own consent and writes a
reflection or learning question — and sees nothing else of the case."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from caseflow.audit.models import AccessLogEntry, AuditEvent
from caseflow.auth.models import Role
from caseflow.cases.models import Case
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.retrospectives import family_link, queries
from caseflow.retrospectives.consent import RetroError, consent_state
from caseflow.retrospectives.family_models import OWN_WORDS, FamilyLink, FamilyText
from caseflow.retrospectives.models import RetroConsent
from caseflow.retrospectives.vocab import ConsentParty
from tests.case_helpers import chair_user
from tests.helpers import csrf_token
from tests.retro_helpers import (
    JEUGDBESCHERMER,
    ORGANISATION,
    PSEUDONYM,
    REGISSEUR,
    SECRET_NAMES,
    case_with_history,
    facilitator,
    give_consent,
    prepared,
)

OWN_TEXT = f"{PSEUDONYM} werd pas gehoord toen {REGISSEUR} bleef bellen."


def _link(case=None, given_by="jongere", retro=None):
    case = case or case_with_history()
    link, token = family_link.create_link(case, given_by, chair_user(), retro)
    db.session.commit()
    return case, link, f"/gezin/{token}", token


def _refusals(reason: str) -> int:
    return len(db.session.scalars(select(AccessLogEntry).where(
        AccessLogEntry.event_type == AuditEvent.ACCESS_DENIED.value,
        AccessLogEntry.reason == reason,
    )).all())


def _submit(client, url, consent="geven", **texts):
    return client.post(url, data={"csrf_token": csrf_token(client, url), "consent": consent,
                                  **texts})


def test_only_the_hash_is_stored_and_the_page_shows_nothing_else_of_the_case(app, client):
    retro = prepared()
    case = db.session.get(Case, retro.case_id)
    _, link, url, token = _link(case, retro=retro)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {link.token_hash, str(link.id)}
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Terugkijken op de hulp" in html and 'name="consent"' in html
    titles = [e.title for e in queries.freeze.frozen_events(retro)]
    for secret in [*SECRET_NAMES, case.reference, retro.session_pseudonym, REGISSEUR,
                   JEUGDBESCHERMER, ORGANISATION, "Schorsing van school", "weggelopen",
                   chair_user().name, retro.facilitator.name, *titles]:
        assert secret not in html, secret
    assert response.headers["Cache-Control"] == "no-store"
    opened = db.session.scalars(select(AccessLogEntry).where(
        AccessLogEntry.object_type == "family_link", AccessLogEntry.event_type == "read")).all()
    assert [(e.case_id, e.object_id, e.user_id) for e in opened] == [(case.id, str(link.id), None)]


def test_single_use_gives_consent_and_the_link_dies(app, client):
    case, link, url, _ = _link(given_by="jongere")
    response = _submit(client, url, reflection=OWN_TEXT)
    assert response.status_code == 200 and "Bedankt" in response.get_data(as_text=True)
    young = consent_state(case).parties[ConsentParty.JONGERE]
    assert young.given and young.record.via == "link" and young.record.recorded_by_id is None
    assert young.record.family_link_id == link.id and young.record.reflection == OWN_TEXT
    assert db.session.get(FamilyLink, link.id).used_at is not None
    assert client.get(url).status_code == 404
    response = client.post(url, data={"consent": "intrekken",
                                      "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 404
    assert _refusals("family_link_used") == 2
    assert consent_state(case).parties[ConsentParty.JONGERE].given  # the second POST did nothing
    assert family_link.use_link(url.rsplit("/", 1)[1], family_link.FamilyAnswer("geven")) is None


def test_the_page_logs_nobody_in_and_opens_nothing_else(app, client):
    case, _, url, _ = _link()
    _submit(client, url)
    for other in ("/", f"/cases/{case.reference}", "/retrospectives/",
                  f"/retrospectives/cases/{case.reference}/toestemming"):
        response = client.get(other)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(("after", "status"), [
    (timedelta(days=13, hours=23), 200), (timedelta(days=14, seconds=1), 404),
])
def test_the_link_expires_after_fourteen_days(app, client, after, status):
    start = utcnow()
    with freeze_time(start):
        case, link, url, _ = _link()
    with freeze_time(start + after):
        assert client.get(url).status_code == status
        if status == 404:
            assert _refusals("family_link_expired") == 1
            response = client.post(url, data={"consent": "geven",
                                              "csrf_token": csrf_token(client, "/login")})
            assert response.status_code == 404
            assert consent_state(case).parties[ConsentParty.JONGERE].record is None
            assert db.session.get(FamilyLink, link.id).used_at is None


@pytest.mark.parametrize("token", ["onzin", "x" * 43, "x" * 300])
def test_a_wrong_token_is_404_and_logged(app, client, token):
    _link()
    response = client.get(f"/gezin/{token}")
    assert response.status_code == 404
    assert "Deze link werkt niet (meer)" in response.get_data(as_text=True)
    assert _refusals("family_link_unknown") == 1


def test_csrf_is_required(app, client):
    case, link, url, _ = _link()
    response = client.post(url, data={"consent": "geven"})
    assert response.status_code == 400
    assert db.session.get(FamilyLink, link.id).used_at is None
    assert consent_state(case).parties[ConsentParty.JONGERE].record is None


def test_no_answer_is_refused_next_to_the_question_and_keeps_the_link(app, client):
    case, link, url, _ = _link()
    response = client.post(url, data={"csrf_token": csrf_token(client, url),
                                      "reflection": "Tekst blijft staan."})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Kies een antwoord." in html and "Tekst blijft staan." in html
    assert db.session.get(FamilyLink, link.id).used_at is None


def test_withdrawal_through_the_link_stops_the_retrospective(app, client):
    retro = prepared()  # parents and young person consented (the child is 12 to 16)
    case = db.session.get(Case, retro.case_id)
    _, _, url, _ = _link(case, given_by="ouders")
    response = _submit(client, url, consent="intrekken", reflection="Niet gebruiken.")
    assert response.status_code == 200 and "nee" in response.get_data(as_text=True)
    state = consent_state(case)
    parents = state.parties[ConsentParty.GEZAG]
    assert parents.withdrawn and parents.record.withdrawn_via == "link"
    assert not state.complete and state.parties[ConsentParty.JONGERE].given
    db.session.refresh(retro)
    assert retro.status == "vervallen"
    assert not db.session.scalars(select(FamilyText)).all()
    assert "Niet gebruiken." not in {r.reflection for r in db.session.scalars(
        select(RetroConsent))}


def test_own_words_enter_the_retrospective_deidentified_and_marked(app, client, auth):
    owner = facilitator()
    retro = prepared(owner=owner)
    case = db.session.get(Case, retro.case_id)
    _, _, url, _ = _link(case, given_by="jongere", retro=retro)
    _submit(client, url, reflection=OWN_TEXT, learning_question="Waarom luisterde niemand?")
    rows = db.session.scalars(select(FamilyText).order_by(FamilyText.id)).all()
    assert [(r.kind, r.party, r.source) for r in rows] == [
        ("reflectie", "jongere", OWN_WORDS), ("leervraag", "jongere", OWN_WORDS)]
    assert PSEUDONYM not in rows[0].text and "Verbeek" not in rows[0].text
    assert retro.session_pseudonym in rows[0].text
    auth.login(user=owner)
    for page in (f"/retrospectives/{retro.id}", f"/retrospectives/{retro.id}/verslag"):
        html = client.get(page).get_data(as_text=True)
        assert "In eigen woorden van het gezin" in html and "eigen woorden van de jongere" in html
        assert "Waarom luisterde niemand?" in html and PSEUDONYM not in html


def test_case_link_text_waits_for_the_retrospective_prepared_later(app, client):
    case = case_with_history()
    give_consent(case, only=True)  # the parents only: not complete for a 12-to-16-year-old
    _, _, url, _ = _link(case, given_by="jongere")
    _submit(client, url, learning_question=f"Waarom hoorde {REGISSEUR} mij niet?")
    retro = prepared(case)
    rows = db.session.scalars(select(FamilyText).where(
        FamilyText.retrospective_id == retro.id)).all()
    assert [r.kind for r in rows] == ["leervraag"] and REGISSEUR not in rows[0].text


def test_who_may_make_a_link(app, client, auth):
    owner, other = facilitator(), facilitator()
    retro = prepared(owner=owner)
    auth.login(user=other)
    url = f"/retrospectives/{retro.id}/gezinslink"
    response = client.post(url, data={"csrf_token": csrf_token(client, "/"), "given_by": "ouders"})
    assert response.status_code == 403
    auth.logout()
    auth.login(user=owner)
    response = client.post(url, data={"csrf_token": csrf_token(client, "/"), "given_by": "ouders"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "14 dagen geldig" in html
    made = re.search(r"/gezin/([\w-]+)", html).group(1)
    assert db.session.scalar(select(FamilyLink).where(FamilyLink.retrospective_id == retro.id)
                             ).token_hash == hashlib.sha256(made.encode()).hexdigest()
    assert made not in client.get(f"/retrospectives/{retro.id}").get_data(as_text=True)


def test_a_link_for_a_party_the_age_does_not_ask_is_refused(app, client, auth):
    auth.login(Role.VOORZITTER)
    case = case_with_history()
    case.birth_year = 2017  # 9
    db.session.commit()
    url = f"/retrospectives/cases/{case.reference}/toestemming/link"
    response = client.post(url, data={"csrf_token": csrf_token(client, "/"),
                                      "given_by": "jongere"})
    assert response.status_code == 400
    assert "Onder de 12 jaar" in response.get_data(as_text=True)
    assert not db.session.scalars(select(FamilyLink)).all()
    with pytest.raises(RetroError):
        family_link.create_link(case, "jongere", chair_user())


def test_a_new_link_replaces_the_unused_one(app, client):
    case, _, first, _ = _link()
    _, _, second, _ = _link(case)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
