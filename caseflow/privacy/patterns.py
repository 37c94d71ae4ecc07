"""Cheap, certain identifier patterns: BSN (11-proef), phone, e-mail, URL, postcode, street address
with house number, IBAN and a date of birth. No deduce, no database: intake forms can warn with it.

Each match is certain enough to be replaced without asking anyone (``source='pattern'``).
"""

from __future__ import annotations

import re

from caseflow.privacy.spans import Span

LABELS = {
    "bsn": "[bsn]",
    "telefoonnummer": "[telefoonnummer]",
    "emailadres": "[e-mailadres]",
    "url": "[url]",
    "postcode": "[postcode]",
    "adres": "[adres]",
    "iban": "[rekeningnummer]",
    "geboortedatum": "[geboortedatum]",
}

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
_URL = re.compile(r"(?<![\w@])(?:https?://|www\.)[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]", re.I)
# Nine digits, optionally grouped 3-3-3 or 4-2-3 by dots or spaces; the 11-proef decides.
_BSN = re.compile(
    r"(?<![\d\w.-])(\d{3}[. ]?\d{3}[. ]?\d{3}|\d{4}[. ]\d{2}[. ]\d{3})(?![\d\w]|[.-]\d)"
)
# Dutch phone numbers: 06-12345678, 06 1234 5678, 010-1234567, 0318 123 456, +31 6 12345678,
# 0031 (0)6 ..., 088-1234567, 0800-1234. Ten digits after the leading 0 (or after +31: nine).
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31[\s.-]?(?:\(0\)[\s.-]?)?|0)"
    r"(?:[1-9](?:[\s.-]?\d){8})(?![\d\w])"
    r"|(?<![\w])0800[\s.-]?\d{4}(?![\d\w])"
)
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2}(?![\w])")
_STREET_SUFFIX = (
    r"straat|laan|weg|plein|singel|gracht|kade|dijk|hof|pad|steeg|dreef|park|plantsoen|markt"
    r"|erf|baan|ring|wal|veld|akker|haven|burg|berg|hout|weide|wijk|zoom|donk|horst|kamp|vaart"
    r"|pleintje|allee|boulevard|promenade|straatweg|rijweg|hoek|hoeve|wetering"
)
# Words that may open a street name before the word with the suffix ("Prins Hendrikkade").
_STREET_OPENERS = (
    r"(?:(?:Van|De|Den|Der|Burgemeester|Prins|Prinses|Koning|Koningin|Graaf|Sint|St\.|Oude|Nieuwe"
    r"|Korte|Lange|Hoge|Lage|Groot|Klein|Dr\.|Mr\.|Prof\.|Generaal|Kapitein|Pastoor|Dokter)\s+)*"
)
_ADDRESS = re.compile(
    rf"(?<![\w])(?:{_STREET_OPENERS}[A-Z][a-zà-ÿ'’]*(?:{_STREET_SUFFIX}))"
    r"\s+\d{1,5}(?:\s?[a-zA-Z](?![\w]))?(?:[-\s]?(?:bis|hs|huis|\d{1,3}))?(?![\w])"
)
_IBAN = re.compile(r"(?<![\w])NL\d{2}[ ]?[A-Z]{4}(?:[ ]?\d{4}){2}[ ]?\d{2}(?![\w])")
_MONTHS = (
    r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    r"|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
_DATE = (
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})\.?\s+(?:19|20)\d{{2}})"
)
_BIRTH = re.compile(
    rf"(?:geboren\s+(?:op\s+)?|geb\.\s*(?:datum\s*)?:?\s*|geboortedatum\s*:?\s*(?:is\s+)?|"
    rf"d\.o\.b\.?\s*:?\s*|DOB\s*:?\s*)({_DATE})",
    re.I,
)


def bsn_valid(digits: str) -> bool:
    """The 11-proef for a BSN: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11 (and not 0)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weighted = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total = weighted - int(digits[8])
    return total % 11 == 0


def _span(match: re.Match[str], kind: str, group: int = 0) -> Span:
    return Span(
        start=match.start(group),
        end=match.end(group),
        text=match.group(group),
        kind=kind,
        label=LABELS[kind],
        known=False,
        source="pattern",
    )


def detect_identifiers(text: str) -> list[Span]:
    """Certain identifiers in ``text``, sorted, without overlaps (the earlier, longer one wins)."""
    if not text:
        return []
    found: list[Span] = []
    found += [_span(m, "emailadres") for m in _EMAIL.finditer(text)]
    found += [_span(m, "url") for m in _URL.finditer(text)]
    found += [_span(m, "iban") for m in _IBAN.finditer(text)]
    found += [_span(m, "geboortedatum", 1) for m in _BIRTH.finditer(text)]
    for match in _BSN.finditer(text):
        if bsn_valid(re.sub(r"\D", "", match.group(1))):
            found.append(_span(match, "bsn", 1))
    found += [_span(m, "telefoonnummer") for m in _PHONE.finditer(text)]
    found += [_span(m, "postcode") for m in _POSTCODE.finditer(text)]
    found += [_span(m, "adres") for m in _ADDRESS.finditer(text)]
    return resolve(found)


def resolve(spans: list[Span]) -> list[Span]:
    """Drop spans overlapping an earlier-listed one (callers list by priority), then sort."""
    kept: list[Span] = []
    for span in spans:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)
