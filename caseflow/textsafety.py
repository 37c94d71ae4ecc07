"""Free text made safe, in one place: for forms, for imported files and for spreadsheet exports.

- NUL and the other C0 and C1 control characters (tab, newline and carriage return excepted) are
  **refused**: they have no use in text a person typed, PostgreSQL cannot store NUL, and they
  hide content from a reader.
- Bidirectional overrides and isolates and zero-width characters are **removed** (with a
  warning): they make text look different from what it is (``\u202egnp.exe`` reads as
  ``exe.png``) and let two references that look the same differ. (A zero-width joiner inside
  an emoji sequence goes too: 👨‍👩‍👧 becomes three emoji. Case notes have no need for it.)
- Spreadsheet cells that start like a formula (``=``, ``+``, ``-``, ``@``, tab, CR) are
  prefixed with ``'`` on export (OWASP CSV injection); numbers stay numbers.

``install_form_text_guard`` adds the first two to every WTForms text field of the app at once
(through ``FlaskForm.Meta.bind_field``), so no form can forget them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from flask import flash, has_request_context
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.csrf.core import CSRFTokenField
from wtforms.validators import StopValidation

# C0 controls except \t \n \r, DEL, and the C1 controls (U+0080-U+009F: NEL, CSI, ...).
CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
CONTROL = re.compile(f"[{CONTROL_CHARS}]")
# LRM/RLM/ALM, the embeddings/overrides, the isolates, and the zero-width characters
# (ZWSP, ZWNJ, ZWJ, word joiner, and U+FEFF which inside text is a zero-width no-break space);
# and what renders as nothing at all: soft hyphen, combining grapheme joiner, the Hangul and
# Khmer fillers, the Mongolian vowel separator and the tag characters (U+E0000-U+E007F, which
# hide ASCII text). Without them a "reason" of 25 Hangul fillers would look empty but count.
INVISIBLE_CHARS = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\U000e0000-\U000e007f"
)
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


class UnsafeText(ValueError):
    """The text holds a character that is refused (see ``CONTROL``)."""

    def __init__(self, character: str) -> None:
        super().__init__(f"U+{ord(character):04X}")
        self.character = character


def control_character(text: str) -> str | None:
    """The first refused control character in ``text``, or None."""
    found = CONTROL.search(text)
    return found.group() if found else None


def strip_invisible(text: str) -> tuple[str, int]:
    """``text`` without bidi controls and zero-width characters, and how many were removed."""
    return INVISIBLE.subn("", text)


def clean(text: str) -> tuple[str, int]:
    """Refuse control characters (``UnsafeText``), remove invisible ones."""
    bad = control_character(text)
    if bad is not None:
        raise UnsafeText(bad)
    return strip_invisible(text)


# --- documents (the importer) ---------------------------------------------------------------


# Either kind in one pass: most strings hold neither, and are left after one search.
SUSPECT = re.compile(f"[{CONTROL_CHARS}{INVISIBLE_CHARS}]")


def _path(parts: list[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "$"


def clean_document(value: Any) -> tuple[Any, list[tuple[str, str]], list[str]]:
    """Clean a parsed JSON value **in place**; returns it, the refused ``(path, code point)``
    pairs and the paths where invisible characters were removed. Keys are left as they are
    (the schema refuses unknown keys). Paths are only spelled out where something is found."""
    errors: list[tuple[str, str]] = []
    warnings: list[str] = []
    parts: list[Any] = []

    def text(item: str) -> str:
        if SUSPECT.search(item) is None:
            return item
        try:
            cleaned, removed = clean(item)
        except UnsafeText as refused:
            errors.append((_path(parts), str(refused)))
            return item
        if removed:
            warnings.append(_path(parts))
        return cleaned

    def walk(item: Any) -> None:
        entries = item.items() if isinstance(item, dict) else enumerate(item)
        for key, sub in list(entries):
            if isinstance(sub, str):
                if SUSPECT.search(sub) is not None:
                    parts.append(key)
                    item[key] = text(sub)
                    parts.pop()
            elif isinstance(sub, dict | list):
                parts.append(key)
                walk(sub)
                parts.pop()

    if isinstance(value, str):
        return text(value), errors, warnings
    if isinstance(value, dict | list):
        walk(value)
    return value, errors, warnings


# --- forms ------------------------------------------------------------------------------------

CONTROL_MESSAGE = _l(
    "Dit veld bevat een onzichtbaar stuurteken (%(code)s); dat kan niet worden opgeslagen. "
    "Typ de tekst opnieuw of plak hem zonder opmaak."
)
REMOVED_MESSAGE = _l(
    "Onzichtbare tekens (richtings- of nulbreedtetekens) zijn uit het veld '%(field)s' "
    "verwijderd."
)


def _guard(form: Any, field: Any) -> None:
    """First validator of every text field: refuse control characters, remove invisible ones."""
    if not isinstance(field.data, str):
        return
    bad = control_character(field.data)
    if bad is not None:
        # Stop here: the other validators would only add noise about a value we refuse anyway.
        raise StopValidation(str(CONTROL_MESSAGE % {"code": f"U+{ord(bad):04X}"}))
    if isinstance(field, PasswordField):
        return  # a password is never shown; changing it would lock its owner out
    text, removed = strip_invisible(field.data)
    if removed:
        field.data = text
        if has_request_context():
            flash(str(REMOVED_MESSAGE % {"field": field.label.text}), "warning")



def _guards(field: Any) -> bool:
    return isinstance(field, StringField) and not isinstance(field, CSRFTokenField)


_original_bind_field = FlaskForm.Meta.bind_field


def _bind_field(self: Any, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
    field = _original_bind_field(self, form, unbound_field, options)
    if _guards(field) and _guard not in field.validators:
        field.validators = [_guard, *field.validators]
    return field


def install_form_text_guard() -> None:
    """Give every text field of every FlaskForm the guard (idempotent; called by create_app)."""
    FlaskForm.Meta.bind_field = _bind_field  # type: ignore[method-assign]


# --- numbers typed into a URL or a hidden field -----------------------------------------------

SMALL_INT = re.compile(r"[0-9]{1,9}")


def small_int(text: str | None) -> int | None:
    """``text`` as an id or version when it is 1-9 ASCII digits, else None. ``str.isdigit()``
    is true for "²" and for 5000 digits, which ``int()`` refuses (a 500); 30 digits overflow
    SQLite's and PostgreSQL's INTEGER (a 500 too)."""
    return int(text) if text and SMALL_INT.fullmatch(text) else None


# --- spreadsheet exports ----------------------------------------------------------------------


def spreadsheet_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading ``'``.
    Numbers (and text that is just a number, like ``-3`` or ``12,5``) stay as they are."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def spreadsheet_row(values: Iterable[Any]) -> list[Any]:
    return [spreadsheet_cell(value) for value in values]
