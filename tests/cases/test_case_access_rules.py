"""The case rule (can_access_case) and the case_access decorator, with stand-in cases, so they are
tested independently of the cases domain."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import g
from flask_login import login_user
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from caseflow.audit.models import AccessLogEntry, Grounds
from caseflow.auth import permissions_cases
from caseflow.auth.breakglass import BreakGlassError, active_grant, grant_break_glass
from caseflow.auth.models import Role
from caseflow.auth.permissions import CaseAction, can_access_case, case_access
from caseflow.auth.services import end_all_sessions
from caseflow.extensions import db
from tests.factories import UserFactory
from tests.helpers import csrf_token

REASON = "Acute zorgen gemeld door Veilig Thuis, casus moet nu bekeken worden."


def fake_case(case_id: int = 4242, *, restricted: bool = False):
    return SimpleNamespace(id=case_id, reference=f"GV-{case_id}", requires_break_glass=restricted)


@pytest.fixture
def memberships(monkeypatch):
    """{(user_id, case_id): "current" | "former"} consulted instead of the cases domain."""
    table: dict[tuple[int, int], str] = {}
    monkeypatch.setattr(  # where can_access_case looks it up (re-exported by permissions)
        permissions_cases, "membership_of", lambda user, case: table.get((user.id, case.id))
    )
    return table


@pytest.mark.parametrize("action", list(CaseAction))
@pytest.mark.parametrize("role", [Role.VOORZITTER, Role.PROCESBEGELEIDER])
def test_chairs_may_do_everything_on_every_case(app, memberships, role, action):
    decision = can_access_case(UserFactory(role=role.value), fake_case(), action)
    assert decision.allowed and decision.grounds is Grounds.ROLE


@pytest.mark.parametrize("action", list(CaseAction))
@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.BEHEERDER])
def test_facilitator_and_administrator_never_open_a_case(app, memberships, role, action):
    user = UserFactory(role=role.value)
    memberships[(user.id, 4242)] = "current"  # even a (mistaken) membership does not help
    assert not can_access_case(user, fake_case(), action).allowed


def test_professional_current_member(app, memberships):
    user = UserFactory(role=Role.PROFESSIONAL.value)
    memberships[(user.id, 4242)] = "current"
    allowed = {a for a in CaseAction if can_access_case(user, fake_case(), a).allowed}
    assert allowed == {CaseAction.READ, CaseAction.LOG_EVENT, CaseAction.PROPOSE_MOVE}
    assert can_access_case(user, fake_case(), "read").grounds is Grounds.MEMBERSHIP


def test_professional_former_member_reads_only_own_entries(app, memberships):
    user = UserFactory(role=Role.PROFESSIONAL.value)
    memberships[(user.id, 4242)] = "former"
    decision = can_access_case(user, fake_case(), CaseAction.READ)
    assert decision.allowed and decision.own_entries_only
    assert decision.grounds is Grounds.FORMER_MEMBERSHIP
    assert not can_access_case(user, fake_case(), CaseAction.LOG_EVENT).allowed


def test_membership_may_be_an_object_with_is_current(app, monkeypatch):
    monkeypatch.setattr(
        permissions_cases, "membership_of", lambda u, c: SimpleNamespace(is_current=False)
    )
    user = UserFactory(role=Role.PROFESSIONAL.value)
    assert can_access_case(user, fake_case(), "read").own_entries_only


def test_professional_without_membership_and_inactive_users_are_refused(app, memberships):
    assert not can_access_case(UserFactory(), fake_case(), CaseAction.READ).allowed
    chair = UserFactory(role=Role.VOORZITTER.value, active=False)
    assert not can_access_case(chair, fake_case(), CaseAction.READ).allowed


def _read_view():
    return case_access(CaseAction.READ, load=lambda ref: fake_case() if ref == "GV-4242" else None)(
        lambda case: f"casus {case.id}"
    )


def test_case_access_reads_are_logged_and_refusals_are_404_and_logged(app, memberships):
    professional = UserFactory(role=Role.PROFESSIONAL.value)
    view = _read_view()
    with app.test_request_context("/cases/GV-4242"):
        login_user(professional)
        with pytest.raises(NotFound):
            view(reference="GV-4242")
        with pytest.raises(NotFound):
            view(reference="GV-0000")
        memberships[(professional.id, 4242)] = "current"
        assert view(reference="GV-4242") == "casus 4242"
        assert g.case_access.grounds is Grounds.MEMBERSHIP
    rows = db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id)).all()
    assert [(r.event_type, r.case_id, r.reason, r.outcome) for r in rows] == [
        ("access_denied", 4242, "case_read", "denied"),
        ("access_denied", None, "case_not_found", "denied"),
        ("read", 4242, None, "success"),
    ]
    assert rows[-1].grounds == "membership" and rows[-1].user_id == professional.id


def test_break_glass_opens_a_restricted_case_for_reading_only(app, client, auth, monkeypatch):
    restricted = fake_case(77, restricted=True)
    monkeypatch.setattr(
        "caseflow.auth.breakglass_views.load_case_by_reference",
        lambda ref: restricted if ref == "GV-77" else None,
    )
    chair = auth.login(Role.VOORZITTER)
    assert not can_access_case(chair, restricted, CaseAction.READ).allowed
    token = csrf_token(client, "/noodtoegang")
    short = client.post(
        "/noodtoegang", data={"csrf_token": token, "reference": "GV-77", "reason": "even kijken"}
    )
    assert short.status_code == 400
    assert "Geef een reden van 20 tot 1000 tekens." in short.get_data(as_text=True)
    # An unknown reference gets the same answer as a known one (no leak), and no access.
    unknown = client.post(
        "/noodtoegang", data={"csrf_token": token, "reference": "GV-1", "reason": REASON}
    )
    assert unknown.status_code == 302 and unknown.headers["Location"].endswith("/cases/GV-1")
    assert active_grant(chair, 77) is None
    response = client.post(
        "/noodtoegang", data={"csrf_token": token, "reference": "GV-77", "reason": REASON}
    )
    assert response.status_code == 302
    db.session.refresh(chair)
    decision = can_access_case(chair, restricted, CaseAction.READ)
    assert decision.allowed and decision.grounds is Grounds.BREAK_GLASS
    assert not can_access_case(chair, restricted, CaseAction.MOVE_PHASE).allowed
    entry = db.session.scalars(
        select(AccessLogEntry).where(
            AccessLogEntry.event_type == "break_glass", AccessLogEntry.case_id == 77
        )
    ).one()
    assert entry.reason == f"grant:{decision.grant_id}"
    assert REASON not in str(vars(entry))  # the reason lives with the grant, not in the log
    # the administrator sees it, with the reason
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    auth.login(Role.BEHEERDER)
    page = client.get("/admin/noodtoegang").get_data(as_text=True)
    assert REASON in page and chair.email in page


def test_break_glass_is_the_persons_for_its_time_and_not_for_every_role(app):
    chair = UserFactory(role=Role.VOORZITTER.value)
    grant_break_glass(chair, 5, REASON)
    assert active_grant(chair, 5) is not None
    end_all_sessions(chair)  # logout: the grant stays for its 24 hours
    assert active_grant(chair, 5) is not None
    for role in (Role.PROCESBEGELEIDER, Role.PROFESSIONAL):
        assert grant_break_glass(UserFactory(role=role.value), 5, REASON).case_id == 5
    for role in (Role.FACILITATOR, Role.BEHEERDER):
        with pytest.raises(BreakGlassError):
            grant_break_glass(UserFactory(role=role.value), 5, REASON)
    with pytest.raises(BreakGlassError):
        grant_break_glass(chair, 5, "   te kort   ")
