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


TRANSLATING = frozenset({"_", "_l", "gettext", "ngettext", "lazy_gettext", "N_", "NP_"})


def translations_inside_f_strings(source: str) -> list[str]:
    """Calls of ``_()`` and friends inside an f-string: on Python 3.11 Babel's extractor reads an
    f-string as one literal, so their msgids never reach the catalogue and stay Dutch."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            found += [
                f"{call.lineno}: {ast.unparse(call)[:60]}" for call in ast.walk(node)
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                and call.func.id in TRANSLATING
            ]
    return found


def test_no_translated_text_hides_inside_an_f_string():
    found = [
        f"{path.relative_to(ROOT)}:{where}"
        for path in sorted((ROOT / "caseflow").rglob("*.py"))
        for where in translations_inside_f_strings(path.read_text(encoding="utf-8"))
    ]
    assert not found, "move these out of the f-string (Babel does not extract them):\n" + (
        "\n".join(found)
    )


def test_the_f_string_check_notices_a_hidden_msgid():
    assert translations_inside_f_strings('x = f"<b>{_(\'Geen\')}</b>"\ny = _("Wel")') == [
        "1: _('Geen')"
    ]


HAND_PLURAL = re.compile(r"[a-zë]\((?:en|sen)\)(?!\w)|\(%\(n\)d \w+en\)|karakters")
# Texts that must keep the old words: the msgid of rows stored before the plurals were told
# apart (risk.vocab.OLD_PLURALS), and the words WTForms' catalogue is corrected from.
KEPT = {
    "caseflow/risk/vocab.py": ("%(count)s plaatsing(en) onplanmatig",),
    "caseflow/core/babel_cache.py": ("karakter",),
}


def _python_strings(path: Path) -> list[tuple[int, str]]:
    import ast

    return [
        (node.lineno, node.value) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_hand_written_plurals_are_gone():
    """Plurals go through ngettext / {% trans count %}: no "casus(sen)", "plaatsing(en)" or
    "fout(en)" in the UI text or the command line, and Dutch says "tekens", not "karakters"."""
    found = []
    for path in sorted((ROOT / "caseflow").rglob("*.py")):
        kept = KEPT.get(str(path.relative_to(ROOT)), ())
        found += [
            f"{path.relative_to(ROOT)}:{line}: {text[:70]!r}"
            for line, text in _python_strings(path)
            if HAND_PLURAL.search(text) and not text.startswith(kept)
        ]
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HAND_PLURAL.search(text):
                found.append(f"{path.relative_to(ROOT)}:{line}: {text.strip()[:70]}")
    assert not found, "\n".join(found)


def test_the_plural_check_notices_the_old_forms():
    for text in ("3 casus(sen)", "1 plaatsing(en)", "geweigerd (%(n)d fouten)", "8 karakters"):
        assert HAND_PLURAL.search(text), text
    assert not HAND_PLURAL.search("ouder(s) met gezag, count(n), %(n)d tekens")


def test_plural_forms_in_both_languages(app):
    from flask_babel import ngettext

    with app.test_request_context():
        with force_locale("nl"):
            assert ngettext("%(num)d versie", "%(num)d versies", 1) == "1 versie"
            assert ngettext("%(num)d versie", "%(num)d versies", 3) == "3 versies"
        with force_locale("en"):
            assert ngettext("%(num)d versie", "%(num)d versies", 1) == "1 version"
            assert ngettext("%(num)d versie", "%(num)d versies", 3) == "3 versions"


def test_form_messages_say_tekens(app):
    from wtforms import Form, StringField
    from wtforms.validators import Length

    from caseflow.core.babel_cache import _dutch_words

    class Short(Form):
        name = StringField(validators=[Length(min=5)])

        class Meta:
            from flask_wtf.i18n import translations

            def get_translations(self, form):
                return self.translations

    with app.test_request_context(), force_locale("nl"):
        form = Short(data={"name": "ab"})
        assert not form.validate()
        assert "tekens" in form.name.errors[0] and "karakter" not in form.name.errors[0]
    assert _dutch_words("1 karakter, 2 karakters") == "1 teken, 2 tekens"


def test_dates_are_the_one_medium_form(app):
    from caseflow.core.formatting import number, when

    moment = datetime(2026, 12, 2, 13, 16, tzinfo=UTC)
    with app.test_request_context():
        with force_locale("nl"):
            assert when(moment) == "2 dec 2026, 14:16"
            assert number(1234.5) == "1.234,5"
        with force_locale("en"):
            assert when(moment) == "Dec 2, 2026, 2:16\u202fPM"  # not the short "12/2/26"
            assert number(1234.5) == "1,234.5"


def test_no_screen_uses_the_short_date_forms():
    """One medium form everywhere (``day``/``when``): the short "12/2/26, 2:16 PM" reads as
    12 February in Dutch, and strftime is the same in both languages."""
    short = re.compile(r"(date|datetime|time)format\(\s*['\"]short|strftime|:%d-%m-%Y")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if short.search(line)
    ]
    assert not found, "\n".join(found)


def test_risk_explanations_have_plural_forms_and_old_rows_still_translate(app):
    from caseflow.risk.rules import UNPLANNED, _explain
    from caseflow.risk.vocab import explanation

    one_text, one = _explain(UNPLANNED, count=1, months=12, last=date(2026, 3, 5))
    two_text, two = _explain(UNPLANNED, count=2, months=12, last=date(2026, 3, 5))
    assert one_text == "1 plaatsing onplanmatig beëindigd in de laatste 12 maanden, op 5 mrt 2026."
    assert two_text.startswith("2 plaatsingen onplanmatig beëindigd")
    old = {"msgid": "%(count)s plaatsing(en) onplanmatig beëindigd in de laatste %(months)s "
                    "maanden, het laatst op %(last)s.",
           "values": {"count": 1, "months": 12, "last": "2026-03-05"}}
    old_plural_only = {"msgid": UNPLANNED[1], "values": two["values"]}
    with app.test_request_context(), force_locale("en"):
        assert explanation(one, one_text) == (
            "1 placement ended unplanned in the last 12 months, on Mar 5, 2026."
        )
        assert explanation(two, two_text).startswith("2 placements ended unplanned")
        assert explanation(old, "stored Dutch").startswith("1 placement ended unplanned")
        assert explanation(old_plural_only, "stored Dutch").startswith("2 placements ended")


def test_chart_texts_follow_the_language(app):
    from caseflow.core.charts import new_chart, pygal, render
    from caseflow.timeline.svg import description, month_label

    with app.test_request_context():
        with force_locale("nl"):
            empty = render(new_chart(pygal.Line, title="Instroom"))
            assert "Geen gegevens" in empty and "No data" not in empty
            chart = new_chart(pygal.Bar)
            chart.add("x", [1234.5])
            assert "1.234,5" in render(chart)
            assert description(1, 2) == (
                "1 plaatsing en 2 gebeurtenissen; zie de tabel onder de figuur voor dezelfde "
                "gegevens."
            )
            assert month_label(date(2026, 3, 1)) == "mrt 2026"
        with force_locale("en"):
            assert "No data" in render(new_chart(pygal.Line, title="Inflow"))
            assert description(2, 1).startswith("2 placements and 1 event;")
            assert month_label(date(2026, 3, 1)) == "Mar 2026"


def test_every_template_parses_with_the_extractors_extensions():
    """Babel's Jinja extractor skips a template it cannot parse, silently: a `{% do %}` without
    `jinja2.ext.do` in babel.cfg dropped every text of macros.html from the catalogue once."""
    import configparser

    from jinja2 import Environment

    parser = configparser.ConfigParser()
    parser.read(ROOT / "babel.cfg")
    extensions = parser["jinja2: templates/**.html"].get("extensions", "").split(",")
    environment = Environment(extensions=[e.strip() for e in extensions if e.strip()]
                              + ["jinja2.ext.i18n"])
    broken = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        try:
            environment.parse(path.read_text(encoding="utf-8"))
        except Exception as error:  # noqa: BLE001 - report every template that fails
            broken.append(f"{path.relative_to(ROOT)}: {error}")
    assert broken == []
