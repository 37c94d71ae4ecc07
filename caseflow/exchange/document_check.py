"""The checks of a whole document, fed a case at a time: schema, cleaning, semantic checks and
unique references; ``finish`` sorts the errors by JSON path."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from caseflow.exchange import FORMATS
from caseflow.exchange.case_check import CaseCheck
from caseflow.exchange.identifiers import identifier_issues
from caseflow.exchange.validator import (
    MAX_BYTES,
    Context,
    Issue,
    Result,
    clean_text,
    format_issue,
    parse,
    schema_issues,
    validators,
)


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


LISTS = (
    "phases",
    "placements",
    "events",
    "members",
    "decisions",
    "goals",
    "evaluations",
    "searches",
)


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
        whole, _one = validators(self.tag)
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
        _whole, one = validators(self.tag)
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
                    errors.append(
                        Issue(
                            f"{path}.ref",
                            f"komt al eerder voor in dit bestand (cases[{self.first_seen[ref]}])",
                        )
                    )
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


def _sort_key(path: str) -> tuple:
    parts = [p for p in re.split(r"[\[\].]+", path) if p]
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)
