import pytest
from sqlalchemy import select

from caseflow.auth.models import Organisation, User
from caseflow.extensions import db
from tests.factories import OrganisationFactory, UserFactory

STRONG = "vlinder-kompas-Regen-42\n"


@pytest.fixture
def organisation(app):
    return OrganisationFactory(name="Gemeente Teststad", kind="gemeente")


def _create(runner, *args, password=STRONG):
    return runner.invoke(args=["users", "create", *args, "--password-stdin"], input=password)


def test_create_user_with_password_from_stdin(runner, organisation):
    result = _create(
        runner,
        "Nieuwe.Collega@Test.example",
        "--name",
        "Nieuwe Collega",
        "--role",
        "professional",
        "--organisation",
        "gemeente teststad",
    )
    assert result.exit_code == 0, result.output
    assert "Account aangemaakt" in result.output
    user = db.session.scalar(select(User).where(User.email == "nieuwe.collega@test.example"))
    assert user is not None
    assert user.role == "professional"
    assert user.organisation_id == organisation.id
    assert user.password_hash.startswith("$argon2id$")


def test_create_user_with_password_prompt(runner, organisation):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "prompt@test.example",
            "--name",
            "P",
            "--role",
            "voorzitter",
            "--organisation",
            "Gemeente Teststad",
        ],
        input="vlinder-kompas-Regen-42\nvlinder-kompas-Regen-42\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.email == "prompt@test.example"))


def test_unknown_role_is_refused(runner, organisation):
    result = _create(
        runner,
        "x@test.example",
        "--name",
        "X",
        "--role",
        "koning",
        "--organisation",
        "Gemeente Teststad",
    )
    assert result.exit_code != 0
    assert "Onbekende rol 'koning'" in result.output
    assert "voorzitter" in result.output
    assert db.session.scalar(select(User).where(User.email == "x@test.example")) is None


def test_duplicate_email_is_refused(runner, organisation):
    UserFactory(email="bestaat@test.example")
    result = _create(
        runner,
        "BESTAAT@test.example",
        "--name",
        "Dubbel",
        "--role",
        "professional",
        "--organisation",
        "Gemeente Teststad",
    )
    assert result.exit_code != 0
    assert "Er bestaat al een account met e-mailadres bestaat@test.example" in result.output
    assert len(db.session.scalars(select(User)).all()) == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort1!\n", "minstens 12 tekens"),
        ("wachtwoord123\n", "veelgebruikte wachtwoorden"),
        ("aaaaaaaaaaaaaaaa\n", "te weinig verschillende tekens"),
        ("zwakzwak-annalisa-2026\n", "naam of e-mailadres"),
    ],
)
def test_weak_password_is_refused(runner, organisation, password, message):
    result = _create(
        runner,
        "annalisa@test.example",
        "--name",
        "Annalisa",
        "--role",
        "professional",
        "--organisation",
        "Gemeente Teststad",
        password=password,
    )
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(select(User).where(User.email == "annalisa@test.example")) is None


def test_unknown_organisation_is_refused_without_kind(runner):
    result = _create(
        runner,
        "y@test.example",
        "--name",
        "Y",
        "--role",
        "professional",
        "--organisation",
        "Bestaat Niet",
    )
    assert result.exit_code != 0
    assert "Onbekende organisatie 'Bestaat Niet'" in result.output
    assert (
        db.session.scalar(select(Organisation).where(Organisation.name == "Bestaat Niet")) is None
    )


def test_organisation_is_created_with_kind(runner):
    result = _create(
        runner,
        "z@test.example",
        "--name",
        "Z",
        "--role",
        "beheerder",
        "--organisation",
        "Nieuw RET",
        "--organisation-kind",
        "ret",
    )
    assert result.exit_code == 0, result.output
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Nieuw RET"))
    assert organisation.kind == "ret"


def test_failed_create_leaves_no_new_organisation(runner):
    result = _create(
        runner,
        "z@test.example",
        "--name",
        "Z",
        "--role",
        "beheerder",
        "--organisation",
        "Nieuw RET",
        "--organisation-kind",
        "ret",
        password="kort\n",
    )
    assert result.exit_code != 0
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Nieuw RET")) is None


def test_users_list(runner):
    UserFactory(email="lijst@test.example", name="Lijst Persoon")
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    assert "lijst@test.example\tLijst Persoon" in result.output
