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
import zipfile
from pathlib import Path
from typing import Any

from caseflow.exchange.csv_convert import Converted, convert
from caseflow.exchange.files import FileProblem, decode, read_zip
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


CsvProblem = FileProblem  # the name the views and the CLI catch


def to_document(files: dict[str, str]) -> dict[str, Any]:
    return convert(files).document


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
