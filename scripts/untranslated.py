"""The English catalogue against a fresh extraction of the Dutch UI text.

    .venv/bin/python scripts/untranslated.py              # JSON: what English still lacks
    .venv/bin/python scripts/untranslated.py --fill F.json

The first form extracts the msgids (as ``make extract-messages`` does, into a temporary .pot) and
prints every message whose English is missing, fuzzy, or has other %(name)s placeholders than the
Dutch, as a JSON list of ``{"msgid", "msgid_plural", "problem", "locations"}``.

The second form first refreshes messages.po from the fresh extraction (``pybabel update``), then
writes the translations of F.json — ``{"Dutch msgid": "English"}``, or a list of two strings for a
plural — into it, clearing their fuzzy marks. Translate the output of the first form into such a
file and run the second; tests/test_translations.py then passes.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "caseflow" / "translations"
ENGLISH_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]")


def extract() -> Catalog:
    """A fresh catalogue of every msgid in the code and templates (babel.cfg, keywords as in the
    Makefile)."""
    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "messages.pot"
        CommandLineInterface().run([
            "pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l",
            "-k", "lazy_gettext", "-k", "N_", "-k", "NP_:1,2", "-o", str(pot), "--no-location",
            str(ROOT),
        ])
        with pot.open("rb") as handle:
            return read_po(handle)


def read_english() -> Catalog:
    with ENGLISH_PO.open("rb") as handle:
        return read_po(handle, locale="en")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _strings(value) -> list[str]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def problem(source: Message, english: Message | None) -> str | None:
    """Why ``english`` is not a usable translation of ``source``, or None."""
    if english is None:
        return "missing"
    translations = _strings(english.string)
    if not all(translations):
        return "missing"
    if english.fuzzy:
        return "fuzzy"
    wanted = set().union(*(placeholders(s) for s in _strings(source.id)))
    for text in translations:
        if placeholders(text) != wanted:
            return f"placeholders {sorted(placeholders(text))} instead of {sorted(wanted)}"
    return None


def untranslated(source: Catalog | None = None, english: Catalog | None = None) -> list[dict]:
    source = source if source is not None else extract()
    english = english if english is not None else read_english()
    rows = []
    for message in source:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        why = problem(message, english.get(key))
        if why:
            plural = message.id[1] if isinstance(message.id, (list, tuple)) else None
            rows.append({"msgid": key, "msgid_plural": plural, "problem": why})
    return rows


def refresh() -> None:
    """``pybabel update`` of messages.po from a fresh extraction (as make extract-messages)."""
    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "messages.pot"
        here = Path.cwd()
        os.chdir(ROOT)  # locations in the catalogue relative to the repository, as make does
        try:
            CommandLineInterface().run([
                "pybabel", "-q", "extract", "-F", "babel.cfg", "-k", "_l",
                "-k", "lazy_gettext", "-k", "N_", "-k", "NP_:1,2", "-o", str(pot), ".",
            ])
        finally:
            os.chdir(here)
        CommandLineInterface().run([
            "pybabel", "-q", "update", "-i", str(pot), "-d", str(TRANSLATIONS),
            "--no-fuzzy-matching",
        ])


def fill(translations: dict[str, str | list[str]]) -> int:
    refresh()
    english = read_english()
    filled = 0
    for msgid, text in translations.items():
        message = english.get(msgid)
        if message is None:
            print(f"not in the catalogue: {msgid!r}", file=sys.stderr)
            continue
        message.string = tuple(text) if isinstance(message.id, (list, tuple)) else text
        message.flags.discard("fuzzy")
        filled += 1
    with ENGLISH_PO.open("wb") as handle:
        write_po(handle, english)
    return filled


def main(argv: list[str]) -> int:
    if argv[:1] == ["--fill"] and len(argv) == 2:
        count = fill(json.loads(Path(argv[1]).read_text(encoding="utf-8")))
        print(f"{count} translations written to {ENGLISH_PO.relative_to(ROOT)}")
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(untranslated(), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
