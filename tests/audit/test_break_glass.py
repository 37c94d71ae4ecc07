"""Break-glass (noodtoegang) on real cases: professionals who are not members read a case for 24
hours with a reason, read-only, logged; archived cases open only this way; the chair reviews each
use on the start page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select, update

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.breakglass import BreakGlassGrant, active_grant
from caseflow.auth.models import Role
from caseflow.auth.permissions import CaseAction, can_access_case
from caseflow.cases.models import Case, CaseMember
from caseflow.cases.services import move_case
from caseflow.cases.workflow import Trigger
from caseflow.database import utcnow
from caseflow.extensions import db
from tests.case_helpers import chair_user, new_case
from tests.factories import UserFactory
from tests.helpers import csrf_token

REASON = "Veilig Thuis meldt acute zorgen; de casusregisseur is niet bereikbaar."


def ask(client, reference: str, reason: str = REASON):
    token = csrf_token(client, "/noodtoegang")
    return client.post(
        "/noodtoegang", data={"csrf_token": token, "reference": reference, "reason": reason}
    )


def reads(case_id: int, user_id: int) -> list[AccessLogEntry]:
    return list(
        db.session.scalars(
            select(AccessLogEntry)
            .where(
                AccessLogEntry.case_id == case_id,
                AccessLogEntry.user_id == user_id,
                AccessLogEntry.event_type == "read",
            )
            .order_by(AccessLogEntry.id)
        )
    )


def grants_of(user_id: int) -> list[BreakGlassGrant]:
    return list(
        db.session.scalars(select(BreakGlassGrant).where(BreakGlassGrant.user_id == user_id))
    )


def close_long_ago(case: Case, days: int) -> None:
    move_case(case, Trigger.AFSLUITEN, chair_user(), closing_reason="afgerond")
    db.session.execute(
        update(Case)
        .where(Case.id == case.id)
        .values(closed_at=utcnow() - timedelta(days=days), version=Case.version + 1)
    )
    db.session.expire(case)


# --- a professional who is not a member -------------------------------------------------------


def test_non_member_professional_reads_after_break_glass_and_every_read_is_logged(
    app, client, auth
):
    case = new_case()
    professional = auth.login(Role.PROFESSIONAL)
    assert client.get(f"/cases/{case.reference}").status_code == 404

    response = ask(client, case.reference.lower())  # the reference as typed, normalised
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.reference}")

    page = client.get(f"/cases/{case.reference}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and case.pseudonym in html
    assert "Noodtoegang tot" in html and f"reden: {REASON}" in html  # the banner
    assert f'action="/cases/{case.reference}/events/new"' not in html  # no quick log form
    assert client.get(f"/cases/{case.reference}/timeline").status_code == 200

    [grant] = grants_of(professional.id)
    assert grant.case_id == case.id and grant.reference == case.reference
    assert grant.expires_at - grant.created_at == timedelta(hours=24)
    logged = db.session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.event_type == "break_glass")
    ).one()
    assert (logged.case_id, logged.user_id, logged.reason) == (
        case.id, professional.id, f"grant:{grant.id}"
    )
    assert REASON not in str(vars(logged))  # the reason lives with the grant, not in the log
    rows = reads(case.id, professional.id)
    assert len(rows) == 2
    assert {(r.grounds, r.reason, r.outcome) for r in rows} == {
        ("break_glass", f"grant:{grant.id}", "success")
    }


def test_break_glass_reads_only_no_events_no_moves(app, client, auth):
    case = new_case()
    professional = auth.login(Role.PROFESSIONAL)
    assert ask(client, case.reference).status_code == 302
    token = csrf_token(client, f"/cases/{case.reference}")
    assert client.get(f"/cases/{case.reference}/events/new").status_code == 404
    event = client.post(
        f"/cases/{case.reference}/events/new",
        data={"csrf_token": token, "kind": "gesprek", "occurred_on": date.today().isoformat(),
              "title": "Onder noodtoegang", "precision": "day"},
    )
    move = client.post(
        f"/cases/{case.reference}/move",
        data={"csrf_token": token, "trigger": "start_analyse", "version": case.version,
              "reason": "Onder noodtoegang"},
    )
    assert event.status_code == 404 and move.status_code == 404
    for action in (CaseAction.LOG_EVENT, CaseAction.PROPOSE_MOVE, CaseAction.MOVE_PHASE,
                   CaseAction.MANAGE):
        assert not can_access_case(professional, case, action).allowed
    db.session.expire(case)
    assert db.session.get(Case, case.id).phase == "aanmelding"


def test_grant_runs_out_after_24_hours_also_across_logins(app, client, auth):
    case = new_case()
    professional = auth.login(Role.PROFESSIONAL)
    start = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    with freeze_time(start):
        assert ask(client, case.reference).status_code == 302
    auth.logout()  # the grant is the person's, not the session's
    db.session.refresh(professional)
    with freeze_time(start + timedelta(hours=23, minutes=59)):
        assert can_access_case(professional, case, CaseAction.READ).allowed
    with freeze_time(start + timedelta(hours=24, seconds=1)):
        assert active_grant(professional, case.id) is None
        assert not can_access_case(professional, case, CaseAction.READ).allowed


def test_the_grant_length_is_configurable(app, client, auth):
    case = new_case()
    app.config["BREAK_GLASS_MAX_SECONDS"] = 3600
    try:
        professional = auth.login(Role.PROFESSIONAL)
        assert ask(client, case.reference).status_code == 302
    finally:
        app.config["BREAK_GLASS_MAX_SECONDS"] = 24 * 3600
    [grant] = grants_of(professional.id)
    assert grant.expires_at - grant.created_at == timedelta(hours=1)


def test_a_deactivated_account_loses_its_grant(app, client, auth):
    case = new_case()
    professional = auth.login(Role.PROFESSIONAL)
    assert ask(client, case.reference).status_code == 302
    professional.active = False
    assert not can_access_case(professional, case, CaseAction.READ).allowed


def test_a_former_member_with_a_grant_reads_the_whole_case(app, client, auth):
    case = new_case()
    professional = auth.login(Role.PROFESSIONAL)
    db.session.add(CaseMember(case_id=case.id, user_id=professional.id, role="zorgaanbieder",
                              since=date.today() - timedelta(days=30),
                              until=date.today() - timedelta(days=1)))
    db.session.flush()
    assert can_access_case(professional, case, CaseAction.READ).own_entries_only
    assert ask(client, case.reference).status_code == 302
    decision = can_access_case(professional, case, CaseAction.READ)
    assert decision.allowed and not decision.own_entries_only
    assert decision.grounds == "break_glass"


# --- the form ---------------------------------------------------------------------------------


def test_too_short_reason_is_refused_next_to_the_field(app, client, auth):
    case = new_case()
    professional = auth.login(Role.PROFESSIONAL)
    response = ask(client, case.reference, "even kijken")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Geef een reden van 20 tot 1000 tekens." in html
    # next to the field: in the reason's invalid-feedback, right after the textarea
    after_reason = html[html.index('name="reason"'):]
    assert after_reason.index("Geef een reden van 20 tot 1000 tekens.") < after_reason.index(
        "</form>"
    )
    assert "is-invalid" in html
    blank = ask(client, case.reference, " " * 25)  # 25 spaces are no reason
    assert blank.status_code == 400
    assert grants_of(professional.id) == []
    assert client.get(f"/cases/{case.reference}").status_code == 404


@pytest.mark.parametrize("blank", ["\u3164", "\u00ad", "\u200b", "\U000e0041"])
def test_a_reason_that_renders_as_nothing_is_no_reason(app, client, auth, blank):
    # 25 Hangul fillers, soft hyphens, zero-width spaces or tag characters look empty to the
    # chair who reviews the use, yet counted as 25 characters.
    case = new_case()
    professional = auth.login(Role.PROFESSIONAL)
    response = ask(client, case.reference, blank * 25)
    assert response.status_code == 400
    assert grants_of(professional.id) == []


def test_a_malformed_reference_is_refused_next_to_the_field(app, client, auth):
    auth.login(Role.PROFESSIONAL)
    response = ask(client, "GV/2026 <0007>")
    assert response.status_code == 400
    assert "Een casusnummer bestaat uit letters, cijfers en streepjes" in response.get_data(
        as_text=True
    )


def test_an_unknown_reference_gets_the_same_answer_and_is_recorded(app, client, auth):
    case = new_case()
    professional = auth.login(Role.PROFESSIONAL)
    known = ask(client, case.reference)
    known_flash = client.get("/noodtoegang").get_data(as_text=True)
    unknown = ask(client, "GV-1999-0001")
    unknown_flash = client.get("/noodtoegang").get_data(as_text=True)
    assert known.status_code == unknown.status_code == 302
    assert unknown.headers["Location"].endswith("/cases/GV-1999-0001")

    def message(html: str, reference: str) -> str:
        start = html.index("Noodtoegang gevraagd voor")
        return html[start:html.index("</div>", start)].replace(reference, "REF")

    assert message(known_flash, case.reference) == message(unknown_flash, "GV-1999-0001")
    missing = [g for g in grants_of(professional.id) if g.case_id is None]
    assert [g.reference for g in missing] == ["GV-1999-0001"]
    attempt = db.session.scalars(
        select(AccessLogEntry).where(
            AccessLogEntry.event_type == "break_glass", AccessLogEntry.case_id.is_(None)
        )
    ).one()
    assert attempt.outcome == "failure" and attempt.reason == f"grant:{missing[0].id}"


def test_requests_are_limited_per_day(app, client, auth):
    app.config["BREAK_GLASS_PER_DAY"] = 2
    try:
        professional = auth.login(Role.PROFESSIONAL)
        assert ask(client, "GV-1999-0001").status_code == 302
        assert ask(client, "GV-1999-0002").status_code == 302
        third = ask(client, "GV-1999-0003")
    finally:
        app.config["BREAK_GLASS_PER_DAY"] = 5
    assert third.status_code == 400
    assert "al 2 keer noodtoegang gevraagd" in third.get_data(as_text=True)
    assert len(grants_of(professional.id)) == 2


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.BEHEERDER])
def test_facilitator_and_beheerder_cannot_break_the_glass(app, client, auth, role):
    case = new_case()
    user = auth.login(role)
    assert client.get("/noodtoegang").status_code == 403
    response = client.post(
        "/noodtoegang",
        data={"csrf_token": csrf_token(client, "/"), "reference": case.reference,
              "reason": REASON},
    )
    assert response.status_code == 403
    assert grants_of(user.id) == []
    assert "Noodtoegang" not in client.get("/").get_data(as_text=True).split("</nav>")[0]


def test_a_refused_case_page_offers_break_glass_alike_for_any_reference(app, client, auth):
    case = new_case()
    auth.login(Role.PROFESSIONAL)
    existing = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    missing = client.get("/cases/GV-1999-0001").get_data(as_text=True)
    assert f'/noodtoegang?reference={case.reference}' in existing
    assert "/noodtoegang?reference=GV-1999-0001" in missing
    def neutral(html: str, reference: str) -> str:
        # CSRF tokens carry a timestamp: two requests a second apart differ there, and only there.
        token = r'(name="csrf_token"[^>]*?value=")[^"]*"'
        return re.sub(token, r"\1", html.replace(reference, "REF"))

    assert neutral(existing, case.reference) == neutral(missing, "GV-1999-0001")
    form = client.get(f"/noodtoegang?reference={case.reference}").get_data(as_text=True)
    assert f'value="{case.reference}"' in form


# --- archived cases ---------------------------------------------------------------------------


def test_a_case_closed_longer_than_the_archive_period_needs_break_glass(app, client, auth):
    archived, recent = new_case(), new_case()
    close_long_ago(archived, days=366)
    close_long_ago(recent, days=364)
    assert archived.requires_break_glass and not recent.requires_break_glass
    assert not new_case().requires_break_glass  # open cases are never archived
    chair = auth.login(Role.VOORZITTER)
    assert client.get(f"/cases/{recent.reference}").status_code == 200
    refused = client.get(f"/cases/{archived.reference}")
    assert refused.status_code == 404
    assert f"/noodtoegang?reference={archived.reference}" in refused.get_data(as_text=True)
    for role in (Role.VOORZITTER, Role.PROCESBEGELEIDER):
        assert not can_access_case(UserFactory(role=role.value), archived, "read").allowed
    assert ask(client, archived.reference).status_code == 302
    page = client.get(f"/cases/{archived.reference}")
    assert page.status_code == 200 and "Noodtoegang tot" in page.get_data(as_text=True)
    assert not can_access_case(chair, archived, CaseAction.MOVE_PHASE).allowed  # no reopening
    assert [r.grounds for r in reads(archived.id, chair.id)] == ["break_glass"]


def test_members_of_an_archived_case_need_break_glass_too(app):
    case = new_case()
    professional = UserFactory(role=Role.PROFESSIONAL.value)
    db.session.add(CaseMember(case_id=case.id, user_id=professional.id, role="zorgaanbieder",
                              since=date.today() - timedelta(days=800)))
    db.session.flush()
    close_long_ago(case, days=400)
    assert not can_access_case(professional, case, CaseAction.READ).allowed


def test_the_archive_period_is_configurable(app):
    case = new_case()
    close_long_ago(case, days=40)
    assert not case.requires_break_glass
    app.config["ARCHIVE_AFTER_DAYS"] = 30
    try:
        assert case.requires_break_glass
    finally:
        app.config["ARCHIVE_AFTER_DAYS"] = 365


def test_an_empty_search_offers_break_glass_to_a_professional(app, client, auth):
    case = new_case()
    auth.login(Role.PROFESSIONAL)
    html = client.get("/cases", query_string={"q": case.reference}).get_data(as_text=True)
    assert "Geen casussen gevonden." in html
    assert f"/noodtoegang?reference={case.reference}" in html


def test_break_glass_gives_no_export_of_an_archived_case(app, client, auth):
    archived = new_case()
    close_long_ago(archived, days=400)
    auth.login(Role.VOORZITTER)
    assert ask(client, archived.reference).status_code == 302
    page = client.get(f"/cases/{archived.reference}").get_data(as_text=True)
    assert "Casushistorie exporteren" not in page
    token = csrf_token(client, "/")
    for path in ("/exchange/export", "/exchange/history.pdf"):
        response = client.post(path, data={"csrf_token": token, "reference": archived.reference})
        assert response.status_code == 404, path
