"""The region's name and code as every layer reads them: set once at set-up (kept as settings,
written by ``region.settings``), else the configuration's ``REGION_NAME`` / ``REGION_CODE``.
Read once per request."""

from __future__ import annotations

from flask import current_app, g, has_request_context
from sqlalchemy import select

from caseflow.core.models import Setting
from caseflow.extensions import db

NAME_KEY, CODE_KEY, SET_UP_KEY = "region_name", "region_code", "region_set_up"


def region_settings() -> dict[str, str]:
    if has_request_context() and "region_settings" in g:
        return g.region_settings
    rows = db.session.execute(
        select(Setting.key, Setting.value).where(Setting.key.in_((NAME_KEY, CODE_KEY, SET_UP_KEY)))
    )
    found = dict(rows.tuples().all())
    if has_request_context():
        g.region_settings = found
    return found


def region_name() -> str:
    return region_settings().get(NAME_KEY) or current_app.config["REGION_NAME"]


def region_code() -> str:
    return region_settings().get(CODE_KEY) or current_app.config["REGION_CODE"]
