"""Issue 17, finding 7: passwords are judged by zxcvbn's estimate (score ≥ 3) on top of the
blocklist; the 242-entry list let ``123456789012`` and ``qazwsxedcrfv`` through."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from caseflow.auth.passwords import password_problems
from caseflow.auth.strength import MAX_ESTIMATED_LENGTH, strength_problems
from tests.factories import DEFAULT_PASSWORD
from tests.helpers import csrf_token

GUESSABLE = "Dit wachtwoord is te makkelijk te raden."


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("123456789012", "veelgebruikt wachtwoord"),
        ("qazwsxedcrfv", "veelgebruikt wachtwoord"),
        ("zaq1xsw2cde3", "veelgebruikt wachtwoord"),
        ("asdfghjkl;'zxcv", "toetsenbord"),
        ("abcdefghijklm", "Reeksen"),
        ("abcdeabcdeabcde", "Herhalingen"),
    ],
)
def test_guessable_passwords_are_refused_with_a_dutch_reason(app, password, reason):
    problems = password_problems(password, email="a.visser@test.example", name="Anna Visser")
    assert GUESSABLE in problems
    assert any(reason in problem for problem in problems), problems
    assert not any("guess" in problem or "common" in problem for problem in problems)


def test_the_name_and_e_mail_address_are_given_to_zxcvbn(app):
    # Our own rule looks at the name and the e-mail's local part; zxcvbn also at the domain.
    password = "jeugdzorgregio2024"
    assert strength_problems(password) == []
    problems = password_problems(password, email="jan@jeugdzorgregio.nl", name="Jan Bos")
    assert GUESSABLE in problems
    assert "Het wachtwoord mag uw naam of e-mailadres niet bevatten." in problems


@pytest.mark.parametrize(
    "password",
    [DEFAULT_PASSWORD, "Zeilboot-Wadden-01-Kwelder-Tjalk", "Nieuw-en-lang-genoeg-42",
     "Vlinder-Oranje-Kastanje-7513-rivier", "kw8!Lp2#vR9z"],
)
def test_strong_passwords_pass(app, password):
    assert password_problems(password, email="a.visser@test.example", name="Anna Visser") == []


def test_a_very_long_password_is_judged_not_refused(app):
    long_one = "Kwelder-Tjalk-Zeilboot-" * 10
    assert len(long_one) > MAX_ESTIMATED_LENGTH
    assert password_problems(long_one) == []


def test_the_reasons_are_english_in_english(app):
    with app.test_request_context(), force_locale("en"):
        problems = password_problems("qazwsxedcrfv")
    assert "This password is too easy to guess." in problems
    assert not any("makkelijk" in problem for problem in problems)


def test_the_reset_page_shows_why_next_to_the_field(client, auth):
    from caseflow.auth.models import Role
    from caseflow.auth.reset import create_reset_token
    from tests.factories import UserFactory

    user = UserFactory(role=Role.PROFESSIONAL.value)
    with client.application.test_request_context():
        token = create_reset_token(user, None)
    path = f"/wachtwoord-herstellen/{token}"
    form_token = csrf_token(client, path)
    response = client.post(path, data={"csrf_token": form_token, "new_password": "123456789012",
                                       "repeat_password": "123456789012"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert GUESSABLE in page and "invalid-feedback" in page
    assert client.post(path, data={"csrf_token": form_token, "new_password": DEFAULT_PASSWORD,
                                   "repeat_password": DEFAULT_PASSWORD}).status_code == 302
