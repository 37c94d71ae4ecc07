"""Account business logic: creating users and checking logins. Callers commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _  # problems are message ids; views translate
from flask_babel.speaklater import LazyString
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent, Grounds
from caseflow.audit.services import log_access
from caseflow.auth.models import Organisation, OrganisationKind, Role, User
from caseflow.auth.passwords import (
    burn_verification_time,
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from caseflow.core.problems import FieldProblems
from caseflow.core.settings import region_settings_columns, remember_region_settings
from caseflow.database import utcnow
from caseflow.extensions import db


class AccountError(FieldProblems):
    """A request about an account or organisation that cannot be carried out (see
    ``FieldProblems``: form field → message id with its values; the view translates). A name
    that is no field of the form (``"account"``) is shown above it."""


def all_of(messages: list[Any]) -> LazyString:
    """Several problems with one field as one message, joined when the view translates it."""
    return LazyString(lambda: " ".join(str(message) for message in messages))


def check_text(value: str, label: Any, maximum: int, *, field: str = "name") -> str:
    """``value`` stripped; refused when empty, longer than ``maximum`` or with control
    characters (``label`` names it in the message: "een naam"; ``field`` is the form field)."""
    value = (value or "").strip()
    if not value:
        raise AccountError({field: _("Vul %(label)s in.", label=label)})
    if len(value) > maximum or any(ord(ch) < 32 for ch in value):
        raise AccountError(
            {field: _("%(label)s is te lang of bevat ongeldige tekens.", label=label)}
        )
    return value


def email_taken(email: str) -> LazyString:
    return _("Er bestaat al een account met e-mailadres %(email)s.", email=email)


def log_account_change(
    actor: User | None,
    user: User,
    fields: Iterable[str],
    *,
    reason: str | None = None,
    grounds: Grounds = Grounds.ROLE,
) -> None:
    """The access-log row for a change to an account (``fields`` are names, never values);
    ``actor`` is who made it (``None``: the command line)."""
    log_access(
        AuditEvent.CHANGE,
        user=actor,
        object_type="user",
        object_id=user.id,
        fields=fields,
        grounds=grounds,
        reason=reason,
    )


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def find_organisation(name: str) -> Organisation | None:
    return db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.strip().lower())
    )


def get_or_create_organisation(name: str, kind: OrganisationKind | str) -> Organisation:
    organisation = find_organisation(name)
    if organisation is None:
        organisation = Organisation(name=name.strip(), kind=str(OrganisationKind(kind)))
        db.session.add(organisation)
        db.session.flush()
    return organisation


def create_user(
    *, email: str, name: str, role: Role | str, organisation: Organisation, password: str
) -> User:
    """Create an active account; raises AccountError naming every problem with the input, each
    with its field (role, name, email, password)."""
    email = normalise_email(email)
    problems: dict[str, Any] = {}
    if role not in set(Role):
        allowed = ", ".join(r.value for r in Role)
        problems["role"] = _(
            "Onbekende rol '%(role)s'. Kies uit: %(allowed)s.", role=role, allowed=allowed
        )
    if not name.strip():
        problems["name"] = _("Vul een naam in.")
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        problems["email"] = _("'%(email)s' is geen geldig e-mailadres.", email=email)
    elif find_user_by_email(email) is not None:
        problems["email"] = email_taken(email)
    weak = password_problems(password, email=email, name=name)
    if weak:
        problems["password"] = all_of(weak)
    if problems:
        raise AccountError(problems)
    user = User(
        email=email,
        name=name.strip(),
        role=str(Role(role)),
        organisation=organisation,
        password_hash=hash_password(password),
        active=True,
    )
    db.session.add(user)
    db.session.flush()
    return user


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    account: User | None = None  # the account the e-mail address names, for the access log

    @property
    def ok(self) -> bool:
        return self.user is not None


def authenticate(email: str, password: str) -> LoginResult:
    """Check a login. Unknown account, wrong password and inactive account look the same to callers
    outside this function, so that the login page cannot be used to find out who has an account."""
    user = find_user_by_email(email)
    if user is None:
        burn_verification_time(password)
        return LoginResult(None)
    if not verify_password(user.password_hash, password) or not user.active:
        return LoginResult(None, user)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    return LoginResult(user, user)


def end_all_sessions(user: User) -> None:
    """Invalidate every login cookie of this user (logout, deactivation, password change)."""
    user.session_version = (user.session_version or 0) + 1
    db.session.flush()


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login's user loader: the cookie holds ``<id>:<session_version>``."""
    user_id, _sep, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    # The region's settings come along (every page shows its name): one statement, not two.
    row = db.session.execute(
        select(User, *region_settings_columns()).where(User.id == int(user_id))
    ).first()
    if row is None:
        return None
    user, *settings = row
    remember_region_settings(tuple(settings))
    if user is None or user.session_version != int(version) or not user.active:
        return None
    return user
