"""The region's name and code as every layer reads them: set once at set-up (kept as settings,
written by ``region.settings``), else the configuration's ``REGION_NAME`` / ``REGION_CODE``.
Read once per request (with the user's load, see ``auth.services``)."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, has_request_context
from sqlalchemy import select

from caseflow.core.models import Setting
from caseflow.extensions import db

NAME_KEY, CODE_KEY, SET_UP_KEY = "region_name", "region_code", "region_set_up"
# Roles for which the region turned the production rule "two-factor for everyone" off (comma list).
TWO_FACTOR_OPTIONAL_KEY = "two_factor_optional_roles"


KEYS = (NAME_KEY, CODE_KEY, SET_UP_KEY, TWO_FACTOR_OPTIONAL_KEY)


def region_settings() -> dict[str, str]:
    if has_request_context() and "region_settings" in g:
        return g.region_settings
    rows = db.session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(KEYS)))
    found = dict(rows.tuples().all())
    remember_region_settings(found)
    return found


def region_settings_columns() -> list[Any]:
    """The settings as scalar subqueries, for the request's first statement (the user's load)
    to read them along: every page shows the region's name, so that saves a query a page."""
    return [
        select(Setting.value).where(Setting.key == key).scalar_subquery().label(f"setting_{key}")
        for key in KEYS
    ]


def remember_region_settings(values: dict[str, str | None] | tuple[str | None, ...]) -> None:
    """What ``region_settings()`` returns for the rest of the request: a dict as read, or the
    values of ``region_settings_columns()`` in their order (a missing setting is left out)."""
    if not has_request_context():
        return
    if not isinstance(values, dict):
        values = {key: value for key, value in zip(KEYS, values, strict=True) if value is not None}
    g.region_settings = values


def region_name() -> str:
    return region_settings().get(NAME_KEY) or current_app.config["REGION_NAME"]


def region_code() -> str:
    return region_settings().get(CODE_KEY) or current_app.config["REGION_CODE"]


def two_factor_optional_roles() -> frozenset[str]:
    value = region_settings().get(TWO_FACTOR_OPTIONAL_KEY) or ""
    return frozenset(role for role in value.split(",") if role)
