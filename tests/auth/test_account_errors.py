"""AccountError carries field → message id (issue 21, point 5): the services say which field is
wrong, the view translates for the reader and puts the message next to that field."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, lazy_gettext

from caseflow.admin.services import update_user
from caseflow.auth.models import Role
from caseflow.auth.services import AccountError, check_text
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import csrf_token

TAKEN = {
    "nl": "Er bestaat al een account met e-mailadres bezet@test.example.",
    "en": "An account with email address bezet@test.example already exists.",
}
AGB_KIND = {
    "nl": "Alleen een zorgaanbieder heeft een AGB-code.",
    "en": "Only a care provider has an AGB code.",
}
OWN_ACCOUNT = {
    "nl": "U kunt uw eigen account niet deactiveren of uw eigen rol wijzigen.",
    "en": "You cannot deactivate your own account or change your own role.",
}
TOO_SHORT = {
    "nl": "Het wachtwoord moet minstens 12 tekens lang zijn.",
    "en": "The password must be at least 12 characters long.",
}


def _speak(client, language: str) -> None:
    token = csrf_token(client, "/")
    client.post("/language", data={"csrf_token": token, "language": language, "next": "/"})


def _next_to(html: str, field_id: str) -> str:
    """The message shown under the field with this id (empty when there is none)."""
    found = re.search(
        rf'<div class="invalid-feedback d-block" id="{field_id}-fout">(.*?)</div>', html, re.S
    )
    return found.group(1).strip() if found else ""


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_taken_e_mail_address_is_refused_next_to_the_e_mail_field(client, auth, language):
    UserFactory(email="bezet@test.example")
    organisation = OrganisationFactory()
    auth.login(Role.BEHEERDER)
    _speak(client, language)
    token = csrf_token(client, "/admin/users/nieuw")
    response = client.post(
        "/admin/users/nieuw",
        data={
            "csrf_token": token,
            "email": "Bezet@Test.example",
            "name": "Tweede Collega",
            "role": "professional",
            "organisation": organisation.id,
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert _next_to(html, "email") == TAKEN[language]
    assert _next_to(html, "name") == ""  # only the field that is wrong


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_agb_code_for_a_gemeente_is_refused_next_to_the_agb_field(client, auth, language):
    auth.login(Role.BEHEERDER)
    _speak(client, language)
    token = csrf_token(client, "/admin/organisaties/nieuw")
    response = client.post(
        "/admin/organisaties/nieuw",
        data={
            "csrf_token": token,
            "name": "Gemeente Proef",
            "kind": "gemeente",
            "agb_code": "73730012",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert _next_to(html, "agb_code") == AGB_KIND[language]
    assert _next_to(html, "name") == ""


@pytest.mark.parametrize("language", ["nl", "en"])
def test_locking_oneself_out_is_refused_above_the_form(client, auth, language):
    admin = auth.login(Role.BEHEERDER)
    _speak(client, language)
    token = csrf_token(client, f"/admin/users/{admin.id}")
    response = client.post(
        f"/admin/users/{admin.id}",
        data={
            "csrf_token": token,
            "email": admin.email,
            "name": admin.name,
            "role": "professional",
            "organisation": admin.organisation_id,
            "active": "y",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert OWN_ACCOUNT[language] in html
    assert _next_to(html, "role") == "" and _next_to(html, "email") == ""


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_weak_new_password_is_refused_next_to_the_new_password(client, auth, language):
    from tests.factories import DEFAULT_PASSWORD

    auth.login(Role.PROFESSIONAL)
    _speak(client, language)
    token = csrf_token(client, "/account/wachtwoord")
    response = client.post(
        "/account/wachtwoord",
        data={
            "csrf_token": token,
            "current_password": DEFAULT_PASSWORD,
            "new_password": "kort",
            "repeat_password": "kort",
        },
    )
    assert response.status_code == 400
    assert TOO_SHORT[language] in _next_to(response.get_data(as_text=True), "new_password")


def test_the_error_holds_message_ids_that_the_reader_s_language_translates(app):
    """Raised while the app speaks Dutch, shown in English: the text is made when it is shown."""
    with app.test_request_context(), force_locale("nl"), pytest.raises(AccountError) as refused:
        check_text("  ", lazy_gettext("een naam"), 200, field="name")
    problems = refused.value.problems
    assert list(problems) == ["name"]
    with app.test_request_context(), force_locale("en"):
        assert str(problems["name"]) == "Enter a name."
    with app.test_request_context(), force_locale("nl"):
        assert str(problems["name"]) == "Vul een naam in."


def test_update_user_names_the_field_it_refuses(app):
    admin = UserFactory(role=Role.BEHEERDER.value)
    UserFactory(email="bezet@test.example")
    with app.test_request_context(), pytest.raises(AccountError) as refused:
        update_user(
            admin,
            UserFactory(),
            email="bezet@test.example",
            name="Naam",
            role="professional",
            organisation=admin.organisation,
            active=True,
        )
    assert list(refused.value.problems) == ["email"]
