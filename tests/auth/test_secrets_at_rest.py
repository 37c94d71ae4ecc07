"""TOTP secrets sealed at rest with CASEFLOW_DATA_KEY, key rotation, and the two recovery commands
for a beheerder who is locked out (issue 27, point 4)."""

from __future__ import annotations

import pyotp
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.data_key import DataKeyError, is_sealed
from caseflow.auth.models import Role, User
from caseflow.extensions import db
from tests.conftest import TEST_DATA_KEY
from tests.factories import UserFactory


def _stored(user: User) -> str | None:
    return db.session.execute(
        text('SELECT totp_secret FROM user_account WHERE id = :id'), {"id": user.id}
    ).scalar()


def test_the_database_holds_only_a_sealed_secret_that_the_key_opens(app):
    chair = UserFactory(role=Role.VOORZITTER.value)
    db.session.commit()
    plain = chair.totp_secret
    stored = _stored(chair)
    assert pyotp.TOTP(plain).now().isdigit() and len(plain) == 32
    assert stored != plain and plain not in stored and is_sealed(stored)
    assert Fernet(TEST_DATA_KEY.encode()).decrypt(stored.encode()).decode() == plain


def test_a_plain_secret_from_before_is_still_read_and_sealed_by_rotation(app, runner):
    chair = UserFactory(role=Role.VOORZITTER.value)
    db.session.commit()
    plain = chair.totp_secret
    db.session.execute(text('UPDATE user_account SET totp_secret = :s WHERE id = :id'),
                       {"s": plain, "id": chair.id})
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(User, chair.id).totp_secret == plain
    result = runner.invoke(args=["users", "rotate-data-key"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert is_sealed(_stored(chair)) and db.session.get(User, chair.id).totp_secret == plain


def test_key_rotation_seals_anew_with_the_first_key_and_the_old_key_can_go(app, runner):
    chair = UserFactory(role=Role.VOORZITTER.value)
    db.session.commit()
    plain = chair.totp_secret
    new_key = Fernet.generate_key().decode()
    app.config["DATA_KEY"] = f"{new_key},{TEST_DATA_KEY}"
    try:
        db.session.expire_all()
        assert db.session.get(User, chair.id).totp_secret == plain  # the old key still opens
        result = runner.invoke(args=["users", "rotate-data-key"])
        assert result.exit_code == 0 and "opnieuw versleuteld" in result.output
        app.config["DATA_KEY"] = new_key  # the old key removed
        db.session.expire_all()
        assert db.session.get(User, chair.id).totp_secret == plain
        app.config["DATA_KEY"] = TEST_DATA_KEY  # only the old key: the new token does not open
        db.session.expire_all()
        with pytest.raises(DataKeyError, match="geen van de sleutels"):
            _ = db.session.get(User, chair.id).totp_secret
    finally:
        app.config["DATA_KEY"] = new_key
        runner.invoke(args=["users", "rotate-data-key"])
        app.config["DATA_KEY"] = f"{TEST_DATA_KEY},{new_key}"
        runner.invoke(args=["users", "rotate-data-key"])
        app.config["DATA_KEY"] = TEST_DATA_KEY


def test_reset_2fa_turns_it_off_ends_sessions_and_is_logged(app, runner):
    beheerder = UserFactory(role=Role.BEHEERDER.value)
    db.session.commit()
    version = beheerder.session_version
    result = runner.invoke(args=["users", "reset-2fa", beheerder.email.upper()])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    user = db.session.get(User, beheerder.id)
    assert not user.two_factor_enabled and user.totp_secret is None
    assert user.session_version > version
    row = db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id.desc())).first()
    assert row.object_type == "user" and str(row.object_id) == str(user.id)
    assert row.reason == "totp_reset"


def test_reset_password_prints_a_single_use_link_and_logs_it(app, runner, client):
    beheerder = UserFactory(role=Role.BEHEERDER.value)
    db.session.commit()
    result = runner.invoke(args=["users", "reset-password", beheerder.email])
    assert result.exit_code == 0, result.output
    path = result.output.split("<caseflow-adres>")[1].split()[0]
    assert path.startswith("/wachtwoord-herstellen?token=")
    assert client.get(path, follow_redirects=True).status_code == 200
    row = db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id.desc())).first()
    assert row.object_type == "password_reset" and str(row.object_id) == str(beheerder.id)


@pytest.mark.parametrize("command", ["reset-2fa", "reset-password"])
def test_an_unknown_account_is_refused_and_nothing_logged(app, runner, command):
    before = db.session.scalar(select(db.func.count(AccessLogEntry.id)))
    result = runner.invoke(args=["users", command, "niemand@example.org"])
    assert result.exit_code != 0 and "Geen account" in result.output
    assert db.session.scalar(select(db.func.count(AccessLogEntry.id))) == before
