"""The cells of a template row read as the schema wants them, with a warning (file, row,
column) wherever reading what a Dutch spreadsheet wrote was a guess."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from caseflow.exchange import csv_tariff
from caseflow.exchange.legacy import closing_reason_values
from caseflow.exchange.validator import Issue

if TYPE_CHECKING:
    from caseflow.exchange.csv_convert import Converted


BOOLEANS = {"true": True, "waar": True, "ja": True, "false": False, "onwaar": False, "nee": False}


INTEGER = re.compile(r"-?[0-9]{1,9}")


def cell_value(column: str, text: str) -> Any:
    text = text.strip()
    # ASCII digits only, and not too many: str.isdigit() is true for "²" (int() refuses it)
    # and int() refuses more than 4300 digits; either would be a 500. Anything else stays
    # text, which the schema refuses as "verwacht geheel getal".
    if column in ("birth_year", "birth_month", "follow_up_weeks") and INTEGER.fullmatch(text):
        return int(text)
    if column in ("in_region", "consent_retrospective"):
        return BOOLEANS.get(text.lower(), text) if text else None
    return text


def phases_of(text: str, read: Any = None) -> list[dict[str, Any]]:
    phases = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        pieces = part.split("@")
        entry: dict[str, Any] = {"phase": pieces[0].strip()}
        entry["on"] = pieces[1].strip() if len(pieces) > 1 else ""
        if read is not None:
            where = f"{read.where}.phases[{len(phases)}].on"
            entry["on"] = read.day(entry["on"], "phases", where)
        if len(pieces) > 2:
            # A value of the list is the closing reason; free text is the note (legacy.py
            # then makes the reason 'overig', with a warning).
            reason = pieces[2].strip()
            if reason.lower() in closing_reason_values():
                entry["closing_reason"] = closing_reason_values()[reason.lower()]
            else:
                entry["reason"] = reason
        phases.append(entry)
    return phases


DATE_COLUMNS = {"registered_on", "start", "planned_end", "end", "on", "from", "until",
                "recorded_on"}


DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


DUTCH_MONTH = re.compile(r"(\d{1,2})[-/.](\d{4})")


DECIMAL = re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?|-?\d+(\.\d+)?")


class CellReader:
    """Reads the cells of one row; says in a warning where it guessed (with file, row and
    column), so a region can check what came out of its spreadsheet."""

    def __init__(self, out: Converted, name: str, row: int, where: str) -> None:
        self.out, self.name, self.row, self.where = out, name, row, where
        self.period: str | None = None  # a week or month tariff, converted when the row is read
        self.kind_text = ""

    def guessed(self, path: str, column: str, message: str) -> None:
        self.out.warnings.append(
            Issue(path, message, where=f"{self.name}, regel {self.row}, kolom {column}")
        )

    def value(self, column: str, text: str, path: str) -> Any:
        text = text.strip()
        if column in DATE_COLUMNS:
            return self.day(text, column, path)
        if column == "tariff_amount":
            return self.amount(text, column, path)
        if column == "tariff_kind":
            value, self.period, warning = csv_tariff.read_kind(text)
            self.kind_text = text
            if warning:
                self.guessed(path, column, warning)
            return value
        return cell_value(column, text)

    def tariff_period(self, tariff: dict[str, Any], path: str) -> None:
        """A week or month tariff as a day tariff, once the row's amount is read too."""
        if self.period:
            warning = csv_tariff.per_day(tariff, self.period, self.kind_text)
            if warning:
                self.guessed(f"{path}.amount", "tariff_amount", warning)

    def day(self, text: str, column: str, path: str) -> str:
        """ISO as it is; a Dutch date (14-03-2023, 14/3/2023, 14.03.2023) as day-month-year,
        with a warning when day and month could be swapped; 03-2023 as the month."""
        found = DUTCH_DATE.fullmatch(text)
        if found:
            day, month, year = (int(part) for part in found.groups())
            iso = f"{year:04d}-{month:02d}-{day:02d}"
            if day <= 12 and month <= 12 and day != month:
                self.guessed(path, column, f"'{text}' gelezen als dag-maand-jaar: {iso}")
            return iso
        found = DUTCH_MONTH.fullmatch(text)
        if found:
            month, year = (int(part) for part in found.groups())
            return f"{year:04d}-{month:02d}"
        return text

    def amount(self, text: str, column: str, path: str) -> Any:
        """A number with a decimal comma (245,50; 1.245,50) or point (245.50)."""
        compact = text.replace(" ", "").replace("\u20ac", "").replace("€", "")
        if not DECIMAL.fullmatch(compact):
            return text  # the schema says "verwacht getal"
        if "," in compact:
            whole, _sep, cents = compact.rpartition(",")
            if len(cents) == 3 and "." not in whole:
                self.guessed(path, column, f"'{text}' gelezen met een decimale komma: "
                             f"{whole}.{cents}")
            return float(f"{whole.replace('.', '')}.{cents}")
        if compact.count(".") == 1 and len(compact.rpartition(".")[2]) == 3:
            self.guessed(path, column, f"'{text}' gelezen met een decimale punt: {compact}")
        return float(compact) if "." in compact else int(compact)
