"""The region's name and code: set once at set-up (kept as settings), else the configuration's
``REGION_NAME`` / ``REGION_CODE``. Read once per request."""

from __future__ import annotations

import re

from flask import g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import func, select

from caseflow.core.models import Setting
from caseflow.core.settings import (  # noqa: F401 - read here too by region's callers
    CODE_KEY,
    NAME_KEY,
    SET_UP_KEY,
    region_code,
    region_name,
)
from caseflow.core.settings import region_settings as _settings
from caseflow.extensions import db

CODE = re.compile(r"[A-Z]{2,6}")


class RegionError(ValueError):
    pass


def is_set_up() -> bool:
    """Set up by the set-up screen or command, or in use already (the demo, an older install)."""
    if _settings().get(SET_UP_KEY):
        return True
    from caseflow.cases.models import Gemeente

    return bool(db.session.scalar(select(func.count()).select_from(Gemeente)))


def put_setting(key: str, value: str) -> None:
    setting = db.session.get(Setting, key)
    if setting is None:
        db.session.add(Setting(key=key, value=value))
    else:
        setting.value = value


def set_region(name: str, code: str) -> None:
    """Name and code; the code starts every case reference (GV-2026-0007), so it cannot change
    once cases exist."""
    from caseflow.cases.models import Case

    name = " ".join((name or "").split())
    code = (code or "").strip().upper()
    if not name or len(name) > 100:
        raise RegionError(_("Vul de naam van de regio in (hoogstens 100 tekens)."))
    if not CODE.fullmatch(code):
        raise RegionError(_("De regiocode is 2 tot 6 hoofdletters, bijvoorbeeld GV of HL."))
    has_cases = db.session.scalar(select(func.count()).select_from(Case))
    if has_cases and code != region_code():
        raise RegionError(
            _("Er zijn al casussen met regiocode %(code)s; die code blijft.", code=region_code())
        )
    put_setting(NAME_KEY, name)
    put_setting(CODE_KEY, code)
    put_setting(SET_UP_KEY, "1")
    db.session.flush()
    if has_request_context():
        g.pop("region_settings", None)
