from caseflow.auth.models import Role
from caseflow.extensions import db
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import csrf_token

GENERIC_ERROR = "Onjuist e-mailadres of wachtwoord, of het account is niet actief."


def _login(client, email, password):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"csrf_token": token, "email": email, "password": password})


def test_login_page_is_dutch_and_has_csrf(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'lang="nl"' in html
    assert "Inloggen bij caseflow" in html
    assert 'name="csrf_token"' in html


def test_login_ok_shows_start_page(client, app):
    user = UserFactory(role=Role.PROFESSIONAL.value, name="Marit Testprofessional")
    response = _login(client, user.email.upper(), DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Welkom, Marit Testprofessional" in page
    db.session.refresh(user)
    assert user.last_login_at is not None


def test_wrong_password_is_refused_with_a_generic_message(client):
    user = UserFactory()
    response = _login(client, user.email, "verkeerd-wachtwoord-123")
    assert response.status_code == 401
    assert GENERIC_ERROR in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still not logged in


def test_unknown_account_gets_the_same_message_as_a_wrong_password(client):
    response = _login(client, "niemand@test.example", "verkeerd-wachtwoord-123")
    assert response.status_code == 401
    assert GENERIC_ERROR in response.get_data(as_text=True)


def test_inactive_user_cannot_log_in_even_with_the_right_password(client):
    user = UserFactory(active=False)
    response = _login(client, user.email, DEFAULT_PASSWORD)
    assert response.status_code == 401
    assert GENERIC_ERROR in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_login_without_csrf_token_is_rejected(client):
    user = UserFactory()
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_login_with_a_forged_csrf_token_is_rejected(client):
    user = UserFactory()
    response = client.post(
        "/login", data={"csrf_token": "vervalst", "email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_empty_login_form_shows_errors_next_to_the_fields(client):
    response = _login(client, "", "")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vul uw e-mailadres in." in html
    assert "Vul uw wachtwoord in." in html
    assert "invalid-feedback" in html


def test_next_parameter_only_redirects_locally(client):
    user = UserFactory()
    token = csrf_token(client, "/login")
    response = client.post(
        "/login?next=https://kwaad.example/",
        data={"csrf_token": token, "email": user.email, "password": DEFAULT_PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_logout_ends_the_session_and_an_old_cookie_no_longer_works(client, auth):
    auth.login(Role.PROFESSIONAL)
    old_cookie = client.get_cookie("session").value
    assert auth.logout().status_code == 302
    assert client.get("/").status_code == 302
    client.set_cookie("session", old_cookie)  # replay the cookie from before the logout
    assert client.get("/").status_code == 302


def test_logout_requires_post_with_csrf(client, auth):
    auth.login()
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200


def test_deactivated_user_is_logged_out_on_the_next_request(client, auth):
    user = auth.login(Role.PROFESSIONAL)
    user.active = False
    db.session.flush()
    assert client.get("/").status_code == 302


def test_passwords_are_stored_as_argon2id(app):
    user = UserFactory()
    assert user.password_hash.startswith("$argon2id$")
    assert DEFAULT_PASSWORD not in user.password_hash


def test_language_switch_to_english_and_back(client, auth):
    auth.login(Role.VOORZITTER)
    token = csrf_token(client, "/")
    client.post("/language", data={"csrf_token": token, "language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").get_data(as_text=True)
    client.post("/language", data={"csrf_token": token, "language": "xx", "next": "/"})
    assert 'lang="en"' in client.get("/").get_data(as_text=True)
    client.post("/language", data={"csrf_token": token, "language": "nl", "next": "/"})
    assert 'lang="nl"' in client.get("/").get_data(as_text=True)


def test_english_login_page_is_translated(client):
    token = csrf_token(client, "/login")
    client.post("/language", data={"csrf_token": token, "language": "en", "next": "/login"})
    html = client.get("/login").get_data(as_text=True)
    assert "Log in to caseflow" in html
    assert "Email address" in html
