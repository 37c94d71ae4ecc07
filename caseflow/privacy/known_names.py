"""Layer 1: the names caseflow itself knows, each with the label that replaces it.

A person is written about in many ways: "Jan de Vries", "Jan", "De Vries", "de Vries", "Vries"
after a particle, "J. de Vries", "J.de Vries", "JdV" (not covered). ``add`` registers the full
name and, with ``parts``, the variants: each name part alone (not a particle alone), the surname
with its particles, and initials before the surname. Matching is case-insensitive on word
boundaries and without accents ("Henriette" is "Henriëtte", "Ozturk" is "Öztürk"), longest
first — except a name part that is also an ordinary Dutch word ("Wit", "Bakker", "Roos"), and a
place or organisation name that is one ("Huizen"), which are only replaced when written with a
capital, so "een witte muur" and "geen huizen" stay. Initials before a known surname ("P.J.",
"P. J.", "PJ", "J.P.M.") belong to the name: a person has more given names than caseflow knows.
A person's name with a possessive s ("Sannes moeder", "Ruud's mail") is that name.
Pure: no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from caseflow.privacy.spans import Span

_PARTICLES = """
van de der den het ten ter te la le du da di del des dos d' 't in op 's aan bij uit von zu
"""
PARTICLES = frozenset(_PARTICLES.split())
_WORD_CHAR = r"\w"
# Lower-case words that are also Dutch names; a capital is required to replace those as a part.
_COMMON_WORDS = """
wit zwart groen rood de bakker visser smit mulder bos kok koster meijer boer schipper vos roos
kort lang klein groot hoek berg dijk veld brink haan vogel beer wolf leeuw vink mol kuiper
kramer schaap zee bloem bloemen hof hout dam graaf prins koning paus jong oud mooi stam blom
storm winter zomer lente wind van dag nacht baas maan zon ster wil mag kan zal hoop trouw vrede
gods liefde geluk rust eerlijk rijk arm jan feb mei juni juli aug sep okt nov dec april
augustus
"""
COMMON_WORDS: frozenset[str] = frozenset(_COMMON_WORDS.split())
# Gemeenten whose name is also an ordinary Dutch word ("geen huizen voor begeleid wonen", "de
# best passende plek"): as a name of a place or organisation only replaced with a capital.
_ORDINARY_PLACE_WORDS = """
huizen bergen best buren putten duiven houten hoorn beek sluis kampen voorst hulst weert assen
losser leiden delft horst
"""
ORDINARY_WORDS: frozenset[str] = COMMON_WORDS | frozenset(_ORDINARY_PLACE_WORDS.split())


# First words of organisation names that say what it is, not which one.
_GENERIC_ORGANISATION_WORDS = """
    stichting gezinshuis gezinshuizen zorggroep jeugdzorg jeugdhulp zorgaanbieder kindcentrum
    behandelcentrum centrum instelling school basisschool obs cbs rkbs college lyceum scholengroep
    woongroep leefgroep pleegzorg ggz praktijk zorgboerderij jeugdbescherming vereniging plus
    kliniek crisisopvang jeugdzorgplus driemilieu
