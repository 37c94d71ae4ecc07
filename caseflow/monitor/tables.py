"""Result tables of the monitor, with small-number suppression applied when shown."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import format_decimal

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
            return format_decimal(round(self.value, 1), format="#,##0.0")
        return format_decimal(int(self.value), format="#,##0")

    def csv(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        if self.value is None:
            return ""
        return str(round(self.value, 1) if isinstance(self.value, float) else self.value)


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
