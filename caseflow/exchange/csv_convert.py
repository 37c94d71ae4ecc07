"""The template's CSV rows read into a caseflow-history document, remembering the file and row
of each case and item."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from caseflow.exchange import FORMAT
from caseflow.exchange.csv_cells import CellReader, phases_of
from caseflow.exchange.files import FileProblem, csv_rows
from caseflow.exchange.positions import split_path
from caseflow.exchange.validator import Issue, path_of


def _filled(row: dict[str, Any]) -> bool:
    """Not a blank line (``;;;;`` from a spreadsheet's empty rows)."""
    return any(isinstance(v, str) and v.strip() for v in row.values())


def _rows(files: dict[str, str], name: str) -> list[tuple[int, dict[str, str]]]:
    text = files.get(name)
    if text is None:
        if name == "cases.csv":
            raise FileProblem("cases.csv ontbreekt in het sjabloon")
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
        raise FileProblem(
            "cases.csv bevat geen casussen (het bestand is leeg of heeft alleen een kopregel); "
            "er is niets geïmporteerd"
        )
    return rows


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
        read = CellReader(out, "cases.csv", number, where)
        case: dict[str, Any] = {}
        analysis: dict[str, Any] = {}
        for column, text in row.items():
            if column is None or not (text or "").strip():
                continue
            if column == "problem_areas":
                case[column] = [a.strip() for a in text.split(";") if a.strip()]
            elif column == "phases":
                case[column] = phases_of(text, read)
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
                raise FileProblem(f"{name} regel {number}: onbekende casus '{ref}' (kolom ref)")
            index, case = by_ref[ref]
            items = case.setdefault(key, [])
            where = f"cases[{index}].{key}[{len(items)}]"
            out.rows[where] = (name, number)
            read = CellReader(out, name, number, where)
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


def _numbered(files: dict[str, str], name: str) -> list[tuple[int, dict[str, str]]]:
    return list(_rows(files, name))
