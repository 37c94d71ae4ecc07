"""Whose consent a retrospective needs, by the child's age (WGBO art. 7:450/7:465, Jeugdwet
art. 7.3.4): under 12 the parent(s) with authority (gezag) or the voogd; from 12 to 16 the young
person *and* the parent(s)/voogd; from 16 the young person alone.

A case stores only the birth year and month, so in the birth month itself the age is not known:
on 10 June a child born in June 2014 may be 11 or 12. Outside the birth month the age is exact.
The uncertain month is read the safe way for *both* thresholds — it counts as 12 to 16, where
both the young person and the parent(s) consent:

- the 12th-birthday month: a child who may already be 12 is asked too (asking an 11-year-old as
  well harms nobody; leaving out a 12-year-old would start without a required consent);
- the 16th-birthday month: the parents are still asked (leaving them out while the child may still
  be 15 would start without a required consent; asking them a month long too does no harm).

So a requirement is never left out; at most one month asks one party more. In months since
birth ``m = (year - birth_year) * 12 + (month - birth_month)``: ``m < 144`` is under 12,
``m > 192`` is 16 or older, anything between (the birth months included) is 12 to 16. The same
arithmetic runs in SQL for the case selection (``band_conditions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, literal

from caseflow.cases.models import Case
from caseflow.retrospectives.vocab import (
    AGE_BAND_LABELS,
    AGE_BAND_RULES,
    REQUIRED_PARTIES,
    AgeBand,
    ConsentParty,
)

TWELVE = 12 * 12
SIXTEEN = 16 * 12


def months_since_birth(birth_year: int, birth_month: int, on: date) -> int:
    return (on.year - birth_year) * 12 + (on.month - birth_month)


def band_for_months(months: int) -> AgeBand:
    if months < TWELVE:
        return AgeBand.ONDER_12
    if months > SIXTEEN:
        return AgeBand.VANAF_16
    return AgeBand.VAN_12_TOT_16


@dataclass(frozen=True)
class Age:
    youngest: int  # the age if the birthday is at the end of the birth month
    oldest: int  # ... at its start; differs from youngest only in the birth month
    band: AgeBand

    @property
    def required(self) -> tuple[ConsentParty, ...]:
        return REQUIRED_PARTIES[self.band]

    @property
    def band_label(self) -> str:
        return str(AGE_BAND_LABELS[self.band])

    @property
    def rule(self) -> str:
        return str(AGE_BAND_RULES[self.band])

    @property
    def text(self) -> str:
        """``14`` or, in the birth month, ``11 of 12`` (the template adds "jaar")."""
        if self.youngest == self.oldest:
            return str(self.youngest)
        return f"{self.youngest}–{self.oldest}"


def age_on(birth_year: int, birth_month: int, on: date) -> Age:
    months = months_since_birth(birth_year, birth_month, on)
    oldest = months // 12
    youngest = oldest - 1 if months % 12 == 0 else oldest
    return Age(max(youngest, 0), max(oldest, 0), band_for_months(months))


def case_age(case: Case, on: date | None = None) -> Age:
    return age_on(case.birth_year, case.birth_month, on or date.today())


def band_conditions(on: date) -> dict[AgeBand, ColumnElement[bool]]:
    """SQL conditions on ``Case`` for each band on ``on`` (same arithmetic as above)."""
    months = (literal(on.year) - Case.birth_year) * 12 + (literal(on.month) - Case.birth_month)
    return {
        AgeBand.ONDER_12: months < TWELVE,
        AgeBand.VAN_12_TOT_16: and_(months >= TWELVE, months <= SIXTEEN),
        AgeBand.VANAF_16: months > SIXTEEN,
    }
