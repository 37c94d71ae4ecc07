"""Retrospectives (issue 8): consent, frozen timeline, pseudonymisation, themes, access."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import func, select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Role
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.retrospectives import freeze, learning, queries, services
from caseflow.retrospectives.consent import RetroError, withdraw_consent
from caseflow.retrospectives.frozen_models import NameFlag
from caseflow.retrospectives.models import RetroConsent, Retrospective, Theme
from caseflow.timeline.models import TimelineEvent
from caseflow.timeline.services import EventContent, log_event, revise_event
from tests.case_helpers import chair_user
from tests.helpers import csrf_token
from tests.retro_helpers import (
    PSEUDONYM,
    SECRET_NAMES,
    case_with_history,
    facilitator,
    give_consent,
    learning_session,
    prepared,
    resolve_all,
)


def _annotate(retro, text: str, themes: list[str], event_index: int = 0, sub=None):
    events = freeze.frozen_events(retro)
    chosen = list(db.session.scalars(select(Theme).where(Theme.code.in_(themes))))
    return learning.add_annotation(
        retro, learning.AnnotationInput("patroon", text, events[event_index], sub_question=sub,
                                        themes=chosen), retro.facilitator,
    )


def test_no_selection_without_consent(app):
    case = case_with_history()
    with pytest.raises(RetroError):
        prepared_without = services.Preparation(
            facilitator(), date.today(), date.today(), "ochtend", "Vraag"
        )
        services.prepare_retrospective(case, prepared_without, chair_user())
    assert case.id not in set(db.session.scalars(queries.valid_consent_case_ids()))
    give_consent(case)
    assert case.id in set(db.session.scalars(queries.valid_consent_case_ids()))


def test_prepare_form_refuses_a_case_without_consent(app, client, auth):
    auth.login(Role.PROCESBEGELEIDER)
    case, owner = case_with_history(), facilitator()
    response = client.get("/retrospectives/nieuw")
    assert case.reference not in response.get_data(as_text=True)
    response = client.post("/retrospectives/nieuw", data={
        "csrf_token": csrf_token(client, "/retrospectives/nieuw"), "case": case.id,
        "facilitator": owner.id, "session": 0, "as_of": date.today().isoformat(),
        "held_on": date.today().isoformat(), "part_of_day": "ochtend", "main_question": "Vraag",
    })
    assert response.status_code == 400
    assert "geen geldige toestemming" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Retrospective)) == 0


def test_bad_input_is_shown_next_to_the_field_and_nothing_stored(app, client, auth):
    auth.login(Role.PROCESBEGELEIDER)
    case = case_with_history()
    url = f"/retrospectives/cases/{case.reference}/toestemming"
    response = client.post(url, data={
        "csrf_token": csrf_token(client, url), "given_by": "ouders", "given_on": "",
        "scope": "retrospectief",
    })
    assert response.status_code == 400
    assert "Vul een datum in." in response.get_data(as_text=True)
    future = (date.today() + timedelta(days=3)).isoformat()
    response = client.post(url, data={
        "csrf_token": csrf_token(client, url), "given_by": "ouders", "given_on": future,
        "scope": "retrospectief",
    })
    assert response.status_code == 400
    assert "in de toekomst" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(RetroConsent)) == 0


def test_consent_is_recorded_from_the_case_page(app, client, auth):
    auth.login(Role.VOORZITTER)
    case = case_with_history()
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "Toestemming voor een retrospectief" in page
    url = f"/retrospectives/cases/{case.reference}/toestemming"
    for given_by in ("ouders", "jongere"):  # the child of 2012 is 12 to 16: both (issue 18)
        assert "Toestemming gegeven" not in client.get(
            f"/cases/{case.reference}").get_data(as_text=True)
        response = client.post(url, data={
            "csrf_token": csrf_token(client, url), "given_by": given_by,
            "given_on": date.today().isoformat(), "scope": "retrospectief",
            "learning_question": "?",
        })
        assert response.status_code == 302
    assert "Toestemming gegeven" in client.get(f"/cases/{case.reference}").get_data(as_text=True)


def test_withdrawal_removes_coming_retrospectives_and_hides_held_ones(app, client, auth):
    owner = auth.login(Role.FACILITATOR)
    session = learning_session(owner)
    coming = prepared(owner=owner, session=session)
    case = db.session.get(Case, coming.case_id)
    held = prepared(case, owner=owner, held_on=date.today() - timedelta(days=1))
    resolve_all(held)
    services.finish_retrospective(held)
    assert withdraw_consent(case, chair_user()) == 1
    assert coming.status == "vervallen" and coming.session_id is None
    assert not freeze.frozen_events(coming)
    assert freeze.frozen_events(held)  # kept, but hidden:
    assert not queries.timeline_visible(held)
    text = client.get(f"/retrospectives/{held.id}/tijdlijn").get_data(as_text=True)
    assert "toestemming ingetrokken" in text and "Schorsing" not in text
    assert queries.session_page(session).retros == []
    assert case.id not in set(db.session.scalars(queries.valid_consent_case_ids()))


def test_frozen_timeline_does_not_change_when_the_case_is_edited(app, client, auth):
    owner = auth.login(Role.FACILITATOR)
    retro = prepared(owner=owner)
    before = [(e.title, e.description, e.occurred_on) for e in freeze.frozen_events(retro)]
    case = db.session.get(Case, retro.case_id)
    chair = chair_user()
    event = db.session.scalars(
        select(TimelineEvent).where(
            TimelineEvent.case_id == case.id, TimelineEvent.kind == "school"
        )
    ).one()
    revise_event(event, case, EventContent("school", "Andere titel", event.occurred_on), chair)
    log_event(case, EventContent("incident", "Nieuw incident", date.today()), chair)
    after = [(e.title, e.description, e.occurred_on) for e in freeze.frozen_events(retro)]
    assert after == before
    changes = freeze.changes_since(retro, case, services.pseudonymiser_for(retro))
    assert {c.kind for c in changes} >= {"nieuw", "gewijzigd"}
    page = client.get(f"/retrospectives/{retro.id}/wijzigingen").get_data(as_text=True)
    assert "Nieuw incident" in page and "gecorrigeerd" in page
    assert "Andere titel" not in client.get(f"/retrospectives/{retro.id}/tijdlijn").get_data(
        as_text=True
    )


def test_no_real_name_in_any_retrospective_page_pdf_or_docx(app, client, auth):
    owner = auth.login(Role.FACILITATOR)
    session = learning_session(owner)
    retro = prepared(owner=owner, session=session)
    _annotate(retro, f"Hier verloor {PSEUDONYM} het vertrouwen in Verbeek.", ["kind_uit_beeld"],
              sub=retro.sub_questions[0])
    learning.add_action(f"Sanne en {PSEUDONYM}: sneller analyse", "Okkerman", None, retro=retro)
    flags = {f.word for f in db.session.scalars(select(NameFlag).where(NameFlag.resolution.is_(
        None)))}
    assert "Willemijn" in flags  # an unknown name: open for the facilitator
    base = f"/retrospectives/{retro.id}"
    for url in (f"{base}/verslag.pdf", f"{base}/verslag.docx",
                f"/retrospectives/sessions/{session.id}/verslag.pdf",
                f"/retrospectives/sessions/{session.id}/verslag.docx"):
        refused = client.get(url)
        assert refused.status_code == 409, url
        assert f"/retrospectives/{retro.id}/namen" in refused.get_data(as_text=True)
    _assert_clean(client.get(f"{base}/namen").get_data(as_text=True).replace("Willemijn", ""),
                  "span list")  # the list shows the unknown word, and no known name
    resolve_all(retro, owner)
    resolve_all(session, owner)
    db.session.commit()
    pages = [base, f"{base}/tijdlijn", f"{base}/verslag", f"{base}/wijzigingen",
             "/retrospectives/", f"/retrospectives/sessions/{session.id}"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_clean(response.get_data(as_text=True), url)
    for url in (f"{base}/verslag.pdf", f"/retrospectives/sessions/{session.id}/verslag.pdf"):
        response = client.get(url)
        assert response.mimetype == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
        assert retro.session_pseudonym in text
        _assert_clean(text, url)
    for url in (f"{base}/verslag.docx", f"/retrospectives/sessions/{session.id}/verslag.docx"):
        document = Document(io.BytesIO(client.get(url).data))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert retro.session_pseudonym in text
        _assert_clean(text, url)


def _assert_clean(text: str, where: str) -> None:
    for name in SECRET_NAMES:
        assert name.lower() not in text.lower(), f"{name!r} in {where}"


def test_theme_counts_across_a_session(app):
    owner = facilitator()
    session = learning_session(owner)
    first, second = prepared(owner=owner, session=session), prepared(owner=owner, session=session)
    _annotate(first, "Analyse kwam pas na de crisis", ["analyse_te_laat", "doormodderen"])
    _annotate(first, "Weer geen analyse", ["analyse_te_laat"], event_index=1)
    _annotate(second, "Ook hier laat", ["analyse_te_laat"])
    page = queries.session_page(session)
    counts = {c.theme.code: c for c in page.theme_counts}
    assert counts["analyse_te_laat"].count == 3
    assert sorted(counts["analyse_te_laat"].retros) == sorted(
        [first.session_pseudonym, second.session_pseudonym]
    )
    assert counts["doormodderen"].count == 1
    assert sum(counts["analyse_te_laat"].phases.values()) == 3
    assert page.theme_counts[0].theme.code == "analyse_te_laat"


def test_facilitator_cannot_see_the_case_page_or_another_facilitators_work(app, client, auth):
    me = auth.login(Role.FACILITATOR)
    other_owner = facilitator()
    theirs = prepared(owner=other_owner, session=learning_session(other_owner))
    mine = prepared(owner=me)
    case = db.session.get(Case, mine.case_id)
    assert client.get(f"/cases/{case.reference}").status_code == 403
    assert client.get("/cases/GV-1999-0001").status_code == 403  # same answer: nothing leaks
    for path in ("", "/tijdlijn", "/verslag", "/verslag.pdf", "/verslag.docx", "/wijzigingen",
                 "/presentielijst"):
        assert client.get(f"/retrospectives/{theirs.id}{path}").status_code == 403, path
    assert client.get(f"/retrospectives/sessions/{theirs.session_id}").status_code == 403
    denial = db.session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.event_type == "access_denied")
        .order_by(AccessLogEntry.id.desc())
    ).first()
    assert denial.reason == "not_own_learning_session"
    assert client.get(f"/retrospectives/{mine.id}").status_code == 200
    listing = client.get("/retrospectives/").get_data(as_text=True)
    assert mine.session_pseudonym in listing and theirs.session_pseudonym not in listing


def test_flag_resolution_replaces_the_word_everywhere(app):
    retro = prepared()
    texts = " ".join(e.description for e in freeze.frozen_events(retro))
    assert "Willemijn" not in texts  # safe by default: a placeholder until it is decided
    services.resolve_flag(retro, "Willemijn", "[mentor]")
    texts = " ".join(e.description for e in freeze.frozen_events(retro))
    assert "Willemijn" not in texts and "[mentor]" in texts


def test_pages_use_a_fixed_number_of_queries_whatever_the_data_size(app, client, auth,
                                                                    count_queries):
    owner = auth.login(Role.FACILITATOR)
    session = learning_session(owner)
    retro = prepared(owner=owner, session=session)
    base = f"/retrospectives/{retro.id}"
    urls = ["/retrospectives/", "/retrospectives/sessions",
            f"/retrospectives/sessions/{session.id}", base, f"{base}/tijdlijn",
            f"{base}/verslag", f"{base}/wijzigingen"]

    def measure() -> list[int]:
        numbers = []
        for url in urls:
            with count_queries() as statements:
                assert client.get(url).status_code == 200, url
            numbers.append(len(statements))
        return numbers

    _annotate(retro, "Patroon", ["doormodderen"])
    small = measure()
    for _ in range(3):
        other = prepared(owner=owner, session=session)
        for index in range(3):
            _annotate(other, "Patroon", ["doormodderen", "kind_uit_beeld"], event_index=index)
            _annotate(retro, "Nog een", ["analyse_te_laat"], event_index=index)
            learning.add_action("Actie", "", None, retro=retro)
    assert measure() == small


def test_facilitator_start_page_shows_her_retrospectives_in_preparation(app, client, auth):
    owner = auth.login(Role.FACILITATOR)
    mine, theirs = prepared(owner=owner), prepared()
    page = client.get("/").get_data(as_text=True)
    assert mine.session_pseudonym in page and theirs.session_pseudonym not in page
