"""The search's codes as words for the templates (an unknown code shows as itself)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from caseflow.search.services import AUTO_CLOSE_NOTE
from caseflow.search.vocab import (
    ANSWER_LABELS,
    CLOSE_LABELS,
    REFUSAL_LABELS,
    REGION_LABELS,
    SETTING_LABELS,
    WERVING_LABELS,
)
from caseflow.timeline.vocab import PLACEMENT_TYPE_LABELS


def _lookup(table: dict, code: Any) -> str:
    for key, label in table.items():
        if str(key) == str(code):
            return str(label)
    return str(code or "—")


def care(code: Any) -> str:
    return _lookup(PLACEMENT_TYPE_LABELS, code)


def setting(code: Any) -> str:
    return _lookup(SETTING_LABELS, code)


def region(code: Any) -> str:
    return _lookup(REGION_LABELS, code)


def werving(code: Any) -> str:
    return _lookup(WERVING_LABELS, code)


def answer(code: Any) -> str:
    return _lookup(ANSWER_LABELS, code) if code else "—"


def refusal(code: Any) -> str:
    return _lookup(REFUSAL_LABELS, code)


def closing(code: Any) -> str:
    return _lookup(CLOSE_LABELS, code)


def close_note(note: str) -> str:
    """A close's note: the one caseflow writes in the reader's language, a person's as typed."""
    return str(_(note)) if note and note == AUTO_CLOSE_NOTE else note


def cares(codes: list[str]) -> str:
    return ", ".join(care(code) for code in codes) or "—"


def settings(codes: list[str]) -> str:
    return ", ".join(setting(code) for code in codes) or "—"
