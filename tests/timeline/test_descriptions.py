"""System-written event descriptions ("binnen de regio" on a placement): stored as message id +
values next to the Dutch ``description``, shown in the reader's language (issue 23, point 2)."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from caseflow.auth.models import Role
from caseflow.cases.records import add_member
from caseflow.cases.vocab import MemberRole
from caseflow.extensions import db
from caseflow.timeline.models import EventKind, EventSource, TimelineEvent
from caseflow.timeline.placement_corrections import correct_placement, current_placement
from caseflow.timeline.placements import PlacementInput, end_placement, start_placement
from caseflow.timeline.queries import timeline_rows
from caseflow.timeline.titles import display_description
from tests.case_helpers import chair_user, new_case


@pytest.fixture
def placed(auth):
    """A case with a placement inside the region; its member reads English, the chair Dutch."""
    professional = auth.login(Role.PROFESSIONAL)
    chair = chair_user()
    case = new_case(chair, pseudonym="Regiokind")
    add_member(case, professional, MemberRole.CASUSREGISSEUR, chair)
    placement = start_placement(
        case,
        PlacementInput(type="pleegzorg", provider_name="Gezin Bakker",
                       start_date=date.today() - timedelta(10)),
        chair,
    )
    professional.locale = "en"
    db.session.commit()
    return case, placement, chair, professional


def _events(case) -> list[TimelineEvent]:
    return list(db.session.scalars(
        db.select(TimelineEvent)
        .where(TimelineEvent.case_id == case.id, TimelineEvent.kind == EventKind.PLAATSING.value)
        .order_by(TimelineEvent.id)
    ))


def test_the_region_is_stored_dutch_with_its_message_id(app, placed):
    case, *_ = placed
    (start,) = _events(case)
    assert (start.description, start.description_msgid) == ("binnen de regio", "binnen de regio")
    with force_locale("en"):
        assert display_description(start) == "inside the region"
    with force_locale("nl"):
        assert display_description(start) == "binnen de regio"


def test_an_english_reader_sees_the_region_in_english(client, placed):
    case, *_ = placed
    timeline = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert '<div class="small prewrap">inside the region</div>' in timeline
    assert "binnen de regio" not in timeline
    assert _events(case)[0].description == "binnen de regio"  # the stored text stays Dutch


def test_a_dutch_reader_sees_the_dutch_region(client, placed):
    case, _placement, _chair, professional = placed
    professional.locale = "nl"
    db.session.commit()
    timeline = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert '<div class="small prewrap">binnen de regio</div>' in timeline


def test_a_corrected_region_follows_with_its_message_id(client, placed):
    case, placement, chair, _professional = placed
    correct_placement(placement, case, replace(current_placement(placement), in_region=False),
                      chair, reason="Toch buiten de regio")
    db.session.commit()
    (start,) = _events(case)
    assert (start.description, start.description_msgid) == ("buiten de regio", "buiten de regio")
    (row,) = [r for r in timeline_rows(case) if r.event.id == start.id]
    with force_locale("en"):
        assert display_description(row) == "outside the region"
    timeline = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert '<div class="small prewrap">outside the region</div>' in timeline


def test_an_end_note_a_person_typed_stays_as_typed(app, placed):
    case, placement, chair, _professional = placed
    end_placement(placement, case, chair, end_date=date.today() - timedelta(2),
                  ending="planmatig", note="Terug naar moeder")
    end = _events(case)[-1]
    assert (end.description, end.description_msgid) == ("Terug naar moeder", None)
    with force_locale("en"):
        assert display_description(end) == "Terug naar moeder"


def test_an_old_row_without_message_id_shows_its_description(client, placed):
    case, *_ = placed
    db.session.add(TimelineEvent(
        case_id=case.id, kind=EventKind.PLAATSING.value, title="Plaatsing gestart (oud)",
        description="buiten de regio", occurred_on=date.today(),
        source=EventSource.SYSTEM.value,
    ))
    db.session.commit()
    timeline = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert '<div class="small prewrap">buiten de regio</div>' in timeline


def test_a_translation_that_lost_a_placeholder_falls_back_to_the_description(app):
    event = TimelineEvent(description="Reden: vol", description_msgid="Reden: %(reason)s",
                          description_values={"why": "vol"})
    with force_locale("en"):
        assert display_description(event) == "Reden: vol"


def test_a_ret_actions_owner_line_is_shown_in_the_readers_language(app):
    """The action's timeline entry says who owns it and by when: stored in Dutch, shown in
    English to an English reader."""
    from tests.meeting_helpers import make_action

    action = make_action(chair_user())
    event = db.session.scalars(
        db.select(TimelineEvent).where(TimelineEvent.case_id == action.case_id,
                                    TimelineEvent.description.startswith("Eigenaar: "))
    ).one()
    assert "; uiterlijk " in event.description
    with force_locale("en"):
        shown = display_description(event)
    assert shown.startswith("Owner: ") and "; due " in shown
