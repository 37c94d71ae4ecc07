"""The one rule for dates in a child's history: not before the birth year, not in the future.

An event, placement or phase date (and the date of registration) lies between 1 January of the
child's birth year and tomorrow. The birth *year*, not the month: care around a pregnancy
(a zorgmelding before the birth) belongs to the child's history. Tomorrow, not today: whoever
types late in the evening, or imports a file made on a machine in another time zone, is not
refused for a date that is already today where they are. What is planned (a RET action, a
meeting) lives on the meetings side, never as a future timeline event.

Used by the timeline and placement services (messages next to the form fields), the intake form
and the importer's validator (plain Dutch after the JSON path). Pure: no database, no models.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from flask_babel import gettext as _

from caseflow.core.clock import region_today

FUTURE_GRACE = timedelta(days=1)


class DateProblem(StrEnum):
    BEFORE_BIRTH = "before_birth"
    FUTURE = "future"


# The importer's messages follow the JSON path (``cases[0].events[3].on: vóór het geboortejaar``);
# like every importer message they are Dutch, whatever the UI language.
IMPORT_MESSAGES = {
    DateProblem.BEFORE_BIRTH: "vóór het geboortejaar",
    DateProblem.FUTURE: "ligt in de toekomst",
}


def latest_allowed(today: date | None = None) -> date:
    return (today or region_today()) + FUTURE_GRACE


def date_problem(
    day: date, birth_year: int | None, *, today: date | None = None, future: bool = True
) -> DateProblem | None:
    """What is wrong with ``day`` in the history of a child born in ``birth_year`` (None when
    the birth year is unknown: only the future is checked). ``future=False`` for a planned date
    (a placement's planned end)."""
    if birth_year is not None and day.year < birth_year:
        return DateProblem.BEFORE_BIRTH
    if future and day > latest_allowed(today):
        return DateProblem.FUTURE
    return None


def date_message(problem: DateProblem, birth_year: int | None = None) -> str:
    """The Dutch message (translated) shown next to a form field."""
    if problem is DateProblem.BEFORE_BIRTH:
        return _(
            "Deze datum ligt vóór het geboortejaar van de jeugdige (%(year)s); controleer het "
            "jaar.",
            year=birth_year,
        )
    return _("Deze datum ligt in de toekomst; leg vast wat al gebeurd is.")


def check_date(
    day: date, birth_year: int | None, *, today: date | None = None, future: bool = True
) -> str | None:
    """``date_problem`` as the message for a form field, or None when the date is fine."""
    problem = date_problem(day, birth_year, today=today, future=future)
    return None if problem is None else date_message(problem, birth_year)


def noon(day: date, offset: int = 0) -> datetime:
    """Midday UTC of ``day`` (plus ``offset`` seconds): the recorded-at time of imported rows
    that only carry a day, so their order within the day is kept."""
    return datetime.combine(day, time(12), tzinfo=UTC) + timedelta(seconds=offset)
