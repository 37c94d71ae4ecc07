"""Identifying data in an imported case, with the same detector as the forms
(``caseflow.privacy.checks``): a pseudonym that looks like a BSN, a date of birth, a phone
number, an e-mail address or a postcode is an error; the same in free text is a warning with
its JSON path (``cases[0].events[3].text: dit lijkt een BSN (…); caseflow bewaart geen BSN``),
shown by the dry run before anything is stored."""

from __future__ import annotations

from typing import Any

from caseflow.privacy.checks import import_pseudonym_problem, import_text_warnings

CASE_TEXTS = ("question", "current_situation")
ANALYSIS_TEXTS = (
    "question", "problems", "strengths", "hypotheses", "hypotheses_child", "hypotheses_family",
    "hypotheses_care", "working_theory", "goals", "scenarios",
)
ITEM_TEXTS = {
    "phases": ("reason",),
    "events": ("title", "text"),
    "decisions": ("text",),
    "placements": ("end_note",),
    "goals": ("description", "indicator"),
}


def _texts(case: dict[str, Any]) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = [(key, case.get(key)) for key in CASE_TEXTS]
    analysis = case.get("analysis")
    if isinstance(analysis, dict):
        found += [(f"analysis.{key}", analysis.get(key)) for key in ANALYSIS_TEXTS]
    for key, fields in ITEM_TEXTS.items():
        items = case.get(key)
        if not isinstance(items, list):
            continue
        for number, item in enumerate(items):
            if isinstance(item, dict):
                found += [(f"{key}[{number}].{name}", item.get(name)) for name in fields]
    return found


def identifier_issues(case: dict[str, Any]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(errors, warnings) as (path within the case, message)."""
    errors: list[tuple[str, str]] = []
    pseudonym = case.get("pseudonym")
    if isinstance(pseudonym, str):
        problem = import_pseudonym_problem(pseudonym)
        if problem:
            errors.append(("pseudonym", problem))
    warnings = [
        (path, message)
        for path, text in _texts(case)
        if isinstance(text, str)
        for message in import_text_warnings(text)
    ]
    return errors, warnings
