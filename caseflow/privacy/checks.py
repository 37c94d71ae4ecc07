"""Identifying data kept out at the door (AVG, data minimisation): caseflow stores no BSN, no full
date of birth, no contact details and no address.

One detector (``patterns.detect_identifiers``, the same one the retrospective pseudonymiser's
pattern layer uses) decides; this module only says what to do with what it finds:

- a **pseudonym** holding any identifier (or any date: a pseudonym with a date in it is a date of
  birth) is refused — ``pseudonym_problem``;
- **free text** (the question, events, analysis, decisions, annotations) gets a warning per
  finding that the user must confirm before it is stored — ``text_warnings``; the importer
  reports the same findings with their JSON path — ``import_text_warnings``.

A URL is not warned about: a link to a protocol or a website identifies nobody. Pure (no
database, no models), so intake, timeline and the importer can import it without cycles.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

from caseflow.privacy.patterns import detect_identifiers
from caseflow.privacy.spans import Span

WARNED_KINDS = (
    "bsn", "telefoonnummer", "emailadres", "postcode", "adres", "iban", "geboortedatum",
)
# Any date in a pseudonym: "Sam 03-04-2012", "Sam 3 april 2012", "Sam 2012-04-03".
_DATE_IN_NAME = re.compile(
    r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b(?:19|20)\d{2}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober"
    r"|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?\s+(?:19|20)\d{2}\b",
    re.I,
)

# What the importer writes after the JSON path (Dutch, whatever the UI language).
IMPORT_MESSAGES = {
    "bsn": "dit lijkt een BSN ({found}); caseflow bewaart geen BSN",
    "telefoonnummer": "dit lijkt een telefoonnummer ({found}); caseflow bewaart geen "
    "contactgegevens",
    "emailadres": "dit lijkt een e-mailadres ({found}); caseflow bewaart geen contactgegevens",
    "postcode": "dit lijkt een postcode ({found}); caseflow bewaart geen adressen",
    "adres": "dit lijkt een adres ({found}); caseflow bewaart geen adressen",
    "iban": "dit lijkt een rekeningnummer ({found}); caseflow bewaart geen rekeningnummers",
    "geboortedatum": "dit lijkt een geboortedatum ({found}); caseflow bewaart alleen "
    "geboortejaar en -maand",
}


def findings(text: str | None) -> list[Span]:
    """The identifiers in ``text`` that caseflow does not store."""
    return [s for s in detect_identifiers(text or "") if s.kind in WARNED_KINDS]


def _dates(text: str) -> list[Span]:
    return [
        Span(m.start(), m.end(), m.group(), "geboortedatum", "[geboortedatum]", False, "pattern")
        for m in _DATE_IN_NAME.finditer(text)
    ]


def message(span: Span) -> str:
    """The warning for one finding, translated (shown next to the field)."""
    found = span.text
    messages = {
        "bsn": _("Dit lijkt een BSN (%(found)s); caseflow bewaart geen BSN.", found=found),
        "telefoonnummer": _(
            "Dit lijkt een telefoonnummer (%(found)s); caseflow bewaart geen contactgegevens.",
            found=found,
        ),
        "emailadres": _(
            "Dit lijkt een e-mailadres (%(found)s); caseflow bewaart geen contactgegevens.",
            found=found,
        ),
        "postcode": _(
            "Dit lijkt een postcode (%(found)s); caseflow bewaart geen adressen.", found=found
        ),
        "adres": _("Dit lijkt een adres (%(found)s); caseflow bewaart geen adressen.", found=found),
        "iban": _(
            "Dit lijkt een rekeningnummer (%(found)s); caseflow bewaart geen rekeningnummers.",
            found=found,
        ),
        "geboortedatum": _(
            "Dit lijkt een geboortedatum (%(found)s); caseflow bewaart alleen geboortejaar en "
            "-maand.",
            found=found,
        ),
    }
    return messages[span.kind]


def text_warnings(text: str | None) -> list[str]:
    """One translated warning per identifier found in free text."""
    return [message(span) for span in findings(text)]


def pseudonym_findings(pseudonym: str | None) -> list[Span]:
    text = pseudonym or ""
    found = findings(text)
    return found or _dates(text)


def pseudonym_problem(pseudonym: str | None) -> str | None:
    """Why a pseudonym is refused (translated), or None."""
    found = pseudonym_findings(pseudonym)
    if not found:
        return None
    advice = _("Vul alleen een roepnaam of pseudoniem in.")
    return f"{message(found[0])} {advice}"


def import_message(span: Span) -> str:
    return IMPORT_MESSAGES[span.kind].format(found=span.text)


def import_text_warnings(text: str | None) -> list[str]:
    return [import_message(span) for span in findings(text)]


def import_pseudonym_problem(pseudonym: str | None) -> str | None:
    found = pseudonym_findings(pseudonym)
    if not found:
        return None
    return f"{import_message(found[0])}; vul alleen een roepnaam of pseudoniem in"
