"""Titles caseflow writes on a timeline, shown in the reader's language.

A system event keeps its title as a message id and values (``title_msgid``, ``title_values``) next
to the Dutch text in ``title``, which exports, retrospective copies and the audit read. A value
made with ``caseflow.cases.events.term`` is a vocabulary code (a phase, a placement type) and is
looked up in that label set when the title is shown, so it follows the reader's language too.
Rows written before the message ids (or by writers that still pass plain text) show ``title``.
A description caseflow wrote ("binnen de regio") works the same way with ``description_msgid``
and ``description_values`` next to the Dutch ``description``; one a person typed has no msgid.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import force_locale, gettext

from caseflow.cases.events import term
from caseflow.cases.workflow import N_
from caseflow.core.labels import LABEL_SETS

TITLE_MAX = 200


def _value(value: Any) -> Any:
    if isinstance(value, Mapping) and set(value) == {"term", "code"}:
        labels = LABEL_SETS.get(str(value["term"]))
        return str(labels(value["code"])) if labels is not None else value["code"]
    return value


def render_title(msgid: str, values: Mapping[str, Any] | None) -> str:
    """``msgid`` with ``values`` in the current locale."""
    text = gettext(msgid)
    if not values:
        return text
    return text % {key: _value(value) for key, value in values.items()}


def dutch_text(msgid: str, values: Mapping[str, Any] | None) -> str:
    """The stored text: in the region's language, whoever is signed in."""
    with force_locale("nl"):
        return render_title(msgid, values)


def dutch_title(msgid: str, values: Mapping[str, Any] | None) -> str:
    return dutch_text(msgid, values)[:TITLE_MAX]


def _display(event: Any, field: str) -> str:
    msgid = getattr(event, f"{field}_msgid", None)
    if not msgid:
        return getattr(event, field)
    try:
        return render_title(msgid, getattr(event, f"{field}_values", None))
    except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
        return getattr(event, field)


def display_title(event: Any) -> str:
    """What a reader sees as the title of an event (a model, or a row with the same fields)."""
    return _display(event, "title")


def display_description(event: Any) -> str:
    """What a reader sees as the description of an event (a model, or a row with its fields)."""
    return _display(event, "description")


def region_description(in_region: bool) -> Title:
    """The description of a placement's start event."""
    return (N_("binnen de regio") if in_region else N_("buiten de regio")), {}


Title = tuple[str, dict[str, Any]]


def placement_start_title(placement: Any) -> Title:
    return N_("Plaatsing gestart: %(type)s (%(provider)s)"), {
        "type": term("placement_label", placement.type),
        "provider": placement.provider_name,
    }


def placement_end_title(placement: Any) -> Title:
    values = {
        "type": term("placement_label", placement.type),
        "provider": placement.provider_name,
    }
    if placement.ending != "onplanmatig":
        return N_("Plaatsing beëindigd (volgens plan): %(type)s (%(provider)s)"), values
    values["reason"] = term("end_reason_label", placement.end_reason)
    return N_("Plaatsing beëindigd (onplanmatig: %(reason)s): %(type)s (%(provider)s)"), values
