"""The spreadsheet template: one CSV per entity (cases.csv, placements.csv, events.csv) in a folder
or a zip. It is turned into a ``caseflow-history/1`` document and goes through the same validator.

- cases.csv: one row per case; ``problem_areas`` separated by ``;``; ``phases`` as
  ``fase@JJJJ-MM-DD`` separated by ``;`` (closing: ``afgesloten@2024-05-01@afgerond``);
- placements.csv and events.csv: one row per item, ``ref`` says which case it belongs to.
Numbers and true/false are converted; anything else stays text, so the schema reports it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

from caseflow.exchange import FORMAT
from caseflow.exchange.files import FileProblem, csv_rows, decode, read_zip
from caseflow.exchange.validator import MAX_BYTES, too_large
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


def _phases(text: str) -> list[dict[str, Any]]:
    phases = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        pieces = part.split("@")
        entry: dict[str, Any] = {"phase": pieces[0].strip()}
        entry["on"] = pieces[1].strip() if len(pieces) > 1 else ""
        if len(pieces) > 2:
            entry["closing_reason"] = pieces[2].strip()
        phases.append(entry)
    return phases


def _filled(row: dict[str, Any]) -> bool:
    """Not a blank line (``;;;;`` from a spreadsheet's empty rows)."""
    return any(isinstance(v, str) and v.strip() for v in row.values())


def _rows(files: dict[str, str], name: str) -> list[dict[str, str]]:
    text = files.get(name)
    if text is None:
        if name == "cases.csv":
            raise CsvProblem("cases.csv ontbreekt in het sjabloon")
        return []
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    rows = [row for row in csv_rows(name, text, delimiter) if _filled(row)]
    if name == "cases.csv" and not rows:
        raise CsvProblem(
            "cases.csv bevat geen casussen (het bestand is leeg of heeft alleen een kopregel); "
            "er is niets geïmporteerd"
        )
    return rows


def to_document(files: dict[str, str]) -> dict[str, Any]:
    cases: list[dict[str, Any]] = []
    by_ref: dict[str, dict[str, Any]] = {}
    for row in _rows(files, "cases.csv"):
        case: dict[str, Any] = {}
        for column, text in row.items():
            if column is None or not (text or "").strip():
                continue
            if column == "problem_areas":
                case[column] = [a.strip() for a in text.split(";") if a.strip()]
            elif column == "phases":
                case[column] = _phases(text)
            else:
                case[column] = _value(column, text)
        case.setdefault("problem_areas", [])
        cases.append(case)
        by_ref.setdefault(str(case.get("ref", "")), case)
    for name, key in (("placements.csv", "placements"), ("events.csv", "events")):
        for number, row in enumerate(_rows(files, name), start=2):
            ref = (row.get("ref") or "").strip()
            if ref not in by_ref:
                raise CsvProblem(f"{name} regel {number}: onbekende casus '{ref}' (kolom ref)")
            item = {
                c: _value(c, t)
                for c, t in row.items()
                if c not in (None, "ref") and (t or "").strip()
            }
            by_ref[ref].setdefault(key, []).append(item)
    return {"format": FORMAT, "cases": cases}


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
    """One uploaded CSV (taken as cases.csv) as a caseflow-history/1 document."""
    refused = too_large(len(data), limit)
    if refused:
        raise CsvProblem(refused.message)
    return to_document_bytes_from({"cases.csv": decode(name, data)})


def to_document_bytes_from(files: dict[str, str]) -> bytes:
    return json.dumps(to_document(files), ensure_ascii=False).encode()
