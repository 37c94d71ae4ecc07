"""The administrator's screens: accounts, one-time reset links, organisations."""

from __future__ import annotations

import re
from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import func, select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Organisation, Role, User
from caseflow.database import utcnow
from caseflow.extensions import db
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import csrf_token

NEW_PASSWORD = "Zelf-gekozen-wachtwoord-7"


def _link(html: str) -> str:
    match = re.search(r"http://localhost(/wachtwoord-herstellen\?token=[A-Za-z0-9_\-]+)", html)
    assert match, html
    return match.group(1)


def _set_password(client, path: str, password: str = NEW_PASSWORD):
    token = csrf_token(client, path)
    return client.post(path, data={"csrf_token": token, "new_password": password,
                                   "repeat_password": password})


def test_admin_creates_an_account_and_hands_over_a_one_time_link(app, client, auth):
    organisation = OrganisationFactory(name="Gezinshuis Test")
    admin = auth.login(Role.BEHEERDER)
    token = csrf_token(client, "/admin/users/nieuw")
    response = client.post("/admin/users/nieuw", data={
        "csrf_token": token, "email": "Nieuwe.Collega@Test.example", "name": "Nieuwe Collega",
        "role": "professional", "organisation": organisation.id})
    assert response.status_code == 200
    link = _link(response.get_data(as_text=True))
    user = db.session.scalar(select(User).where(User.email == "nieuwe.collega@test.example"))
    assert user.role == "professional" and user.organisation_id == organisation.id
    created = db.session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.event_type == "create")
    ).all()
    assert {(e.object_type, e.user_id) for e in created} >= {("user", admin.id)}
    auth.logout()
    assert _set_password(client, link).status_code == 302
    assert auth.login(user=user, password=NEW_PASSWORD)
    auth.logout()
    assert client.get(link).status_code == 404  # used once


def test_bad_account_input_gets_dutch_messages_and_stores_nothing(client, auth):
    auth.login(Role.BEHEERDER)
    before = db.session.scalar(select(func.count()).select_from(User))
    token = csrf_token(client, "/admin/users/nieuw")
    response = client.post("/admin/users/nieuw", data={
        "csrf_token": token, "email": "geen-adres", "name": "", "role": "koning",
        "organisation": "9999"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Dit is geen geldig e-mailadres." in html and "Vul een naam in." in html
    assert "invalid-feedback" in html
    assert db.session.scalar(select(func.count()).select_from(User)) == before


def test_reset_link_expires_and_a_weak_password_is_refused(client, auth):
    user = UserFactory()
    auth.login(Role.BEHEERDER)
    path = f"/admin/users/{user.id}/wachtwoordlink"
    response = client.post(path, data={"csrf_token": csrf_token(client, "/")})
    link = _link(response.get_data(as_text=True))
    auth.logout()
    weak = _set_password(client, link, "kort")
    assert weak.status_code == 400 and "minstens 12 tekens" in weak.get_data(as_text=True)
    with freeze_time(utcnow() + timedelta(hours=25)):
        assert client.get(link).status_code == 404
    assert client.get("/wachtwoord-herstellen/verzonnen").status_code == 404


def test_deactivating_an_account_ends_its_sessions(app, client, auth):
    from tests.conftest import AuthActions

    user = UserFactory()
    their_client = app.test_client()
    AuthActions(their_client).login(user=user)
    assert their_client.get("/").status_code == 200
    auth.login(Role.BEHEERDER)
    token = csrf_token(client, f"/admin/users/{user.id}")
    response = client.post(f"/admin/users/{user.id}", data={
        "csrf_token": token, "email": user.email, "name": user.name, "role": user.role,
        "organisation": user.organisation_id})  # "active" unticked
    assert response.status_code == 302
    assert their_client.get("/").status_code == 302
    change = db.session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.event_type == "change")
    ).all()[-1]
    assert change.reason == "deactivated" and change.fields == "active"


def test_admin_cannot_lock_themselves_out(client, auth):
    admin = auth.login(Role.BEHEERDER)
    token = csrf_token(client, f"/admin/users/{admin.id}")
    response = client.post(f"/admin/users/{admin.id}", data={
        "csrf_token": token, "email": admin.email, "name": admin.name, "role": "professional",
        "organisation": admin.organisation_id, "active": "y"})
    assert response.status_code == 400
    assert "eigen account" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role == "beheerder"


def test_admin_resets_two_factor_for_a_lost_phone(client, auth):
    chair = UserFactory(role=Role.VOORZITTER.value)
    auth.login(Role.BEHEERDER)
    path = f"/admin/users/{chair.id}/tweestapsverificatie"
    assert client.post(path, data={"csrf_token": csrf_token(client, "/")}).status_code == 302
    db.session.refresh(chair)
    assert not chair.two_factor_enabled and chair.totp_secret is None


def test_organisations_create_edit_and_unique_names(client, auth):
    auth.login(Role.BEHEERDER)
    OrganisationFactory(name="Bestaande Organisatie")
    token = csrf_token(client, "/admin/organisaties/nieuw")
    duplicate = client.post("/admin/organisaties/nieuw", data={
        "csrf_token": token, "name": "bestaande organisatie", "kind": "gemeente"})
    assert duplicate.status_code == 400
    assert "Er bestaat al een organisatie" in duplicate.get_data(as_text=True)
    created = client.post("/admin/organisaties/nieuw", data={
        "csrf_token": token, "name": "Jeugdteam Oost", "kind": "gemeente"})
    assert created.status_code == 302
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name == "Jeugdteam Oost")
    )
    path = f"/admin/organisaties/{organisation.id}"
    client.post(path, data={"csrf_token": token, "name": "Jeugdteam West", "kind": "overig"})
    db.session.refresh(organisation)
    assert (organisation.name, organisation.kind) == ("Jeugdteam West", "overig")
    listing = client.get("/admin/organisaties").get_data(as_text=True)
    assert "Jeugdteam West" in listing


def test_the_reset_token_is_exchanged_for_the_session_and_leaves_the_address(app, client, auth):
    """Issue 27: no secret in a URL that a log keeps — the link's token moves into the session
    on first use; the form's address, and every Referer after it, hold no token."""
    from caseflow.auth.reset import create_reset_token

    user = UserFactory(role=Role.PROFESSIONAL.value)
    with client.application.test_request_context():
        token = create_reset_token(user, None)
    first = client.get(f"/wachtwoord-herstellen?token={token}")
    assert first.status_code == 302 and first.headers["Location"] == "/wachtwoord-herstellen"
    form = client.get("/wachtwoord-herstellen")
    assert form.status_code == 200 and token not in form.get_data(as_text=True)
    response = _set_password(client, "/wachtwoord-herstellen")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    again = client.get("/wachtwoord-herstellen")
    assert again.status_code == 400 and "herstellink" in again.get_data(as_text=True)
    assert client.get(f"/wachtwoord-herstellen?token={token}").status_code == 404