"""
GENERIC_ORGANISATION_WORDS = frozenset(_GENERIC_ORGANISATION_WORDS.split())
_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")


def _only_kind_words(text: str) -> bool:
    """True when ``text`` says what an organisation is, not which ("kortdurend verblijf")."""
    from caseflow.privacy.domain_words import is_domain_phrase

    words = [w for w in text.lower().split() if not any(c.isdigit() for c in w)]  # "24uur"
    return all(w in GENERIC_ORGANISATION_WORDS for w in words) or is_domain_phrase(" ".join(words))


@dataclass
class _Entry:
    variant: str
    label: str
    kind: str
    case_sensitive_capital: bool  # only when capitalised (a part that is also a common word)
    priority: int  # full names before parts at equal length


@dataclass
class KnownNames:
    """Names and their labels. ``add`` as often as needed; matching compiles lazily."""

    entries: dict[str, _Entry] = field(default_factory=dict)
    common_words: frozenset[str] = COMMON_WORDS
    _pattern: re.Pattern[str] | None = None

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, name: str) -> bool:
        return fold(" ".join(name.split()).lower()) in self.entries

    @property
    def labels(self) -> set[str]:
        return {entry.label for entry in self.entries.values()}

    def add(self, name: str, label: str, *, kind: str = "persoon", parts: bool = True) -> None:
        """Replace ``name`` by ``label``; with ``parts`` also its first names and surname alone,
        the surname with its particles, and the initials before the surname."""
        name = " ".join((name or "").replace("’", "'").split()).strip(" .,;:")
        if len(name) < 2:
            return
        # A place or organisation called by an ordinary word is only that name with a capital.
        ordinary = kind not in _PERSON_KINDS and all(
            w in ORDINARY_WORDS for w in name.lower().split(" ")
        )
        self._put(name, label, kind, capital=ordinary, priority=0)
        if not parts:
            return
        words = name.split(" ")
        # Surname = from the first particle after the first word, else the last word.
        first_particle = next(
            (i for i, w in enumerate(words) if i > 0 and w.lower() in PARTICLES), None
        )
        split_at = first_particle if first_particle is not None else len(words) - 1
        given, surname = words[:split_at], words[split_at:]
        if surname and given:
            surname_text = " ".join(surname)
            self._put(surname_text, label, kind, capital=False, priority=1)
            core = [w for w in surname if w.lower() not in PARTICLES]
            initials = "".join(g[0].upper() + "." for g in given if g[:1].isalpha())
            spaced = " ".join(g[0].upper() + "." for g in given if g[:1].isalpha())
            for variant in {initials, spaced, initials[-2:] if initials else ""} - {""}:
                self._put(f"{variant} {surname_text}", label, kind, capital=False, priority=0)
                self._put(f"{variant}{surname_text}", label, kind, capital=False, priority=0)
            if core and len(core) < len(surname):
                self._put(" ".join(core), label, kind, capital=None, priority=2)
        for word in words:
            for part in word.split("-"):
                part = part.strip(".,'()")
                if len(part) >= 2 and part.lower() not in PARTICLES and part[0].isalpha():
                    self._put(part, label, kind, capital=None, priority=2)
            if "-" in word:
                self._put(word, label, kind, capital=None, priority=1)

    def add_organisation(self, name: str, label: str, *, kind: str = "instelling") -> None:
        """An organisation by its full name and the short name people write: without its generic
        first word ("Gezinshuis De Vlinder" → "De Vlinder", "Stichting Timon" → "Timon"); a short
        name of one word ("Vlinder", "Baken") only when written with a capital."""
        name = " ".join((name or "").split())
        self.add(name, label, kind=kind, parts=False)
        # What people leave off: a note in brackets ("(demo)"), a tail after a comma
        # ("Kliniek Het Baken, jeugd-GGZ") and generic last words ("De Lindenhoeve Jeugdzorg").
        base = _SUFFIX.sub("", name.split(",")[0]).strip()
        words = base.split(" ")
        while len(words) > 1 and words[-1].lower() in GENERIC_ORGANISATION_WORDS:
            words = words[:-1]
        short = " ".join(words)
        if short != name and not _only_kind_words(short):  # "pleegzorg (demo)" names no one
            self._put(short, label, kind, capital=len(words) == 1, priority=1)
        while len(words) > 1 and words[0].lower() in GENERIC_ORGANISATION_WORDS:
            words = words[1:]
            if words[0].lower() not in {"de", "het", "'t"}:
                self._put(" ".join(words), label, kind, capital=len(words) == 1, priority=1)
        if len(words) >= 2 and words[0].lower() in {"de", "het", "'t"}:
            self._put(" ".join(words), label, kind, capital=False, priority=1)
            rest = words[1:]
            if len(rest) == 1 and len(rest[0]) >= 4:
                self._put(rest[0], label, kind, capital=True, priority=2)

    def update(self, names: Iterable[tuple[str, str]], *, kind: str = "persoon") -> None:
        for name, label in names:
            self.add(name, label, kind=kind)

    def _put(
        self, variant: str, label: str, kind: str, *, capital: bool | None, priority: int
    ) -> None:
        key = fold(variant.lower())
        if capital is None:  # decide: common word parts need a capital
            capital = key in self.common_words
        existing = self.entries.get(key)
        # The first registration of a full name wins over someone else's part of the same text.
        if existing is not None and existing.priority <= priority:
            return
        self.entries[key] = _Entry(variant, label, kind, capital, priority)
        self._pattern = None

    def _compile(self) -> re.Pattern[str] | None:
        if self._pattern is None and self.entries:
            variants = sorted(self.entries, key=len, reverse=True)
            alternatives = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in variants)
            self._pattern = re.compile(
                rf"(?<![{_WORD_CHAR}])({alternatives})('?s)?(?![{_WORD_CHAR}]|-\w)", re.IGNORECASE
            )
        return self._pattern

    def find(self, text: str) -> list[Span]:
        """Every known name in ``text``, longest match first, as layer-1 spans (offsets into
        ``text`` itself, also where it was matched without its accents)."""
        pattern = self._compile()
        if not text or pattern is None:
            return []
        folded, origin = _fold_with_origin(text.replace("’", "'"))
        spans: list[Span] = []
        for match in pattern.finditer(folded):
            found = match.group(1)
            entry = self.entries.get(" ".join(found.split()).lower())
            if entry is None:
                continue
            if entry.case_sensitive_capital and not found[:1].isupper():
                continue
            if match.group(2) and entry.kind not in _PERSON_KINDS:
                continue  # a possessive ("Sannes moeder") only of a person's name
            start, end = origin[match.start(1)], origin[match.end(1) - 1] + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1  # a decomposed accent on the last letter belongs to it
            if entry.kind in _PERSON_KINDS:
                start = _initials_before(text, start)
            spans.append(
                Span(start, end, text[start:end], entry.kind, entry.label, True, "known")
            )
        return spans


_PERSON_KINDS = frozenset({"persoon", "pseudoniem"})
# Initials right before a name: "P.J. ", "P. J. ", "J.P.M.", "P.J.", "PJ " (2–4 capitals, no word).
_INITIALS_BEFORE = re.compile(r"(?<![\w.])(?:(?:[A-Z]\.\s?){1,5}\s*|[A-Z]{2,4}\s+)$")
# Capitals that are abbreviations of the field, not initials ("de GI Okkerman" keeps "GI").
_NOT_INITIALS_TEXT = """
GI JB CR VT RET OTS GGZ GGD JGZ CJG WMO MDO IB SO VSO PI RVDK RVK LVB ASS ADHD VZ PB
"""
_NOT_INITIALS = frozenset(_NOT_INITIALS_TEXT.split())


def _initials_before(text: str, start: int) -> int:
    """``start`` moved back over initials written right before it."""
    match = _INITIALS_BEFORE.search(text, max(0, start - 16), start)
    if match is None or match.group(0).strip() in _NOT_INITIALS:
        return start
    return match.start()


def fold(text: str) -> str:
    """``text`` without accents (for keys; same letters otherwise)."""
    return _fold_with_origin(text)[0]


def _fold_with_origin(text: str) -> tuple[str, list[int]]:
    """``text`` without accents, and for each of its characters the index it came from, so a
    match in the folded text maps back to the original ("Henrie\u0308tte" too)."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isascii():
            out.append(char)
            origin.append(index)
            continue
        for part in unicodedata.normalize("NFD", char):
            if not unicodedata.combining(part):
                out.append(part)
                origin.append(index)
    return "".join(out), origin
