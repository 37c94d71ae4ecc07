"""Account and organisation administration. Each function checks, changes, logs and flushes."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _  # problems are message ids; views translate
from sqlalchemy import select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import log_access
from caseflow.auth.models import Organisation, Role, User
from caseflow.auth.reset import create_reset_token
from caseflow.auth.services import (
    AccountError,
    check_text,
    create_user,
    email_taken,
    end_all_sessions,
    log_account_change,
    normalise_email,
)
from caseflow.auth.totp import disable_two_factor
from caseflow.extensions import db
from caseflow.region.organisations import (  # noqa: F401 - moved to region, used here by name
    add_organisation,
    update_organisation,
)


def add_user(
    actor: User, *, email: str, name: str, role: str, organisation: Organisation
) -> tuple[User, str]:
    """Create an account without a known password; returns it with a one-time link token."""
    name = check_text(name, _("een naam"), 200)
    user = create_user(
        email=email,
        name=name,
        role=role,
        organisation=organisation,
        password=secrets.token_urlsafe(32),  # nobody knows it; the user sets one via the link
    )
    log_access(
        AuditEvent.CREATE,
        user=actor,
        object_type="user",
        object_id=user.id,
        fields=("email", "name", "role", "organisation", "active"),
    )
    return user, create_reset_token(user, actor)


def update_user(
    actor: User,
    user: User,
    *,
    email: str,
    name: str,
    role: str,
    organisation: Organisation,
    active: bool,
) -> list[str]:
    """Change an account; a changed role or a deactivation ends all of its sessions."""
    email = normalise_email(email)
    name = check_text(name, _("een naam"), 200)
    role = str(Role(role))
    if user.id == actor.id and (not active or role != Role.BEHEERDER):
        raise AccountError(
            {"account": _("U kunt uw eigen account niet deactiveren of uw eigen rol wijzigen.")}
        )
    if email != user.email:
        other = db.session.scalar(select(User).where(User.email == email))
        if other is not None:
            raise AccountError({"email": email_taken(email)})
    new = {
        "email": email,
        "name": name,
        "role": role,
        "organisation_id": organisation.id,
        "active": active,
    }
    changed = [field for field, value in new.items() if getattr(user, field) != value]
    for field in changed:
        setattr(user, field, new[field])
    if "role" in changed or ("active" in changed and not active):
        end_all_sessions(user)
    if changed:
        deactivated = "active" in changed and not active
        log_account_change(actor, user, changed, reason="deactivated" if deactivated else None)
    db.session.flush()
    return changed


def reset_password_link(actor: User, user: User) -> str:
    if not user.active:
        raise AccountError({"active": _("Activeer het account eerst.")})
    return create_reset_token(user, actor)


def reset_two_factor(actor: User, user: User) -> None:
    """For a lost phone: the user enrols again at the next login (required roles) or may."""
    disable_two_factor(user)
    end_all_sessions(user)
    log_account_change(actor, user, ("totp",), reason="totp_reset")
