"""Both languages complete: Dutch is the source (msgids), so no template may show text outside
``_()``/``{% trans %}``; English must translate every msgid of a fresh extraction, not fuzzy,
with the same %(name)s placeholders. Dates follow the reader's language.

To fix a failure: ``.venv/bin/python scripts/untranslated.py`` lists what English lacks; put the
translations in a JSON file and run ``scripts/untranslated.py --fill FILE.json``.
"""

from __future__ import annotations

import importlib.util
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask_babel import force_locale

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("untranslated", ROOT / "scripts" / "untranslated.py")
untranslated = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(untranslated)

# Jinja that may hold text: translated blocks, comments, expressions and statements.
JINJA = re.compile(
    r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}|\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", re.S
)
WORD = re.compile(r"[^\W\d_]{2,}")
# Names and abbreviations that read the same in both languages.
ALLOWED_WORDS = frozenset({
    "caseflow", "RET", "SKJ", "PDF", "CSV", "DOCX", "SVG", "TOTP", "JSON", "ID", "NL", "EN",
})
TEXT_ATTRIBUTES = frozenset({"title", "alt", "aria-label", "placeholder", "aria-description"})
LITERAL_ELEMENTS = frozenset({"script", "style", "code", "pre", "kbd", "samp"})


class TextNodes(HTMLParser):
    """Visible text (and text attributes) of a template with its Jinja removed."""

    def __init__(self) -> None:
        super().__init__()
        self.untranslated: list[str] = []
        self.literal = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in LITERAL_ELEMENTS:
            self.literal += 1
        for name, value in attrs:
            if name in TEXT_ATTRIBUTES and value:
                self._check(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in LITERAL_ELEMENTS:
            self.literal = max(0, self.literal - 1)

    def handle_data(self, data: str) -> None:
        if not self.literal:
            self._check(data)

    def _check(self, text: str) -> None:
        if any(word not in ALLOWED_WORDS for word in WORD.findall(text)):
            self.untranslated.append(" ".join(text.split())[:80])


def test_no_template_shows_text_outside_the_translation_functions():
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        parser = TextNodes()
        parser.feed(JINJA.sub(" ", template.read_text(encoding="utf-8")))
        found += [f"{template.relative_to(ROOT)}: {text!r}" for text in parser.untranslated]
    assert not found, "text without _() or {% trans %}:\n" + "\n".join(found)


def test_the_scan_notices_bare_text():
    parser = TextNodes()
    parser.feed(JINJA.sub(" ", '<p>{{ _("Goed") }}</p><p title="Fout">{{ n }} casussen</p>'
                               "<code>flask db upgrade</code><span>RET · PDF</span>"))
    assert parser.untranslated == ["Fout", "casussen"]


@pytest.fixture(scope="module")
def fresh_extraction():
    return untranslated.extract()


def test_english_translates_every_message(fresh_extraction):
    missing = untranslated.untranslated(fresh_extraction, untranslated.read_english())
    listing = "\n".join(f"{row['problem']}: {row['msgid']!r}" for row in missing[:40])
    assert not missing, (
        f"{len(missing)} messages without a usable English translation "
        f"(run scripts/untranslated.py):\n{listing}"
    )


def test_the_extraction_finds_the_ui_text(fresh_extraction):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in fresh_extraction}
    assert "Inloggen" in ids and "E-mailadres" in ids
    assert len(ids) > 300


def test_placeholder_and_fuzzy_problems_are_reported():
    from babel.messages.catalog import Catalog

    source, english = Catalog(), Catalog(locale="en")
    source.add("%(num)d casussen")
    source.add("Oud")
    source.add("Leeg")
    english.add("%(num)d casussen", "%(count)d cases")
    english.add("Oud", "Old", flags=["fuzzy"])
    english.add("Leeg", "")
    problems = {row["msgid"]: row["problem"] for row in untranslated.untranslated(source, english)}
    assert problems["Oud"] == "fuzzy" and problems["Leeg"] == "missing"
    assert problems["%(num)d casussen"].startswith("placeholders")


def test_dates_and_times_follow_the_language(app):
    from caseflow.core.formatting import day, when

    moment = datetime(2026, 3, 5, 14, 30, tzinfo=UTC)
    with app.test_request_context():
        with force_locale("nl"):
            assert "mrt" in day(date(2026, 3, 5))
            dutch = when(moment)
        with force_locale("en"):
            assert "Mar" in day(date(2026, 3, 5))
            english = when(moment)
    assert dutch != english
