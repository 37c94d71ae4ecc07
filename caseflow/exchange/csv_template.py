"""The spreadsheet template: one CSV per entity (cases.csv, placements.csv, events.csv) in a folder
or a zip. It is turned into a ``caseflow-history/2`` document and goes through the same validator.

- cases.csv: one row per case; ``problem_areas`` separated by ``;``; ``phases`` as
  ``fase@JJJJ-MM-DD`` separated by ``;`` (closing: ``afgesloten@2024-05-01@afgerond``);
- placements.csv and events.csv: one row per item, ``ref`` says which case it belongs to.
Numbers and true/false are converted; anything else stays text, so the schema reports it.

What Excel makes of it in a Dutch locale is read as well: semicolons, a BOM, Dutch dates
(``14-03-2023``, ``03-2023`` for a month) and decimal commas, with a warning (file, row, column)
where the reading was a guess. Optional columns ``analysis_*`` (the analysis as far as the region
has it), ``tariff_kind``/``tariff_amount`` (the kind as a region spells it: ``csv_tariff``)
and ``x-*`` (kept as notes).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from caseflow.exchange import FORMAT, csv_tariff
from caseflow.exchange.files import FileProblem, csv_rows, decode, read_zip
from caseflow.exchange.legacy import closing_reason_values
from caseflow.exchange.positions import split_path
from caseflow.exchange.validator import MAX_BYTES, Issue, path_of, too_large
from caseflow.textsafety import spreadsheet_row

CASE_COLUMNS = [
    "ref",
    "pseudonym",
    "birth_year",
    "birth_month",
    "gemeente",
    "referrer",
    "referrer_organisation",
    "problem_areas",
    "question",
    "current_situation",
    "registered_on",
    "consent_retrospective",
    "phases",
    # Optional: the analysis as far as the region has it (only the date is required).
    "analysis_recorded_on",
    "analysis_question",
    "analysis_hypotheses",
]
PLACEMENT_COLUMNS = [
    "ref",
    "id",
    "type",
    "provider",
    "in_region",
    "start",
    "planned_end",
    "end",
    "ended",
    "end_reason",
    "end_note",
    "tariff_kind",
    "tariff_amount",
]
EVENT_COLUMNS = ["ref", "id", "on", "precision", "kind", "title", "text"]
FILES = {
    "cases.csv": CASE_COLUMNS,
    "placements.csv": PLACEMENT_COLUMNS,
    "events.csv": EVENT_COLUMNS,
}
EXAMPLE = {
    "cases.csv": [
        "GV-2023-0014",
        "Noor",
        "2009",
        "4",
        "Hilversum",
        "gi",
        "",
        "trauma;hechting",
        "Passende plek na vastgelopen gezinshuisplaatsing",
        "",
        "2023-01-10",
        "true",
        "aanmelding@2023-01-10;verklarende_analyse@2023-01-20",
        "2023-02-20",
        "Wat heeft Noor nodig om te kunnen blijven?",
        "Onveilige hechting; elke wisseling bevestigt dat volwassenen weggaan.",
    ],
    "placements.csv": [
        "GV-2023-0014",
        "p1",
        "gezinshuis",
        "Gezinshuis De Vlinder",
        "true",
        "2023-03-01",
        "",
        "2023-06-15",
        "onplanmatig",
        "crisis",
        "",
        "per_dag",
        "245.50",
    ],
    "events.csv": ["GV-2023-0014", "e1", "2023-05-01", "day", "crisis", "Crisis thuis", ""],
}
BOOLEANS = {"true": True, "waar": True, "ja": True, "false": False, "onwaar": False, "nee": False}


INTEGER = re.compile(r"-?[0-9]{1,9}")
CsvProblem = FileProblem  # the name the views and the CLI catch


def _value(column: str, text: str) -> Any:
    text = text.strip()
    # ASCII digits only, and not too many: str.isdigit() is true for "²" (int() refuses it)
    # and int() refuses more than 4300 digits; either would be a 500. Anything else stays
    # text, which the schema refuses as "verwacht geheel getal".
    if column in ("birth_year", "birth_month", "follow_up_weeks") and INTEGER.fullmatch(text):
        return int(text)
    if column in ("in_region", "consent_retrospective"):
        return BOOLEANS.get(text.lower(), text) if text else None
    return text


def _phases(text: str, read: Any = None) -> list[dict[str, Any]]:
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


def _filled(row: dict[str, Any]) -> bool:
    """Not a blank line (``;;;;`` from a spreadsheet's empty rows)."""
    return any(isinstance(v, str) and v.strip() for v in row.values())


def _rows(files: dict[str, str], name: str) -> list[tuple[int, dict[str, str]]]:
    text = files.get(name)
    if text is None:
        if name == "cases.csv":
            raise CsvProblem("cases.csv ontbreekt in het sjabloon")
        return []
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    rows = [
        (number, row)
        for number, row in enumerate(csv_rows(name, text, delimiter), start=2)
        if _filled(row)
    ]
    if name == "cases.csv" and not rows:
        raise CsvProblem(
            "cases.csv bevat geen casussen (het bestand is leeg of heeft alleen een kopregel); "
            "er is niets geïmporteerd"
        )
    return rows


def to_document(files: dict[str, str]) -> dict[str, Any]:
    return convert(files).document


@dataclass
class Converted:
    """A CSV template read into a document, with what was guessed (warnings) and, per JSON path
    of a case or an item, the file and row it came from (for errors)."""

    document: dict[str, Any]
    warnings: list[Issue] = field(default_factory=list)
    rows: dict[str, tuple[str, int]] = field(default_factory=dict)

    @property
    def raw(self) -> bytes:
        return json.dumps(self.document, ensure_ascii=False).encode()

    def locate(self, issues: list[Issue]) -> list[Issue]:
        """Each issue with its file, row and column ("cases.csv, regel 3, kolom phases")."""
        return [replace(issue, where=self.where(issue.path)) for issue in issues]

    def where(self, path: str) -> str | None:
        parts = split_path(path)
        for size in range(len(parts), 1, -1):
            found = self.rows.get(path_of(parts[:size]))
            if found:
                name, row = found
                column = _column_of(parts[size:])
                return f"{name}, regel {row}" + (f", kolom {column}" if column else "")
        return None


def _column_of(rest: tuple) -> str | None:
    if not rest:
        return None
    if rest[0] == "analysis" and len(rest) > 1:
        return f"analysis_{rest[1]}"
    if rest[0] == "tariff" and len(rest) > 1:
        return f"tariff_{rest[1]}"
    return str(rest[0])


def convert(files: dict[str, str]) -> Converted:
    out = Converted({"format": FORMAT, "cases": []})
    cases: list[dict[str, Any]] = out.document["cases"]
    by_ref: dict[str, tuple[int, dict[str, Any]]] = {}
    for number, row in _numbered(files, "cases.csv"):
        index = len(cases)
        where = f"cases[{index}]"
        out.rows[where] = ("cases.csv", number)
        read = _Reader(out, "cases.csv", number, where)
        case: dict[str, Any] = {}
        analysis: dict[str, Any] = {}
        for column, text in row.items():
            if column is None or not (text or "").strip():
                continue
            if column == "problem_areas":
                case[column] = [a.strip() for a in text.split(";") if a.strip()]
            elif column == "phases":
                case[column] = _phases(text, read)
            elif column.startswith(ANALYSIS_PREFIX):
                name = column[len(ANALYSIS_PREFIX):]
                analysis[name] = read.value(name, text, f"{where}.analysis.{name}")
            else:
                case[column] = read.value(column, text, f"{where}.{column}")
        case.setdefault("problem_areas", [])
        if analysis:
            case["analysis"] = analysis
        cases.append(case)
        by_ref.setdefault(str(case.get("ref", "")), (index, case))
    for name, key in (("placements.csv", "placements"), ("events.csv", "events")):
        for number, row in _numbered(files, name):
            ref = (row.get("ref") or "").strip()
            if ref not in by_ref:
                raise CsvProblem(f"{name} regel {number}: onbekende casus '{ref}' (kolom ref)")
            index, case = by_ref[ref]
            items = case.setdefault(key, [])
            where = f"cases[{index}].{key}[{len(items)}]"
            out.rows[where] = (name, number)
            read = _Reader(out, name, number, where)
            item: dict[str, Any] = {}
            tariff: dict[str, Any] = {}
            for column, text in row.items():
                if column in (None, "ref") or not (text or "").strip():
                    continue
                if column.startswith(TARIFF_PREFIX):
                    part = column[len(TARIFF_PREFIX):]
                    tariff[part] = read.value(column, text, f"{where}.tariff.{part}")
                else:
                    item[column] = read.value(column, text, f"{where}.{column}")
            if tariff:
                read.tariff_period(tariff, f"{where}.tariff")
                item["tariff"] = tariff
            items.append(item)
    return out


ANALYSIS_PREFIX = "analysis_"
TARIFF_PREFIX = "tariff_"
DATE_COLUMNS = {"registered_on", "start", "planned_end", "end", "on", "from", "until",
                "recorded_on"}
DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
DUTCH_MONTH = re.compile(r"(\d{1,2})[-/.](\d{4})")
DECIMAL = re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?|-?\d+(\.\d+)?")


class _Reader:
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
        return _value(column, text)

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


def _numbered(files: dict[str, str], name: str) -> list[tuple[int, dict[str, str]]]:
    return list(_rows(files, name))


def read_files(path: Path | bytes, limit: int = MAX_BYTES) -> dict[str, str]:
    """The CSVs of a folder, or of a zip (a path or the zip's bytes), or one CSV file; each
    decoded as UTF-8 (anything else is refused) and together within ``limit`` bytes."""
    if isinstance(path, Path) and (path.is_dir() or path.suffix.lower() == ".csv"):
        paths = sorted(path.glob("*.csv")) if path.is_dir() else [path]
        refused = too_large(sum(p.stat().st_size for p in paths), limit)
        if refused:
            raise CsvProblem(refused.message)
        # One CSV on its own is the cases, whatever its name (as on the upload page).
        single = not path.is_dir() and path.name not in FILES
        return {"cases.csv" if single else p.name: decode(p.name, p.read_bytes()) for p in paths}
    data = path.read_bytes() if isinstance(path, Path) else path
    return read_zip(data, limit)


def to_document_bytes(path: Path | bytes, limit: int = MAX_BYTES) -> bytes:
    return json.dumps(to_document(read_files(path, limit)), ensure_ascii=False).encode()


def convert_path(path: Path | bytes, limit: int = MAX_BYTES) -> Converted:
    """A folder, zip (path or bytes) or single CSV, converted with warnings and rows."""
    return convert(read_files(path, limit))


def convert_upload(name: str, data: bytes, limit: int = MAX_BYTES) -> Converted:
    """One uploaded CSV (taken as cases.csv), or a zip of the template's CSVs."""
    refused = too_large(len(data), limit)
    if refused:
        raise CsvProblem(refused.message)
    if name.lower().endswith(".zip"):
        return convert(read_zip(data, limit))
    return convert({"cases.csv": decode(name, data)})


def template_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, columns in FILES.items():
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(spreadsheet_row(columns))
            writer.writerow(spreadsheet_row(EXAMPLE[name]))
            archive.writestr(name, out.getvalue())
    return buffer.getvalue()


def csv_upload(name: str, data: bytes, limit: int = MAX_BYTES) -> bytes:
    """One uploaded CSV (taken as cases.csv) as a caseflow-history document."""
    refused = too_large(len(data), limit)
    if refused:
        raise CsvProblem(refused.message)
    return to_document_bytes_from({"cases.csv": decode(name, data)})


def to_document_bytes_from(files: dict[str, str]) -> bytes:
    return json.dumps(to_document(files), ensure_ascii=False).encode()
