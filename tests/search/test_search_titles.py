"""The search's timeline entries as message id + values (issue 23, point 2): stored Dutch, shown
in the reader's language, the answer and the care type as vocabulary codes."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from caseflow.auth.models import Role
from caseflow.cases.records import add_member
from caseflow.cases.vocab import MemberRole
from caseflow.extensions import db
from caseflow.search.requests import Reply, answer_request
from caseflow.timeline.models import EventKind, TimelineEvent
from caseflow.timeline.placements import PlacementInput, start_placement
from caseflow.timeline.titles import display_description, display_title
from tests.search_helpers import answer, ask, days_ago, provider, searching_case


def _search_events(case) -> list[TimelineEvent]:
    return list(db.session.scalars(
        select(TimelineEvent)
        .where(TimelineEvent.case_id == case.id, TimelineEvent.kind == EventKind.ZOEKTOCHT.value)
        .order_by(TimelineEvent.id)
    ))


@pytest.fixture
def english_searcher(auth):
    """A case with an open search, a request and a 'nee'; its member reads English."""
    professional = auth.login(Role.PROFESSIONAL)
    case, search, actor = searching_case(pseudonym="Zoektitel")
    add_member(case, professional, MemberRole.CASUSREGISSEUR, actor)
    item = ask(search, case, actor, provider("Zorgaanbieder Kompas"), days=20)
    answer(item, case, actor, "nee", days=10, reason="vol")
    professional.locale = "en"
    db.session.commit()
    return case, search, item, actor


def test_the_stored_titles_stay_dutch_with_their_message_ids(app, english_searcher):
    case, *_ = english_searcher
    started, asked, answered = _search_events(case)
    assert [started.title, asked.title, answered.title] == [
        "Zoektocht naar een plek gestart",
        "Aanvraag bij Zorgaanbieder Kompas (Gezinshuis)",
        "Antwoord van Zorgaanbieder Kompas: Nee",
    ]
    assert asked.title_values["care"] == {"term": "placement_label", "code": "gezinshuis"}
    assert answered.title_values["answer"] == {"term": "search_answer_label", "code": "nee"}
    with force_locale("en"):
        assert display_title(started) == "Search for a placement started"
        assert display_title(asked) == (
            "Request to Zorgaanbieder Kompas (Family-style group home (gezinshuis))"
        )
        assert display_title(answered) == "Answer from Zorgaanbieder Kompas: No"


def test_a_corrected_answer_says_so_in_both_languages(app, english_searcher):
    case, _search, item, actor = english_searcher
    answer_request(item, case, Reply("ja", days_ago(9), None, None, ""), actor,
                   reason="Belde terug")
    corrected = _search_events(case)[-1]
    assert corrected.title == "Antwoord van Zorgaanbieder Kompas: Ja (gecorrigeerd)"
    with force_locale("en"):
        assert display_title(corrected) == "Answer from Zorgaanbieder Kompas: Yes (corrected)"


def test_an_english_reader_sees_the_search_entries_in_english(client, english_searcher):
    case, *_ = english_searcher
    timeline = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert "Request to Zorgaanbieder Kompas (Family-style group home (gezinshuis))" in timeline
    assert "Answer from Zorgaanbieder Kompas: No" in timeline
    assert "Aanvraag bij" not in timeline and "Antwoord van" not in timeline
    assert "Zoektocht naar een plek gestart" not in timeline


def test_the_close_by_a_placement_and_its_note_in_the_readers_language(client, english_searcher):
    case, search, _item, actor = english_searcher
    org = provider("Gezinshuis Linde")
    answer(ask(search, case, actor, org, days=8), case, actor, "ja", days=7)
    start_placement(case, PlacementInput("gezinshuis", org.name, days_ago(5), provider_id=org.id),
                    actor)
    db.session.commit()
    closed = _search_events(case)[-1]
    assert closed.title == "Zoektocht naar een plek afgesloten"
    assert closed.description == "Afgesloten doordat de plaatsing startte."  # stored Dutch
    assert search.close_note == "Afgesloten doordat de plaatsing startte."
    with force_locale("en"):
        assert display_description(closed) == "Closed because the placement started."
    timeline = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert "Search for a placement closed" in timeline
    assert "Closed because the placement started." in timeline
    assert "Afgesloten doordat" not in timeline
    detail = client.get(f"/cases/{case.reference}/zoektochten/{search.id}").get_data(as_text=True)
    assert "Closed because the placement started." in detail


def test_a_note_a_person_typed_has_no_message_id(app):
    from caseflow.search.services import Closing, close_search

    case, search, actor = searching_case()
    close_search(search, case, Closing("maatwerk", closed_on=days_ago(1), note="Oma neemt hem"),
                 actor)
    closed = _search_events(case)[-1]
    assert (closed.description, closed.description_msgid) == ("Oma neemt hem", None)
    with force_locale("en"):
        assert display_description(closed) == "Oma neemt hem"


def test_a_placement_without_a_yes_hints_in_the_readers_language(app):
    case, search, actor = searching_case()
    org = provider()
    answer(ask(search, case, actor, org, days=40), case, actor, "nee", days=30, reason="vol")
    start_placement(case, PlacementInput("gezinshuis", org.name, days_ago(5), provider_id=org.id),
                    actor)
    hint = _search_events(case)[-1]
    assert hint.description == "Leg het antwoord van de aanbieder vast of sluit de zoektocht af."
    with force_locale("en"):
        assert display_title(hint).startswith("Placement started without a ‘yes’")
        assert display_description(hint) == "Record the provider's answer or close the search."
