"""The meeting screens: planning, agenda, decisions and actions through the forms, refused input,
the minutes (HTML and PDF), start-page panels and fixed query counts."""

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from caseflow.audit.models import AccessLogEntry, AuditEvent
from caseflow.auth.models import Role
from caseflow.cases.models import CaseMember
from caseflow.cases.workflow import Phase
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.meetings import queries
from caseflow.meetings.clock import region_today
from caseflow.meetings.models import Meeting, MeetingAction, MeetingAttendee, MeetingDecision
from caseflow.meetings.services import add_guest, record_meeting_decision
from caseflow.timeline.models import TimelineEvent
from tests.case_helpers import new_case
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import csrf_token
from tests.meeting_helpers import make_action, make_item, make_meeting


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def chair(auth):
    return auth.login(Role.PROCESBEGELEIDER)


def _post(client, url, data, form_page):
    return client.post(url, data={"csrf_token": csrf_token(client, form_page), **data})


def test_chair_plans_a_meeting_with_attendees(client, chair):
    voorzitter = UserFactory(role=Role.VOORZITTER.value, name="Marieke Voorzitter")
    professional = UserFactory(name="Sanne Professional")
    response = _post(client, "/meetings/new", {
        "day": (region_today() + timedelta(days=7)).isoformat(), "starts": "14:00",
        "location": "Hilversum", "chair": voorzitter.id, "coordinator": chair.id,
        "attendees": [professional.id],
    }, "/meetings/new")
    assert response.status_code == 302
    meeting = db.session.scalars(select(Meeting)).one()
    assert response.headers["Location"] == f"/meetings/{meeting.id}"
    assert meeting.starts_at.astimezone().hour in range(24)
    people = set(db.session.scalars(
        select(MeetingAttendee.user_id).where(MeetingAttendee.meeting_id == meeting.id)
    ))
    assert people == {voorzitter.id, chair.id, professional.id}
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Sanne Professional" in html and "14:00" in html


def test_a_meeting_without_date_or_chair_is_refused_with_messages(client, chair):
    response = _post(client, "/meetings/new", {"day": "", "starts": "14:00", "chair": "0",
                                               "coordinator": chair.id}, "/meetings/new")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Vul de datum in." in html and "Kies een voorzitter." in html
    assert _count(Meeting) == 0


def test_proposed_case_is_added_to_the_agenda(client, chair):
    case = new_case(chair, phase=Phase.RET_BESPREKING, pseudonym="Voorstelkind")
    meeting = make_meeting(chair, starts_at=utcnow() + timedelta(days=3))
    assert "Voorstelkind" in client.get("/meetings").get_data(as_text=True)
    page = f"/meetings/{meeting.id}"
    assert f'value="{case.id}"' in client.get(page).get_data(as_text=True)
    response = _post(client, f"{page}/agenda", {"agenda-case": case.id}, page)
    assert response.status_code == 302
    assert [c.id for c in queries.proposed_cases()] == []
    assert "Voorstelkind" not in client.get("/meetings").get_data(as_text=True).split(
        "Gepland")[0]


def test_guest_is_recorded_by_role_only(client, chair):
    item = make_item(chair)
    page = f"/meetings/{item.meeting_id}"
    response = _post(client, f"{page}/guests", {"guest-role": "ouder", "guest-case": item.case_id},
                     page)
    assert response.status_code == 302
    guest = db.session.scalars(
        select(MeetingAttendee).where(MeetingAttendee.guest_role.is_not(None))
    ).one()
    assert (guest.guest_role, guest.case_id, guest.user_id) == ("ouder", item.case_id, None)
    response = _post(client, f"{page}/guests", {"guest-role": ""}, page)
    assert response.status_code == 400 and "Kies de rol van de gast." in response.get_data(
        as_text=True)


def test_decision_and_action_through_the_forms(client, chair):
    item = make_item(chair)
    owner = UserFactory(name="Yusuf Eigenaar")
    page = f"/agenda-items/{item.id}"
    response = _post(client, f"{page}/decisions", {
        "decision-text": "Gezinshuis zoeken.", "decision-mandate": "besluit",
        "decision-escalated_to": "",
    }, page)
    assert response.status_code == 302
    response = _post(client, f"{page}/actions", {
        "action-description": "Kennismaking plannen", "action-owner": f"u:{owner.id}",
        "action-due_on": (region_today() + timedelta(days=10)).isoformat(),
    }, page)
    assert response.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "Gezinshuis zoeken." in html and "Yusuf Eigenaar" in html
    assert _count(MeetingDecision) == 1 and _count(MeetingAction) == 1


