"""Validate a ``caseflow-history`` document: the file's size, encoding and syntax, then the JSON
Schema (``document_check`` runs the checks case by case, ``case_check`` what a schema cannot
express: the phase graph, dates in order, overlapping placements, known gemeenten). Every problem
is an ``Issue`` with its JSON path and a Dutch message, e.g.
``cases[3].placements[1].end: eindigt vóór de start``; nothing stops at the first error."""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from caseflow.cases.workflow import Phase
from caseflow.exchange import FORMAT, FORMATS
from caseflow.exchange.files import MAX_DEPTH, json_depth
from caseflow.exchange.notes import without_notes
from caseflow.textsafety import clean_document

MAX_BYTES = 50 * 1000 * 1000
TYPE_NAMES = {
    "string": "tekst",
    "integer": "geheel getal",
    "number": "getal",
    "boolean": "true of false",
    "array": "lijst",
    "object": "object",
    "null": "null",
}


@dataclass(frozen=True)
class Issue:
    path: str
    message: str
    # Where in the file: the line of a JSON file, or "cases.csv, regel 3, kolom phases" for
    # the CSV template (not part of equality: the same problem wherever it was found).
    line: int | None = field(default=None, compare=False)
    where: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def located(self) -> str:
        """The issue with where it is in the file, for the CLI."""
        if self.where:
            return f"{self} ({self.where})"
        return f"{self} (regel {self.line})" if self.line else str(self)


@dataclass
class ExistingCase:
    """What the database already holds for a reference (used with ``--update``)."""

    case_id: int
    moves: list[tuple[Phase | None, Phase]]
    last_on: date
    item_ids: dict[str, set[str]]
    placements: list[tuple[str, date, date | None]]


@dataclass
class Context:
    """Lookups prefetched once for the whole file."""

    gemeenten: dict[str, int]  # lower-cased name -> id
    existing: dict[str, ExistingCase | None]  # reference -> existing case (None: not loaded)
    update: bool = False
    today: date = field(default_factory=date.today)


