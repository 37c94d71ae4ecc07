"""The region's choice to let a role log in without two-factor authentication in production.

Production asks every role for a second factor (auth.totp.requires_two_factor). A region may turn
that off for a role (say, facilitators who only read consenting, de-identified retrospectives);
the choice needs a reason and is written to the access log. The beheerder's role never: the one who
changes this setting logs in with two factors."""

from __future__ import annotations

import json

from flask import g, has_request_context
from flask_babel import gettext as _

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import log_access
from caseflow.auth.models import Role, User
from caseflow.auth.totp import ALWAYS_REQUIRED
from caseflow.core.models import Setting
from caseflow.core.settings import TWO_FACTOR_OPTIONAL_KEY, two_factor_optional_roles
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.region.settings import put_setting

HISTORY_KEY = "two_factor_policy_history"


class TwoFactorPolicyError(ValueError):
    pass


def set_two_factor_optional(actor: User | None, role: str, optional: bool, reason: str) -> bool:
    """Make two-factor optional (or required again) for ``role``; True if that changed anything."""
    if role not in {r.value for r in Role}:
        raise TwoFactorPolicyError(
            _("Onbekende rol %(role)s. Kies uit: %(roles)s.", role=role,
              roles=", ".join(r.value for r in Role))
        )
    if role in {str(r) for r in ALWAYS_REQUIRED}:
        raise TwoFactorPolicyError(_("Voor de beheerder blijft tweestapsverificatie verplicht."))
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise TwoFactorPolicyError(_("Geef een reden (minstens 5 tekens)."))
    roles = set(two_factor_optional_roles())
    before = set(roles)
    (roles.add if optional else roles.discard)(role)
    if roles == before:
        return False
    put_setting(TWO_FACTOR_OPTIONAL_KEY, ",".join(sorted(roles)))
    # The access log keeps codes, never free text: the reason is kept with the setting's history.
    history = json.loads(_get(HISTORY_KEY) or "[]")
    history.append({"role": role, "optional": optional, "reason": reason,
                    "by": actor.id if actor else None, "at": utcnow().isoformat()})
    put_setting(HISTORY_KEY, json.dumps(history, ensure_ascii=False))
    db.session.flush()
    if has_request_context():
        g.pop("region_settings", None)
    log_access(
        AuditEvent.CHANGE, user=actor, object_type="setting", object_id=TWO_FACTOR_OPTIONAL_KEY,
        fields=(role,), reason=f"totp_{'optional' if optional else 'required'}",
    )
    return True


def policy_history() -> list[dict]:
    """Every change of the rule: role, optional, reason, by (user id, None: command line), at."""
    return json.loads(_get(HISTORY_KEY) or "[]")


def _get(key: str) -> str | None:
    setting = db.session.get(Setting, key)
    return setting.value if setting else None