def test_an_organisation_can_own_an_action(client, chair):
    item = make_item(chair)
    gemeente = OrganisationFactory(name="Gemeente Huizen")
    page = f"/agenda-items/{item.id}"
    response = _post(client, f"{page}/actions", {
        "action-description": "Beschikking afgeven", "action-owner": f"o:{gemeente.id}",
        "action-due_on": region_today().isoformat(),
    }, page)
    assert response.status_code == 302
    action = db.session.scalars(select(MeetingAction)).one()
    assert (action.owner_organisation_id, action.owner_user_id) == (gemeente.id, None)


@pytest.mark.parametrize("changes, message", [
    ({"action-due_on": (region_today() - timedelta(days=1)).isoformat()},
     "De uiterste datum ligt in het verleden."),
    ({"action-owner": ""}, "Kies een eigenaar: een persoon of een organisatie."),
    ({"action-owner": "u:999999"}, "Kies een eigenaar: een persoon of een organisatie."),
    ({"action-due_on": ""}, "Vul de uiterste datum in."),
])
def test_bad_action_input_is_refused_next_to_the_field_and_nothing_stored(
    client, chair, changes, message
):
    item = make_item(chair)
    owner = UserFactory()
    events = _count(TimelineEvent)
    page = f"/agenda-items/{item.id}"
    data = {"action-description": "Schoolplek regelen", "action-owner": f"u:{owner.id}",
            "action-due_on": (region_today() + timedelta(days=3)).isoformat(), **changes}
    response = _post(client, f"{page}/actions", data, page)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r'class="invalid-feedback[^"]*"[^>]*>\s*' + re.escape(message), html), html
    assert "Controleer de volgende velden" in html
    assert _count(MeetingAction) == 0 and _count(TimelineEvent) == events


def test_a_decision_without_mandate_is_refused(client, chair):
    item = make_item(chair)
    page = f"/agenda-items/{item.id}"
    response = _post(client, f"{page}/decisions", {"decision-text": "Iets.",
                                                   "decision-mandate": ""}, page)
    assert response.status_code == 400
    assert "Kies het mandaat van dit besluit." in response.get_data(as_text=True)
    assert _count(MeetingDecision) == 0


