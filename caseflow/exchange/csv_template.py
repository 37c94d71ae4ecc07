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
import zipfile
from pathlib import Path
from typing import Any

from caseflow.exchange import FORMAT

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


class CsvProblem(ValueError):
    pass


def _value(column: str, text: str) -> Any:
    text = text.strip()
    if column in ("birth_year", "birth_month", "follow_up_weeks") and text.lstrip("-").isdigit():
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


def _rows(files: dict[str, str], name: str) -> list[dict[str, str]]:
    text = files.get(name)
    if text is None:
        if name == "cases.csv":
            raise CsvProblem("cases.csv ontbreekt in het sjabloon")
        return []
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


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


def read_files(path: Path | bytes) -> dict[str, str]:
    """The CSVs of a folder, or of a zip (a path or the zip's bytes)."""
    if isinstance(path, Path) and path.is_dir():
        return {p.name: p.read_text(encoding="utf-8-sig") for p in path.glob("*.csv")}
    if isinstance(path, Path) and path.suffix.lower() == ".csv":
        return {path.name: path.read_text(encoding="utf-8-sig")}
    data = path.read_bytes() if isinstance(path, Path) else path
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {
                Path(info.filename).name: archive.read(info).decode("utf-8-sig")
                for info in archive.infolist()
                if info.filename.lower().endswith(".csv") and info.file_size < 60_000_000
            }
    except (zipfile.BadZipFile, UnicodeDecodeError) as error:
        raise CsvProblem(f"het zip-bestand kan niet gelezen worden ({error})") from error


def to_document_bytes(path: Path | bytes) -> bytes:
    return json.dumps(to_document(read_files(path)), ensure_ascii=False).encode()


def template_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, columns in FILES.items():
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(columns)
            writer.writerow(EXAMPLE[name])
            archive.writestr(name, out.getvalue())
    return buffer.getvalue()


def to_document_bytes_from(files: dict[str, str]) -> bytes:
    return json.dumps(to_document(files), ensure_ascii=False).encode()
