"""What the format documents beside its canonical shape, read into that shape before validation.

- A closing phase's ``reason`` is its closing reason when ``closing_reason`` is absent (issue 10
  documented it so): a value of the closing-reason list (or its Dutch label) becomes the reason;
  free text stays the move's note (its ``reason``) and the reason becomes ``overig``, with a
  warning.
- A month (``JJJJ-MM``) for a phase, an analysis or an event is the first of that month with
  precision ``month``.
- Keys under an ``x-`` prefix are the sender's own: the schema lets them through, and
  ``notes.notes_of`` collects them so the import keeps them as notes of the case.

Everything here works on one case at a time (the importer streams cases).
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import force_locale

from caseflow.cases.vocab import CLOSING_REASON_LABELS, ClosingReason
from caseflow.exchange.validator import Issue

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def closing_reason_values() -> dict[str, str]:
    """Lower-cased value or Dutch label -> the list value."""
    with force_locale("nl"):
        known = {str(label).lower(): str(value) for value, label in CLOSING_REASON_LABELS.items()}
    known.update({str(value): str(value) for value in ClosingReason})
    known.update({str(value).replace("_", " "): str(value) for value in ClosingReason})
    return known


def _month(item: dict[str, Any], key: str) -> None:
    value = item.get(key)
    if isinstance(value, str) and MONTH.match(value.strip()):
        item[key] = value.strip() + "-01"
        item.setdefault("precision", "month")


def normalise_case(case: Any, path: str) -> list[Issue]:
    """Rewrite one case in place into the canonical shape; warnings for what was guessed."""
    warnings: list[Issue] = []
    if not isinstance(case, dict):
        return warnings
    phases = case.get("phases")
    previous = ""
    for number, entry in enumerate(phases if isinstance(phases, list) else []):
        if not isinstance(entry, dict):
            continue
        _month(entry, "on")
        on = entry.get("on")
        if isinstance(on, str) and len(on) == 10:
            # A month stands for its first day, but never before the step before it in the
            # same month: the history replays in order of date.
            if entry.get("precision") == "month" and on[:7] == previous[:7] and on < previous:
                entry["on"] = on = previous
            previous = on
        if entry.get("phase") == "afgesloten" and not entry.get("closing_reason"):
            warnings += _closing_from_reason(entry, f"{path}.phases[{number}]")
    analysis = case.get("analysis")
    if isinstance(analysis, dict):
        _month(analysis, "recorded_on")
    events = case.get("events")
    for entry in events if isinstance(events, list) else []:
        if isinstance(entry, dict):
            _month(entry, "on")
    return warnings


def _closing_from_reason(entry: dict[str, Any], where: str) -> list[Issue]:
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        return []  # nothing to read it from: the validator says "verplicht bij afsluiten"
    value = closing_reason_values().get(reason.strip().lower().rstrip("."))
    if value:
        entry["closing_reason"] = value
        entry["reason"] = ""
        return []
    entry["closing_reason"] = ClosingReason.OVERIG.value
    return [
        Issue(
            f"{where}.reason",
            f"'{reason.strip()[:60]}' is geen reden van afsluiten uit de lijst; opgeslagen als "
            "reden 'overig' met deze tekst als toelichting",
        )
    ]
