"""The region's calendar, one clock for every domain: meetings are planned, actions and follow-ups
fall due, and relative times ("sinds 2 dagen") count in local (Europe/Amsterdam) calendar days."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

from caseflow.database import utcnow


def local_zone() -> ZoneInfo:
    name = "Europe/Amsterdam"
    if has_app_context():
        name = current_app.config.get("BABEL_DEFAULT_TIMEZONE", name)
    return ZoneInfo(name)


def local_date(moment: datetime) -> date:
    """The calendar day of a stored (UTC) moment in the region's time zone."""
    return moment.astimezone(local_zone()).date()


def local_moment(day: date, at: time) -> datetime:
    """A local date and time (from a form) as an aware datetime."""
    return datetime.combine(day, at, tzinfo=local_zone())


def region_today() -> date:
    """Today in the region: an action due today becomes overdue at local midnight."""
    return local_date(utcnow())


def start_of_today() -> datetime:
    """Local midnight today: a meeting from then on counts as planned."""
    return datetime.combine(region_today(), time(0), tzinfo=local_zone())
