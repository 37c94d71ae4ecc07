"""The bilingual crawl: every GET page of every demo role, read in English and in Dutch, with the
words of the other language that must not be there.

Pages are fetched with Flask's test client on the demo region of ``tests/browser_pages.py`` (the
same page list as the accessibility check), so no browser is needed. What people typed — event
descriptions, names, organisations, notes — is Dutch in both interfaces; it is taken out of the
page first: every stored text with a space or a capital (codes such as ``placement`` stay, so a
raw enum value on a page is still found). Stored texts that are message ids (risk explanations)
are not taken out: they must be shown translated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

import pyotp
from flask import Flask
from sqlalchemy import String, Text, select

from caseflow.auth.models import Role, User
from caseflow.extensions import db
from tests.browser_pages import DEMO_ACCOUNTS, PASSWORD, pages_for
from tests.helpers import csrf_token

# Words and phrases of the Dutch UI that English never uses. Function words catch any sentence
# left untranslated; the named phrases are the ones issue 23 found. Domain terms that the English
# UI keeps on purpose (RET, verklarende analyse, doorplaatsing, gemeente…) are not listed.
DUTCH = (
    "plaatsing", "plaatsingen", "casus", "casussen", "binnen de regio", "fase of besluit",
    "vanuit elke fase", "met reden", "geen", "en", "het", "een", "niet", "voor", "naar", "bij",
    "ook", "nog", "uit", "deze", "dit", "zijn", "wordt", "worden", "heeft", "van", "maanden",
    "weken", "dagen", "jaar", "gebeurtenis", "gebeurtenissen", "jeugdige", "opslaan", "bekijken",
    "terug", "karakters", "tekens", "versie", "versies", "geleden", "heden", "onbekend",
    "januari", "februari", "maart", "mei", "juni", "juli", "augustus", "oktober",
    "mrt", "okt",
)
# Names that are Dutch in both interfaces without being typed by anyone.
NAMES = ("Gooi en Vechtstreek",)
# English that must not show in the Dutch UI (pygal's default texts, Babel's English dates).
ENGLISH = (
    "No data", "the", "and", "with", "Page", "January", "February", "March", "April", "June",
    "July", "August", "October", "Mar", "Oct", "May", "PM", "AM",
)
PAGE_TYPES = frozenset({"text/html", "image/svg+xml"})  # charts and timeline pictures too
LITERAL = frozenset({"script", "style", "code", "pre", "kbd", "samp", "textarea", "option"})
TEXT_ATTRIBUTES = frozenset({"title", "alt", "aria-label", "placeholder"})
# Tables whose stored text is a message id shown translated, not something a person typed.
TRANSLATED_TABLES = frozenset({"risk_flag", "risk_flags", "risk_evidence"})


def _pattern(words: Iterable[str], *, ignore_case: bool) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I if ignore_case else 0)


DUTCH_WORDS = _pattern(DUTCH, ignore_case=True)
ENGLISH_WORDS = _pattern(ENGLISH, ignore_case=False)


class PageText(HTMLParser):
    """The visible text and text attributes of a page; ``lang`` marks (the language menu's
    "Nederlands") and literal elements are left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in LITERAL or (values.get("lang") and tag != "html"):
            self.skip.append(tag)
        if not self.skip:
            self.parts += [v for k, v in attrs if k in TEXT_ATTRIBUTES and v]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip:
            self.parts += [v for k, v in attrs if k in TEXT_ATTRIBUTES and v]

    def handle_endtag(self, tag: str) -> None:
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def page_text(html: str) -> str:
    parser = PageText()
    parser.feed(html)
    return parser.text()


_NAME = re.compile(r"\b[A-Z][\w-]+\b")


def stored_texts() -> re.Pattern[str]:
    """What people typed, as one pattern (call inside an app context)."""
    found: set[str] = set()
    for table in db.metadata.sorted_tables:
        if table.name in TRANSLATED_TABLES:
            continue
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        for column in columns:
            for value in db.session.scalars(select(column).distinct()):
                if not value or not any(ch.isalpha() for ch in value):
                    continue
                if len(value) > 1 and (" " in value or not value.islower()):
                    value = " ".join(value.split())
                    found.add(value)
                    # pseudonymised copies replace names: match the pieces between them too
                    found.update(p.strip() for p in _NAME.split(value) if len(p.strip()) > 15)
    found.update(NAMES)
    return re.compile("|".join(re.escape(v) for v in sorted(found, key=len, reverse=True)))


def _set_locale(app: Flask, role: Role, language: str | None) -> str | None:
    """Set the demo account's language; returns the one it had."""
    with app.app_context():
        user = db.session.scalar(
            select(User).where(User.email.startswith(DEMO_ACCOUNTS[role] + "@"))
        )
        before, user.locale = user.locale, language
        db.session.commit()
        return before


def log_in(app: Flask, role: Role, language: str):
    """A test client logged in as the demo account of ``role``, reading in ``language``."""
    _set_locale(app, role, language)
    with app.app_context():
        user = db.session.scalar(
            select(User).where(User.email.startswith(DEMO_ACCOUNTS[role] + "@"))
        )
        user.totp_last_step = None
        db.session.commit()
        email, secret = user.email, user.totp_secret
    client = app.test_client()
    response = client.post("/login", data={
        "csrf_token": csrf_token(client, "/login"), "email": email, "password": PASSWORD,
    })
    if response.headers.get("Location") == "/login/tweede-stap":
        response = client.post("/login/tweede-stap", data={
            "csrf_token": csrf_token(client, "/login/tweede-stap"),
            "code": pyotp.TOTP(secret).now(),
        })
    assert response.status_code == 302, f"{role}: login failed"
    return client


def leftovers(text: str, language: str, typed: re.Pattern[str]) -> list[str]:
    """The other language's words in a page's ``text``, each with a little context."""
    text = typed.sub(" ", text)
    pattern = DUTCH_WORDS if language == "en" else ENGLISH_WORDS
    return [
        f"{m.group(0)!r} in …{text[max(0, m.start() - 40):m.end() + 40]}…"
        for m in pattern.finditer(text)
    ]


def crawl(app: Flask, language: str) -> dict[tuple[str, str, str], list[str]]:
    """``{(role, endpoint, path): [leftover, …]}`` for every HTML page of every demo role."""
    with app.app_context():
        typed = stored_texts()
    found: dict[tuple[str, str, str], list[str]] = {}
    for role in DEMO_ACCOUNTS:
        before = _set_locale(app, role, language)
        try:  # the demo server is shared with the browser tests: give the account back as it was
            found.update(_crawl_role(app, role, language, typed))
        finally:
            _set_locale(app, role, before)
    return found


def _crawl_role(app: Flask, role: Role, language: str, typed: re.Pattern[str]) -> dict:
    client = log_in(app, role, language)
    with app.app_context():
        user = db.session.scalar(
            select(User).where(User.email.startswith(DEMO_ACCOUNTS[role] + "@"))
        )
        pages = pages_for(app, user)
    found = {}
    for endpoint, path in pages:
        response = client.get(path)
        if response.status_code != 200 or response.mimetype not in PAGE_TYPES:
            continue
        text = page_text(response.get_data(as_text=True))
        found[(str(role), endpoint, path)] = leftovers(text, language, typed)
    return found
