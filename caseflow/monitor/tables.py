"""Result tables of the monitor, with small-number suppression applied when shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol
from flask_babel import format_decimal, get_locale

SUPPRESS_BELOW = 5
SUPPRESSED = "<5"


@dataclass(frozen=True)
class Cell:
    """A figure and the number of children (cases) it rests on; below 5 it is never shown."""

    value: float | int | None
    base: int | None = None

    @classmethod
    def count(cls, n: int | None) -> Cell:
        return cls(n or 0, n or 0)

    @property
    def suppressed(self) -> bool:
        return self.base is not None and 0 < self.base < SUPPRESS_BELOW

    @property
    def chart_value(self) -> float | None:
        return None if self.suppressed or self.value is None else float(self.value)

    def display(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        if self.value is None:
            return "—"
        if isinstance(self.value, float) and not self.value.is_integer():
            return format_number(round(self.value, 1), 1)
        return format_number(int(self.value), 0)

    def csv(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        if self.value is None:
            return ""
        return str(round(self.value, 1) if isinstance(self.value, float) else self.value)


@lru_cache(maxsize=32)
def _number_symbols(locale: str) -> dict[int, str]:
    return {
        ord(","): get_group_symbol(locale),
        ord("."): get_decimal_symbol(locale),
        ord("-"): get_minus_sign_symbol(locale),
    }


def format_number(value: float | int, decimals: int) -> str:
    """As ``format_decimal(value, "#,##0")`` for an int (``decimals=0``) or ``"#,##0.0"`` for a
    float rounded to one decimal, in the request's locale, without babel parsing the pattern for
    every cell (a monitor page shows about a thousand)."""
    pattern = "#,##0.0" if decimals else "#,##0"
    locale = get_locale()
    if locale is None:
        return format_decimal(value, format=pattern)
    text = f"{value:,.1f}" if decimals else f"{int(value):,d}"
    return text.translate(_number_symbols(str(locale)))


@dataclass
class Table:
    key: str
    title: str
    description: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)
    chart_column: int | None = 0  # which column the bar chart shows; None: no chart
    note: str = ""

    def column_values(self, index: int) -> list[tuple[str, Cell]]:
        return [(label, cells[index]) for label, cells in self.rows]
