"""A pseudonymised export: every free text through the de-identification engine, ids renumbered."""

from __future__ import annotations

from typing import Any

from caseflow.cases.models import Case
from caseflow.exchange.export_items import ANALYSIS_FIELDS

# Free-text fields of the format: these go through the de-identification engine. Codes, dates,
# ids and the structured organisation fields stay as they are (organisations are the region's).
FREE_TEXT = frozenset(
    {
        "question",
        "current_situation",
        "reason",
        "closing_reason",
        "text",
        "title",
        "end_note",
        "retracted_reason",
        "description",
        "indicator",
        "view",
        "professionals",
        "note",
        # a search's free texts (the school's name may say where the child lives)
        "needs_note",
        "weighing",
        "network_contact",
        "werving_note",
        "close_note",
        "refusal_other",
        "closed_basis",
        "school",
        *(name for name in ANALYSIS_FIELDS if name != "behavioural_scientist_involved"),
    }
)


def pseudonymised(document: dict[str, Any], case: Case, number: int) -> dict[str, Any]:
    """Pseudonym, reference and item ids replaced; every free text through the engine (the
    case's pseudonym, every account, member, organisation and gemeente of the region replaced by
    a role or kind label, and whatever deduce finds replaced by its label: nobody checks an
    export, so nothing is left open). Dates, identifiers and organisation fields stay."""
    from caseflow.privacy.engine import get_deidentifier
    from caseflow.privacy.known import region_known_names

    engine = get_deidentifier()
    known = region_known_names(case=case, session_pseudonym=f"Jeugdige {number}")

    def mask(value: Any, key: str | None = None) -> Any:
        if isinstance(value, str):
            return engine.deidentify(value, known).text if key in FREE_TEXT else value
        if isinstance(value, list):
            return [mask(v, key) for v in value]
        if isinstance(value, dict):
            return {k: (v if k in ("id", "ref") else mask(v, k)) for k, v in value.items()}
        return value

    masked = mask(document)
    renamed: dict[str, str] = {}
    for key in ("phases", "decisions", "placements", "events", "members", "searches"):
        for index, item in enumerate(masked.get(key) or [], start=1):  # ids carry the reference
            renamed[f"{key}:{item.get('id')}"] = f"{key[0]}{index}"
            item["id"] = f"{key[0]}{index}"
    for search in masked.get("searches") or []:  # it names its placement by the placement's id
        if search.get("placement"):
            search["placement"] = renamed.get(f"placements:{search['placement']}")
    if masked["analysis"]:
        masked["analysis"]["id"] = "a1"
    masked["pseudonym"] = f"Jeugdige {number}"
    masked["ref"] = f"PS-{case.registered_on.year}-{number:04d}"
    return masked
