"""Reporting periods (month, quarter, year) and the dimensions figures are split by."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from flask_babel import lazy_gettext as _l

MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


class PeriodKind(enum.StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    year: int
    number: int = 1  # month 1-12 or quarter 1-4; 1 for a year

    @property
    def start(self) -> date:
        if self.kind is PeriodKind.MONTH:
            return date(self.year, self.number, 1)
        if self.kind is PeriodKind.QUARTER:
            return date(self.year, 3 * (self.number - 1) + 1, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        """The first day after the period (periods are half-open: start <= d < end)."""
        months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[self.kind]
        total = self.start.month - 1 + months
        return date(self.start.year + total // 12, total % 12 + 1, 1)

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time(0), tzinfo=UTC)

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end, time(0), tzinfo=UTC)

    @property
    def label(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{MONTHS[self.number - 1]} {self.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"K{self.number} {self.year}"
        return str(self.year)

    @property
    def slug(self) -> str:
        return (
            f"{self.year}"
            if self.kind is PeriodKind.YEAR
            else f"{self.year}-{self.kind[0]}{self.number}"
        )

    def previous(self) -> Period:
        if self.kind is PeriodKind.YEAR:
            return Period(self.kind, self.year - 1)
        last = 12 if self.kind is PeriodKind.MONTH else 4
        if self.number == 1:
            return Period(self.kind, self.year - 1, last)
        return Period(self.kind, self.year, self.number - 1)

    def series(self, count: int) -> list[Period]:
        """This period and the ``count - 1`` before it, oldest first."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]

    @classmethod
    def parse(
        cls, kind: str | None, year: str | int | None, number: str | int | None, today: date
    ) -> Period:
        """From request arguments; anything invalid falls back to the current period."""
        try:
            period_kind = PeriodKind(kind or "year")
        except ValueError:
            period_kind = PeriodKind.YEAR
        try:
            year_value = int(year) if year else today.year
        except (TypeError, ValueError):
            year_value = today.year
        year_value = min(max(year_value, 1990), today.year + 1)
        default = today.month if period_kind is PeriodKind.MONTH else (today.month - 1) // 3 + 1
        try:
            value = int(number) if number else default
        except (TypeError, ValueError):
            value = default
        if period_kind is PeriodKind.YEAR:
            value = 1
        limit = 12 if period_kind is PeriodKind.MONTH else 4
        return cls(period_kind, year_value, min(max(value, 1), limit))


class Dimension(enum.StrEnum):
    TOTAAL = "totaal"
    GEMEENTE = "gemeente"
    VERWIJZER = "verwijzer"
    LEEFTIJD = "leeftijd"
    PROBLEEMGEBIED = "probleemgebied"
    SOORT_ZORG = "soort_zorg"
    AANBIEDER = "aanbieder"
    AANTAL_AANBIEDERS = "aantal_aanbieders"
    # Filled by the case facts of the legal framework (issue 24 point 1): offered only once a
    # domain registered its split (dimensions.register_split).
    JURIDISCH_KADER = "juridisch_kader"


DIMENSION_LABELS = {
    Dimension.TOTAAL: _l("Totaal"),
    Dimension.GEMEENTE: _l("Gemeente"),
    Dimension.VERWIJZER: _l("Verwijzer"),
    Dimension.LEEFTIJD: _l("Leeftijdsgroep"),
    Dimension.PROBLEEMGEBIED: _l("Probleemgebied"),
    Dimension.SOORT_ZORG: _l("Soort zorg"),
    Dimension.AANBIEDER: _l("Aanbieder"),
    Dimension.AANTAL_AANBIEDERS: _l("Aantal aanbieders per kind"),
    Dimension.JURIDISCH_KADER: _l("Juridisch kader"),
}

PERIOD_LABELS = {
    PeriodKind.MONTH: _l("Maand"),
    PeriodKind.QUARTER: _l("Kwartaal"),
    PeriodKind.YEAR: _l("Jaar"),
}