def test_minutes_pdf_contains_every_agenda_item_and_is_logged_as_print(client, chair):
    meeting = make_meeting(chair)
    items = [
        make_item(chair, meeting=meeting, case=new_case(chair, phase=Phase.RET_BESPREKING,
                                                        pseudonym=name))
        for name in ("Noor", "Daan", "Fenna")
    ]
    record_meeting_decision(items[0], chair, text="Gezinshuis dicht bij oma.", mandate="advies")
    add_guest(meeting, "jeugdige", chair, case=items[1].case)
    make_action(chair, item=items[2])
    response = client.get(f"/meetings/{meeting.id}/minutes.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    for item in items:
        assert f"{item.case.reference} · {item.case.pseudonym}" in text
    assert "Gezinshuis dicht bij oma." in text and "Jeugdige" in text
    assert items[0].case.gemeente.name not in text  # reference and pseudonym only
    printed = set(db.session.scalars(
        select(AccessLogEntry.case_id).where(AccessLogEntry.event_type == AuditEvent.PRINT)
    ))
    assert printed == {item.case_id for item in items}


def test_minutes_page_is_printable_html(client, chair):
    item = make_item(chair)
    html = client.get(f"/meetings/{item.meeting_id}/minutes").get_data(as_text=True)
    assert "Verslag RET-bespreking" in html and item.case.reference in html
    assert "minutes.css" in html and "<script>" not in html


def test_meeting_list_and_meeting_page_use_a_fixed_number_of_queries(client, chair,
                                                                     count_queries):
    meeting = make_meeting(chair)
    first = make_item(chair, meeting=meeting)

    def measure():
        counts = []
        for url in ("/meetings", f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/minutes",
                    f"/agenda-items/{first.id}"):
            with count_queries() as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
        return counts

    def grow():
        item = make_item(chair, meeting=meeting)
        record_meeting_decision(item, chair, text="Advies.", mandate="advies")
        make_action(chair, item=item)
        make_action(chair, item=first)
        record_meeting_decision(first, chair, text="Nog een besluit.", mandate="besluit")
        make_meeting(chair, starts_at=utcnow() - timedelta(days=30))
        new_case(chair, phase=Phase.RET_BESPREKING)

    grow()
    small = measure()
    for _ in range(4):
        grow()
    assert measure() == small


def test_case_panel_loads_in_one_statement(app, count_queries):
    """Items, their decisions, removals from an agenda (issue 20), open actions, and who and
    which meeting they name: one UNION ALL (core/together.py), no per-row loads."""
    item = make_item()
    record_meeting_decision(item, item.meeting.coordinator, text="Advies.", mandate="advies")
    record_meeting_decision(item, item.meeting.coordinator, text="Besluit.", mandate="besluit")
    make_action(item=item)
    with count_queries() as statements:
        panel = queries.case_panel(item.case)
        names = [(d.decided_by.name if d.decided_by else "") for d in panel["meeting_decisions"]]
        chairs = [i.meeting.chair.name for i in panel["agenda_items"]]
    assert len(statements) == 1 and all(chairs) and len(names) == 2
    # newest first, each once; the item once although it has two decisions
    assert [d.text for d in panel["meeting_decisions"]] == ["Besluit.", "Advies."]
    assert len(panel["open_actions"]) == 1
    assert [i.id for i in panel["agenda_items"]] == [item.id]


# --- start page and closing actions -----------------------------------------------------------


def _days_pass(action: MeetingAction, days: int) -> None:
    """Move the action's due date back instead of the clock (the session would expire)."""
    action.due_on -= timedelta(days=days)
    db.session.flush()


def test_owner_sees_open_action_on_start_page_and_overdue_is_marked(client, auth):
    owner = auth.login(Role.PROFESSIONAL)
    action = make_action(owner=owner, due_on=region_today())
    html = client.get("/").get_data(as_text=True)
    assert "Mijn acties uit de RET" in html and "Schoolplek regelen" in html
    assert "te laat" not in html
    # not a member of the case: the owner sees the action but gets no link to the case
    assert f'href="/cases/{action.case.reference}"' not in html
    db.session.add(CaseMember(case_id=action.case_id, user_id=owner.id, role="overig",
                              since=region_today() - timedelta(days=30)))
    _days_pass(action, 1)
    html = client.get("/").get_data(as_text=True)
    assert "te laat" in html and f'href="/cases/{action.case.reference}"' in html


def test_chair_sees_overdue_actions_and_counts_per_organisation(client, chair):
    gemeente = OrganisationFactory(name="Gemeente Blaricum")
    late = make_action(chair, organisation=gemeente, due_on=region_today())
    make_action(chair, organisation=gemeente, due_on=region_today() + timedelta(days=20))
    _days_pass(late, 2)
    html = client.get("/").get_data(as_text=True)
    assert "Acties over de datum" in html
    row = re.search(r"<tr><td>Gemeente Blaricum</td>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r">(\d+)<", row) == ["2", "1"]


def test_owner_marks_action_done_and_a_stranger_cannot(client, auth):
    owner = UserFactory()
    action = make_action(owner=owner)
    stranger = auth.login(Role.PROFESSIONAL)
    assert stranger.id != owner.id
    response = _post(client, f"/actions/{action.id}/status", {"status": "gedaan"}, "/")
    assert response.status_code == 302
    db.session.refresh(action)
    assert action.status == "open"
    auth.logout()
    auth.login(user=owner)
    response = _post(client, f"/actions/{action.id}/status", {"status": "gedaan", "next": "/"},
                     "/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    db.session.refresh(action)
    assert action.status == "gedaan" and action.closed_by_id == owner.id


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example/", "https://evil.example/"])
def test_status_form_does_not_redirect_off_site(client, auth, target):
    owner = auth.login(Role.PROFESSIONAL)
    action = make_action(owner=owner)
    response = _post(client, f"/actions/{action.id}/status",
                     {"status": "gedaan", "next": target}, "/")
    assert response.headers["Location"] == "/"


def test_case_panel_partial_renders_meetings_decisions_and_open_actions(app, client):
    from flask import render_template_string
    from flask_login import login_user

    item = make_item()
    record_meeting_decision(item, item.meeting.coordinator, text="Gezinshuis zoeken.",
                            mandate="doorzettingsmacht", escalated_to="Wethouder")
    make_action(item=item)
    with app.test_request_context("/"):
        login_user(item.meeting.coordinator)
        html = render_template_string(
            "{% include 'meetings/_case_panel.html' %}", case=item.case
        )
    assert "Gezinshuis zoeken." in html and "Doorzettingsmacht" in html
    assert "Opgeschaald naar: Wethouder" in html and "Schoolplek regelen" in html
    assert f'href="/agenda-items/{item.id}"' in html