@dataclass
class Result:
    document: dict[str, Any] | None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def path_of(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "$"


@cache
def schema(tag: str = FORMAT) -> dict[str, Any]:
    number = tag.rsplit("/", 1)[-1] if tag in FORMATS else "1"
    source = resources.files("caseflow").joinpath(f"schemas/caseflow-history-{number}.schema.json")
    return json.loads(source.read_text(encoding="utf-8"))


def too_large(size: int, limit: int = MAX_BYTES) -> Issue | None:
    if size < limit:
        return None
    return Issue(
        "$",
        f"het bestand is te groot ({size / 1e6:.1f} MB); de grens is {limit / 1e6:.0f} MB. "
        "Splits het bestand in delen en importeer die na elkaar.",
    )


def parse(raw: bytes, *, limit: int = MAX_BYTES) -> Result:
    """Size, encoding, nesting depth, JSON syntax, the format tag and the characters of the
    text; nothing further if one of them fails. Bidi and zero-width characters are removed
    from every string (a warning with its path); control characters are refused."""
    refused = too_large(len(raw), limit)
    if refused:
        return Result(None, [refused])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = f"het bestand is geen UTF-8-tekst (regel {line}); sla het op als UTF-8"
        return Result(None, [Issue("$", message)])
    if not text.strip():
        return Result(None, [Issue("$", "het bestand is leeg; er is niets geïmporteerd")])
    depth = json_depth(raw)  # before json.loads, which would recurse as deep as the file
    if depth > MAX_DEPTH:
        message = f"het bestand is te diep genest ({depth} niveaus; hooguit {MAX_DEPTH})"
        return Result(None, [Issue("$", message)])
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"geen geldige JSON (regel {error.lineno}, kolom {error.colno}: {error.msg})"
        return Result(None, [Issue("$", message)])
    except ValueError:
        # Not a JSONDecodeError: an integer longer than sys.get_int_max_str_digits() (4300).
        message = (
            f"het bestand bevat een getal van meer dan {sys.get_int_max_str_digits()} cijfers; "
            "geen enkel veld van caseflow-history is zo lang"
        )
        return Result(None, [Issue("$", message)])
    except RecursionError:  # the depth scan should have caught it; never a 500 regardless
        return Result(None, [Issue("$", f"het bestand is te diep genest (hooguit {MAX_DEPTH})")])
    if not isinstance(document, dict):
        return Result(None, [Issue("$", "verwacht een JSON-object met 'format' en 'cases'")])
    tag = document.get("format")
    if tag not in FORMATS:
        return Result(None, [format_issue(tag)])
    return clean_text(document)


def format_issue(tag: Any) -> Issue:
    shown = "ontbreekt" if tag is None else f"is {json.dumps(tag, ensure_ascii=False)}"
    expected = " of ".join(f"'{known}'" for known in FORMATS)
    return Issue("format", f"het formaat {shown}; verwacht {expected}")


def clean_text(document: dict[str, Any]) -> Result:
    """The document with bidi/zero-width characters removed (warnings), or refused for
    control characters (errors), each with its JSON path."""
    cleaned, refused, removed = clean_document(document)
    if refused:
        return Result(None, [
            Issue(where, f"bevat een stuurteken ({code}) dat niet kan worden opgeslagen")
            for where, code in refused
        ])
    return Result(cleaned, warnings=[
        Issue(where, "onzichtbare tekens (richtings- of nulbreedtetekens) verwijderd")
        for where in removed
    ])


def _schema_message(error: Any) -> tuple[list[Any], str]:
    parts = list(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1]
        return [*parts, missing], "verplicht veld ontbreekt"
    if kind == "additionalProperties":
        extra = ", ".join(sorted(set(error.instance) - set(error.schema.get("properties", {}))))
        return parts, f"onbekend veld: {extra}"
    if kind == "type":
        expected = error.validator_value
        names = [TYPE_NAMES[t] for t in (expected if isinstance(expected, list) else [expected])]
        return parts, f"verkeerd type: verwacht {' of '.join(names)}"
    if kind == "enum":
        shown = json.dumps(error.instance, ensure_ascii=False)
        options = ", ".join(error.validator_value)
        return parts, f"onbekende waarde {shown}; kies uit: {options}"
    if kind == "pattern":
        if "\\d{4}-\\d{2}-\\d{2}" in error.validator_value:
            return parts, "geen geldige datum (JJJJ-MM-DD)"
        return parts, "ongeldige referentie (zoals GV-2023-0014)"
    if kind == "format":
        return parts, "geen bestaande datum"
    if kind in ("minimum", "maximum"):
        return parts, f"waarde {error.instance} ligt buiten het toegestane bereik"
    if kind == "minLength":
        return parts, "mag niet leeg zijn"
    if kind == "maxLength":
        return parts, f"te lang (hooguit {error.validator_value} tekens)"
    if kind == "minItems":
        return parts, "mag niet leeg zijn"
    if kind == "uniqueItems":
        return parts, "bevat dubbele waarden"
    if kind == "anyOf":
        best = [e for e in error.context if e.validator != "type" or e.validator_value != "null"]
        if best:
            return _schema_message(best[0])
    return parts, "ongeldige waarde"


def item_id(item: dict[str, Any], seen: set[str]) -> str:
    """The item's own ``id``, or a content hash: stable for the same content in a later file."""
    if item.get("id"):
        return str(item["id"])
    # Without its x- keys: a note added in a later file does not make the item a new one.
    canonical = json.dumps(without_notes(item), sort_keys=True, ensure_ascii=False)
    base = "h:" + hashlib.sha256(canonical.encode()).hexdigest()[:20]
    candidate, number = base, 1
    while candidate in seen:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@cache
def validators(tag: str | None) -> tuple[Draft202012Validator, Draft202012Validator]:
    """(the whole document without its cases, one case), for the file's version."""
    full = schema(tag if tag in FORMATS else FORMAT)
    checker = Draft202012Validator.FORMAT_CHECKER
    one_case = {"$schema": full["$schema"], "$defs": full["$defs"], "$ref": "#/$defs/case"}
    return (
        Draft202012Validator(full, format_checker=checker),
        Draft202012Validator(one_case, format_checker=checker),
    )


def schema_issues(
    validator: Draft202012Validator, instance: Any, prefix: tuple = ()
) -> tuple[list[Issue], set[tuple]]:
    """The schema's errors as Issues, and the paths (inside ``instance``) that are broken."""
    errors = list(validator.iter_errors(instance))
    badly_written = {tuple(e.absolute_path) for e in errors if e.validator == "pattern"}
    issues, broken = [], set()
    for error in errors:
        if error.validator == "format" and tuple(error.absolute_path) in badly_written:
            continue
        parts, message = _schema_message(error)
        issues.append(Issue(path_of([*prefix, *parts]), message))
        broken.add(tuple(error.absolute_path))
    return issues, broken
