"""Result tables of the monitor, with small-number suppression applied when shown."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
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
    # Hidden although not small itself: it would give away a small cell (secondary suppression).
    secondary: bool = field(default=False, compare=False)

    @classmethod
    def count(cls, n: int | None) -> Cell:
        return cls(n or 0, n or 0)

    @property
    def suppressed(self) -> bool:
        return self.secondary or (self.base is not None and 0 < self.base < SUPPRESS_BELOW)

    @property
    def primary(self) -> bool:
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
        """In Dutch form: a decimal comma, no thousands separator (Excel-NL reads it right)."""
        if self.suppressed:
            return SUPPRESSED
        if self.value is None:
            return ""
        return str(self.export()).replace(".", ",")

    def export(self) -> float | int | str | None:
        """The value for a spreadsheet cell: a number, or "<5" when hidden."""
        if self.suppressed:
            return SUPPRESSED
        if isinstance(self.value, float):
            return round(self.value, 1)
        return self.value


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
    # The header of the label column; None: the split's own name (gemeente, verwijzer, ...).
    row_header: str | None = None
    # Sums that hold in the table, so a hidden cell cannot be worked out from them: row
    # ``total`` = sum of rows ``parts`` in each of ``sum_columns``; column ``total`` = sum of
    # columns ``parts`` in every row.
    sums: list[tuple[int, list[int]]] = field(default_factory=list)
    sum_columns: tuple[int, ...] = ()
    row_sums: list[tuple[int, list[int]]] = field(default_factory=list)
    # (numerator, denominator, ratio) columns: a ratio is hidden when either side is, or it
    # would give the hidden one back (cost / cost per child = children).
    ratios: list[tuple[int, int, int]] = field(default_factory=list)
    # Figures read from the summary the daily job keeps: the day they are as of (else None).
    as_of: date | None = None

    def __post_init__(self) -> None:
        self.suppress()

    def suppress(self) -> None:
        """Secondary suppression over the table's sums (see ``suppression``)."""
        from caseflow.monitor.suppression import equations, secondary

        eqs = equations(self.sums, self.sum_columns, self.row_sums, len(self.rows))
        if not eqs and not self.ratios:
            return
        primary = {
            (r, c) for r, (_l, cells) in enumerate(self.rows) for c, cell in enumerate(cells)
            if cell.primary
        }

        def value(position: tuple[int, int]) -> float:
            r, c = position
            return float(self.rows[r][1][c].value or 0)

        extra = secondary(primary, eqs, value)
        hidden = primary | extra
        for numerator, denominator, ratio in self.ratios:
            for r in range(len(self.rows)):
                if (r, numerator) in hidden or (r, denominator) in hidden:
                    extra.add((r, ratio))
        for r, c in extra:
            label, cells = self.rows[r]
            cells = list(cells)
            cells[c] = replace(cells[c], secondary=True)
            self.rows[r] = (label, cells)

    def column_values(self, index: int) -> list[tuple[str, Cell]]:
        return [(label, cells[index]) for label, cells in self.rows]
