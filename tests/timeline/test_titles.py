"""System-written timeline titles: stored as message id + values (and as Dutch text in ``title``),
shown in the reader's language (issue 23, point 2)."""

from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from caseflow.auth.models import Role, User
from caseflow.cases.records import add_member
from caseflow.cases.vocab import MemberRole
from caseflow.exchange.exporter import export_cases
from caseflow.extensions import db
from caseflow.timeline.models import EventKind, EventSource, TimelineEvent
from caseflow.timeline.placements import PlacementInput, start_placement
from caseflow.timeline.titles import display_title
from tests.case_helpers import chair_user, new_case


@pytest.fixture
def english_reader(auth):
    """A member of a case whose UI is English; the chair who wrote the events reads Dutch."""
    professional = auth.login(Role.PROFESSIONAL)
    chair = chair_user()
    case = new_case(chair, pseudonym="Titelkind")
    add_member(case, professional, MemberRole.CASUSREGISSEUR, chair)
    start_placement(
        case,
        PlacementInput(
            type="pleegzorg", provider_name="Gezin Jansen", start_date=date.today() - timedelta(5)
        ),
        chair,
    )
    professional.locale = "en"
    db.session.commit()
    return case


def _placement_event(case) -> TimelineEvent:
    return db.session.scalars(
        db.select(TimelineEvent).where(
            TimelineEvent.case_id == case.id, TimelineEvent.kind == EventKind.PLAATSING.value
        )
    ).one()


def test_the_stored_title_is_dutch_and_the_message_id_is_kept(app, english_reader):
    event = _placement_event(english_reader)
    assert event.title == "Plaatsing gestart: Pleegzorg (Gezin Jansen)"
    assert event.title_msgid == "Plaatsing gestart: %(type)s (%(provider)s)"
    assert event.title_values["type"] == {"term": "placement_label", "code": "pleegzorg"}
    with force_locale("en"):
        assert display_title(event) == "Placement started: Foster care (Gezin Jansen)"
    with force_locale("nl"):
        assert display_title(event) == event.title


def test_an_english_reader_sees_the_system_titles_in_english(client, english_reader):
    case = english_reader
    timeline = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert "Placement started: Foster care (Gezin Jansen)" in timeline
    assert "Plaatsing gestart" not in timeline
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "Placement started: Foster care (Gezin Jansen)" in page
    assert "Plaatsing gestart" not in page
    # ... and the stored text stays Dutch, whoever read it
    assert _placement_event(case).title.startswith("Plaatsing gestart: Pleegzorg")


def test_a_dutch_reader_sees_the_dutch_title(client, english_reader):
    case = english_reader
    member = db.session.scalars(
        db.select(User).where(User.role == Role.PROFESSIONAL.value, User.locale == "en")
    ).one()
    member.locale = "nl"
    db.session.commit()
    timeline = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert "Plaatsing gestart: Pleegzorg (Gezin Jansen)" in timeline


def test_an_old_row_without_message_id_shows_its_title(client, english_reader):
    case = english_reader
    db.session.add(
        TimelineEvent(
            case_id=case.id,
            kind=EventKind.OVERIG.value,
            title="Oude systeemtitel van vóór de message ids",
            occurred_on=date.today(),
            source=EventSource.SYSTEM.value,
        )
    )
    db.session.commit()
    timeline = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert "Oude systeemtitel van vóór de message ids" in timeline


def test_a_translation_that_lost_a_placeholder_falls_back_to_the_stored_title(app):
    event = TimelineEvent(
        title="Doel 3 vastgelegd", title_msgid="Doel %(number)s vastgelegd", title_values={"nr": 3}
    )
    with force_locale("en"):
        assert display_title(event) == "Doel 3 vastgelegd"


def test_the_export_writes_the_dutch_title(app, english_reader):
    with force_locale("en"):
        (document,) = export_cases([english_reader])["cases"]
    # (placements are exported as placements; the hand-over of the regie is an event)
    titles = [event["title"] for event in document["events"]]
    assert any(title.startswith("Casusregisseur: niemand → ") for title in titles), titles
    assert not any("Case director" in title for title in titles)
