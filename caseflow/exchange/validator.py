"""Validate a ``caseflow-history`` document: the JSON Schema first, then what a schema cannot
express (the phase graph of the state machine, dates in order, overlapping placements, known
gemeenten, unique references). Every problem is reported with its JSON path and a Dutch message,
e.g. ``cases[3].placements[1].end: eindigt vóór de start``; nothing stops at the first error."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from caseflow.cases.workflow import Phase, allowed_edges
from caseflow.core.dates import IMPORT_MESSAGES, date_problem
from caseflow.exchange import FORMAT, FORMATS
from caseflow.exchange import known as known_then
from caseflow.exchange.files import MAX_DEPTH, json_depth
from caseflow.exchange.identifiers import identifier_issues
from caseflow.exchange.notes import without_notes
from caseflow.outcome import exchange as outcome_exchange
from caseflow.textsafety import clean_document
from caseflow.timeline.models import OVERLAP_ALLOWED
from caseflow.timeline.placements import _overlaps

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


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


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


def validate(raw: bytes, context: Context, *, limit: int = MAX_BYTES) -> Result:
    result = parse(raw, limit=limit)
    if result.document is None:
        return result
    return validate_document(result.document, context)  # it warns of what it cleans, per case


def validate_document(document: dict[str, Any], context: Context) -> Result:
    """Every check over a document in memory (the importer streams: ``DocumentCheck``)."""
    check = DocumentCheck(context, document.get("format"))
    header = {k: v for k, v in document.items() if k != "cases"}
    cases = document.get("cases")
    check.header(header, has_cases=isinstance(cases, list), cases=cases)
    for index, case in enumerate(cases if isinstance(cases, list) else []):
        check.case(index, case)
    result = check.finish()
    result.document = document
    return result


@cache
def _validators(tag: str | None) -> tuple[Draft202012Validator, Draft202012Validator]:
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


LISTS = ("phases", "placements", "events", "members", "decisions", "goals", "evaluations")


def well_formed(case: dict[str, Any], broken: set[tuple]) -> dict[str, Any]:
    """A shallow copy of the case without its broken parts, for the semantic checks: a broken
    list item becomes None (the other items keep their index), a broken field is left out."""
    if not broken:
        return case
    view = dict(case)
    lists = {key: list(value) for key, value in case.items() if isinstance(value, list)}
    for path in broken:
        if not path:
            continue  # the case object itself (a missing field): its fields are still fine
        key = path[0]
        if key in LISTS and len(path) >= 2 and isinstance(path[1], int) and key in lists:
            lists[key][path[1]] = None
        else:
            view.pop(key, None)
            lists.pop(key, None)
    view.update({key: value for key, value in lists.items() if key in view})
    return view


class DocumentCheck:
    """The checks of a document fed to it a case at a time; ``finish`` sorts the errors by
    JSON path. A case the schema refuses in part still has its well-formed parts checked."""

    def __init__(self, context: Context, tag: str | None) -> None:
        self.context, self.tag = context, tag
        self.result = Result(None)
        self.first_seen: dict[str, int] = {}
        self.count = 0

    def header(self, header: dict[str, Any], *, has_cases: bool, cases: Any = None) -> None:
        """The top-level keys; ``cases`` is checked here only when it is not a list."""
        whole, _one = _validators(self.tag)
        shown = dict(header)
        if has_cases:
            shown["cases"] = []
        elif cases is not None:
            shown["cases"] = cases
        issues, _broken = schema_issues(whole, shown)
        if self.tag not in FORMATS:
            issues = [i for i in issues if i.path != "format"]
            issues.append(format_issue(self.tag))
        self.result.errors += issues

    def case(
        self,
        index: int,
        case: Any,
        *,
        locate: Callable[[list[Issue]], list[Issue]] | None = None,
    ) -> list[Issue]:
        """Check one case; returns its errors (also kept for ``finish``). ``locate`` may add
        to each issue where it is in the file."""
        from caseflow.exchange.legacy import normalise_case

        path = f"cases[{index}]"
        self.count += 1
        errors: list[Issue] = []
        warnings: list[Issue] = []
        if isinstance(case, dict):
            cleaned = clean_text(case)
            errors += [Issue(f"{path}.{i.path}", i.message) for i in cleaned.errors]
            warnings += [Issue(f"{path}.{i.path}", i.message) for i in cleaned.warnings]
            warnings += normalise_case(case, path)
            found, warned = identifier_issues(case)
            errors += [Issue(f"{path}.{where}", message) for where, message in found]
            warnings += [Issue(f"{path}.{where}", message) for where, message in warned]
        _whole, one = _validators(self.tag)
        issues, broken = schema_issues(one, case, ("cases", index))
        errors += issues
        if isinstance(case, dict):
            view = well_formed(case, broken)
            before = len(self.result.errors)
            CaseCheck(view, path, self.context, self.result).run()
            errors += self.result.errors[before:]
            del self.result.errors[before:]
            ref = case.get("ref")
            if isinstance(ref, str):
                if ref in self.first_seen:
                    errors.append(Issue(
                        f"{path}.ref",
                        f"komt al eerder voor in dit bestand (cases[{self.first_seen[ref]}])",
                    ))
                self.first_seen.setdefault(ref, index)
        if locate and (errors or warnings):
            errors, warnings = locate(errors), locate(warnings)
        self.result.errors += errors
        self.result.warnings += warnings
        return errors

    def finish(self, *, has_cases: bool = True) -> Result:
        if has_cases and not self.count:
            self.result.errors.append(Issue("cases", "het bestand bevat geen casussen"))
        self.result.errors.sort(key=lambda issue: _sort_key(issue.path))
        return self.result


def _before(day: date, previous: date, entry: dict[str, Any], previous_precision: Any) -> bool:
    """Whether a phase lies before the previous one; when either is known only by its month,
    the same month is not "before" (a month is stored as its first day)."""
    if "month" in (entry.get("precision"), previous_precision):
        return (day.year, day.month) < (previous.year, previous.month)
    return day < previous


def history_date_issue(
    case: dict[str, Any], day: date, today: date, *, future: bool = True
) -> str | None:
    """The one date rule (``caseflow.core.dates``) for a date of the case in the document:
    not before its birth year, not in the future."""
    birth_year = case.get("birth_year")
    problem = date_problem(
        day, birth_year if isinstance(birth_year, int) else None, today=today, future=future
    )
    return IMPORT_MESSAGES[problem] if problem else None


def _sort_key(path: str) -> tuple:
    parts = [p for p in re.split(r"[\[\].]+", path) if p]
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


class CaseCheck:
    """The semantic checks of one case whose shape the schema accepted."""

    def __init__(self, case: dict[str, Any], path: str, context: Context, result: Result) -> None:
        self.case, self.path, self.context, self.result = case, path, context, result
        ref = case.get("ref")
        self.existing = context.existing.get(ref) if isinstance(ref, str) else None

    def error(self, path: str, message: str) -> None:
        self.result.errors.append(Issue(f"{self.path}.{path}", message))

    def retired_gemeente(self) -> None:
        """Herindeling: a retired gemeente's name is mapped to its successor, with a warning."""
        named = self.case.get("gemeente")
        successor = getattr(self.context.gemeenten, "retired", {}).get(
            named.strip().lower() if isinstance(named, str) else None
        )
        if successor:
            self.result.warnings.append(Issue(
                f"{self.path}.gemeente",
                f"gemeente '{named}' is opgeheven (herindeling); de casus is ingelezen onder "
                f"de opvolger '{successor}'",
            ))

    def date(self, path: str, value: str | None, *, not_future: bool = True) -> date | None:
        if value is None:
            return None
        day = _day(value)
        if day is None:
            self.error(path, "geen bestaande datum")
        else:
            problem = history_date_issue(self.case, day, self.context.today, future=not_future)
            if problem:
                self.error(path, problem)
        return day

    def run(self) -> None:
        case = self.case
        if "ref" in case and case["ref"] in self.context.existing and not self.context.update:
            self.error(
                "ref",
                "bestaat al in caseflow; importeer met --update om alleen nieuwe onderdelen toe "
                "te voegen",
            )
        if "gemeente" in case and case["gemeente"].strip().lower() not in self.context.gemeenten:
            self.error("gemeente", f"onbekende gemeente '{case['gemeente']}' (niet in de lijst)")
        self.retired_gemeente()
        self.date("registered_on", case.get("registered_on"))
        if "phases" in case:
            self.phases()
        self.placements()
        for key in ("events", "members", "decisions"):
            for number, item in enumerate(case.get(key, [])):
                if item is not None:
                    self.item_dates(key, number, item)
        if case.get("analysis"):
            self.date("analysis.recorded_on", case["analysis"]["recorded_on"])
        known_then.check_case(self)
        outcome_exchange.check_case(self)
        self.ids()

    def new_items(self, kind: str, items: list[dict[str, Any]]) -> list[tuple[int, dict]]:
        """With --update: only the items whose id the existing case does not know yet."""
        known = self.existing.item_ids.get(kind, set()) if self.existing else set()
        seen: set[str] = set()
        fresh = []
        for number, item in enumerate(items):
            if item is None:  # refused by the schema: not checked further
                continue
            key = item_id(item, seen)
            seen.add(key)
            if key not in known:
                fresh.append((number, item))
        return fresh

    def phases(self) -> None:
        phases = self.case["phases"]
        edges = allowed_edges()
        current = self.existing.moves[-1][1] if self.existing else None
        previous_day = self.existing.last_on if self.existing else None
        previous_precision = None
        entries = self.new_items("phase", phases) if self.existing else list(enumerate(phases))
        for number, entry in entries:
            if entry is None:
                break  # after a phase the schema refused, the order cannot be checked
            where = f"phases[{number}]"
            target = Phase(entry["phase"])
            if current is None and target is not Phase.AANMELDING:
                self.error(f"{where}.phase", "een casus begint met de fase 'aanmelding'")
            elif current is not None and (current, target) not in edges:
                self.error(
                    f"{where}.phase",
                    f"van '{current}' naar '{target}' is geen toegestane stap in de fasen",
                )
            day = self.date(f"{where}.on", entry["on"])
            if day and previous_day and _before(day, previous_day, entry, previous_precision):
                self.error(f"{where}.on", "ligt vóór de vorige fase")
            closing = entry.get("closing_reason")
            if target is Phase.AFGESLOTEN and not closing:
                self.error(f"{where}.closing_reason", "verplicht bij afsluiten")
            if target is not Phase.AFGESLOTEN and closing:
                self.error(f"{where}.closing_reason", "hoort alleen bij de fase 'afgesloten'")
            current = target
            if day:
                previous_day, previous_precision = day, entry.get("precision")

    def placements(self) -> None:
        placed: list[tuple[str, str, date, date | None]] = []
        if self.existing:
            placed = [("bestaande plaatsing", t, s, e) for t, s, e in self.existing.placements]
            entries = self.new_items("placement", self.case.get("placements", []))
        else:
            entries = list(enumerate(self.case.get("placements", [])))
        for number, item in entries:
            if item is None:
                continue
            where = f"placements[{number}]"
            start = self.date(f"{where}.start", item["start"])
            end = self.date(f"{where}.end", item.get("end"))
            planned = self.date(f"{where}.planned_end", item.get("planned_end"), not_future=False)
            if start and end and end < start:
                self.error(f"{where}.end", "eindigt vóór de start")
            if start and planned and planned < start:
                self.error(f"{where}.planned_end", "ligt vóór de start")
            if item.get("end") and not item.get("ended"):
                self.error(f"{where}.ended", "verplicht als er een einddatum is")
            if item.get("ended") and not item.get("end"):
                self.error(f"{where}.end", "verplicht als 'ended' is ingevuld")
            if item.get("ended") == "onplanmatig" and not item.get("end_reason"):
                self.error(f"{where}.end_reason", "verplicht bij een onplanmatig einde")
            if item.get("end_reason") and item.get("ended") != "onplanmatig":
                self.error(f"{where}.end_reason", "hoort alleen bij een onplanmatig einde")
            if start is None or (end is not None and end < start):
                continue
            if item["type"] not in OVERLAP_ALLOWED:
                for label, other_type, other_start, other_end in placed:
                    if other_type in OVERLAP_ALLOWED:
                        continue
                    if _overlaps(other_start, other_end, start, end):
                        self.error(
                            f"{where}.start",
                            f"overlapt met {label} ({other_type} vanaf {other_start}); alleen "
                            "kortdurend verblijf mag overlappen",
                        )
                        break
            placed.append((f"placements[{number}]", item["type"], start, end))

    def item_dates(self, key: str, number: int, item: dict[str, Any]) -> None:
        where = f"{key}[{number}]"
        if key == "members":
            since = self.date(f"{where}.from", item["from"])
            until = self.date(f"{where}.until", item.get("until"), not_future=False)
            if since and until and until < since:
                self.error(f"{where}.until", "eindigt vóór de start")
        else:
            self.date(f"{where}.on", item["on"])

    def ids(self) -> None:
        for key in ("phases", "placements", "events", "members", "decisions", "goals"):
            seen: dict[str, int] = {}
            for number, item in enumerate(self.case.get(key, [])):
                if item is None or "id" not in item:
                    continue
                if item["id"] in seen:
                    self.error(f"{key}[{number}].id", f"komt al voor bij {key}[{seen[item['id']]}]")
                seen.setdefault(item["id"], number)
