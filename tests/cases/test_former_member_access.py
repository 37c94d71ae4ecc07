"""Issue 17, finding 1: a former member sees only what they logged themselves, on every page.

The case page did; the timeline, its picture, ``?as_of=``, the risk flags, the evaluations and
the outcome chart answered with everything, including what others logged after the member left.
Here content of others (before and after the member left) is planted and every page a former
member can ask for — every case URL pattern of the URL map, and every page without URL
arguments, with the case's reference in the query string too — is searched for it.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

import pytest
from docx import Document
from flask_login import login_user
from pypdf import PdfReader
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from caseflow.auth.models import Role
from caseflow.auth.permissions import (
    CaseAccess,
    CaseAction,
    Former,
    Rule,
    access_rules,
    case_access,
    current_case_access,
)
from caseflow.cases.models import CaseMember
from caseflow.cases.records import record_analysis
from caseflow.cases.vocab import MemberRole
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.outcome.evaluations import record_evaluation
from caseflow.outcome.services import GoalContent, add_goal
from caseflow.outcome.tariffs import set_tariff
from caseflow.risk.models import RiskFlag
from caseflow.risk.rules import CODES
from caseflow.timeline.models import TimelineEvent
from caseflow.timeline.placements import PlacementInput, start_placement
from caseflow.timeline.services import EventContent, log_event, revise_event
from tests import access_cases
from tests.case_helpers import ANALYSIS, evaluation_input, new_case, voorzitter
from tests.factories import UserFactory
from tests.helpers import csrf_token

OWN = "EIGENNOTITIE"
# Written by others: before the member left, after they left, and a later correction of the
# member's own entry by someone else.
SECRETS = (
    "ANDERVOORAF", "ANDERNADIEN", "HERZIENNADIEN", "AANBIEDERGEHEIM", "98765", "DOELGEHEIM",
    "EVALUATIEGEHEIM", "RISICOGEHEIM", "ANALYSEGEHEIM",
)


def _event(case, actor, title: str, days_ago: int):
    day = date.today() - timedelta(days_ago)
    content = EventContent(kind="overig", title=title, occurred_on=day)
    return log_event(case, content, actor, recorded_at=utcnow() - timedelta(days=days_ago))


@pytest.fixture
def former_case(app):
    """(former member, case): member from 60 days ago until yesterday, with one own entry."""
    chair = voorzitter()
    case = new_case(chair, pseudonym="Vertrokken")
    member = UserFactory(role=Role.PROFESSIONAL.value)
    other = UserFactory(role=Role.PROFESSIONAL.value)
    today = date.today()
    db.session.add_all([
        CaseMember(case_id=case.id, user_id=member.id, role=MemberRole.ONDERWIJS.value,
                   since=today - timedelta(days=60), until=today - timedelta(days=1)),
        CaseMember(case_id=case.id, user_id=other.id, role=MemberRole.JEUGDBESCHERMER.value,
                   since=today - timedelta(days=60)),
    ])
    db.session.flush()
    own = _event(case, member, OWN, 20)
    _event(case, other, "ANDERVOORAF", 10)
    _event(case, chair, "ANDERNADIEN", 0)
    revise_event(own, case, EventContent(kind="overig", title="HERZIENNADIEN",
                                         occurred_on=today - timedelta(days=20)), chair)
    placement = start_placement(case, PlacementInput(
        type="gezinshuis", provider_name="AANBIEDERGEHEIM", start_date=today - timedelta(days=5),
    ), chair)
    set_tariff(placement, case, "per_dag", "98765", case.gemeente_id, chair)
    goal = add_goal(case, GoalContent(description="DOELGEHEIM", for_whom="jeugdige",
                                      indicator="Woont er"), chair)
    data = evaluation_input()
    record_evaluation(case, type(data)(**{
        **vars(data), "child_view": "EVALUATIEGEHEIM", "scores": {goal.id: "1"},
    }), chair)
    db.session.add(RiskFlag(case_id=case.id, code=CODES[0], severity="hoog",
                            explanation="RISICOGEHEIM", evidence=[], raised_on=today))
    record_analysis(case, replace(ANALYSIS, question="ANALYSEGEHEIM"), chair)
    db.session.commit()
    return member, case


def _text(response) -> str:
    kind = response.headers.get("Content-Type", "")
    if "pdf" in kind:
        return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(response.data)).pages)
    if "wordprocessingml" in kind:
        return "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    if kind.startswith("image/") and "svg" not in kind:
        return ""  # the favicon: no text to leak
    return response.get_data(as_text=True)


def _get_urls(app, reference: str) -> list[str]:
    """Every GET page of the URL map a former member could ask for with this case."""
    rules = access_rules(app)
    urls = []
    for rule in app.url_map.iter_rules():
        declared = rules.get(rule.endpoint)
        if declared is None or "GET" not in rule.methods:
            continue
        if declared.kind is Rule.CASE:
            values = {declared.case_arg: reference}
            with app.test_request_context():
                values.update(access_cases.url_values(rule.endpoint, reference))
            db.session.commit()
        elif not rule.arguments:
            values = {}
        else:
            continue  # pages of meetings, users, ... : not about one case
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        urls.append(url)
        urls.append(f"{url}?reference={reference}&as_of={date.today().isoformat()}")
    return urls


def test_no_page_shows_a_former_member_what_others_logged(app, client, auth, former_case):
    member, case = former_case
    auth.login(user=member)
    leaks = []
    for url in _get_urls(app, case.reference):
        if url == "/metrics":
            continue  # machine-only figures; its timings can hold any digits (a secret's "98765")
        response = client.get(url)
        assert response.status_code < 500, url
        body = _text(response)
        leaks += [(url, secret) for secret in SECRETS if secret in body]
    assert leaks == []


@pytest.mark.parametrize("suffix", ["", "/timeline", "/timeline?as_of={today}", "/timeline.svg",
                                    "/timeline.svg?as_of={today}"])
def test_the_former_member_still_reads_their_own_entry(client, auth, former_case, suffix):
    member, case = former_case
    auth.login(user=member)
    url = f"/cases/{case.reference}" + suffix.format(today=date.today().isoformat())
    response = client.get(url)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert OWN in body
    assert not [secret for secret in SECRETS if secret in body]


@pytest.mark.parametrize("suffix", ["/risk", "/evaluaties", "/uitkomst.svg"])
def test_pages_with_nothing_of_their_own_answer_404(client, auth, former_case, suffix):
    member, case = former_case
    auth.login(user=member)
    assert client.get(f"/cases/{case.reference}{suffix}").status_code == 404


def test_current_members_and_chairs_still_see_everything(client, auth, former_case):
    _member, case = former_case
    auth.login(Role.PROCESBEGELEIDER)
    body = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert "ANDERNADIEN" in body and "ANDERVOORAF" in body and "HERZIENNADIEN" in body
    assert client.get(f"/cases/{case.reference}/risk").status_code == 200


def test_a_new_case_page_is_closed_to_former_members_unless_it_filters(app, former_case):
    """The default of @case_access: a page that does not declare Former.OWN_ENTRIES answers a
    former member 404, so a new sub-page cannot forget the rule."""

    @case_access(CaseAction.READ)
    def new_overview(case):
        return f"alles van {case.reference}"

    @case_access(CaseAction.READ, former=Former.OWN_ENTRIES)
    def own_overview(case):
        decision = current_case_access()
        rows = db.session.scalars(select(TimelineEvent.title).where(
            TimelineEvent.case_id == case.id,
            decision.entries_clause(TimelineEvent.recorded_by_id),
        )).all()
        return ",".join(sorted(rows))

    member, case = former_case
    with app.test_request_context(f"/cases/{case.reference}/nieuw"):
        login_user(member)
        with pytest.raises(NotFound):
            new_overview(reference=case.reference)
        # only their own row (this raw query does not apply the as-of date)
        assert own_overview(reference=case.reference) == "HERZIENNADIEN"


def test_the_whole_history_export_refuses_an_own_entries_decision(app, client, auth,
                                                                  former_case, monkeypatch):
    from caseflow.exchange import views as exchange_views

    _member, case = former_case
    auth.login(Role.VOORZITTER)
    monkeypatch.setattr(exchange_views, "can_access_case", lambda *a: CaseAccess(
        True, own_entries_only=True, user_id=_member.id,
    ))
    token = csrf_token(client, "/")
    for url in ("/exchange/export", "/exchange/history.pdf"):
        response = client.post(url, data={"csrf_token": token, "reference": case.reference})
        assert response.status_code == 404


def test_the_decision_filters_consistently():
    limited = CaseAccess(True, own_entries_only=True, user_id=7, known_until=date(2026, 1, 31))
    assert limited.keeps(7) and not limited.keeps(8) and not limited.keeps(None)
    assert limited.as_of(None) == date(2026, 1, 31)
    assert limited.as_of(date(2026, 3, 1)) == date(2026, 1, 31)
    assert limited.as_of(date(2026, 1, 2)) == date(2026, 1, 2)
    everything = CaseAccess(True, user_id=7)
    assert everything.keeps(8) and everything.as_of(None) is None


def test_the_former_members_timeline_offers_no_logging(client, auth, former_case):
    member, case = former_case
    auth.login(user=member)
    body = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert f"/cases/{case.reference}/events/new" not in body
    assert f"/cases/{case.reference}/placements" not in body
    assert "U bent niet meer bij deze casus betrokken" in body
