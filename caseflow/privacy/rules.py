"""Caseflow's own layer-2 rules beside deduce, for what its lists do not cover (all *uncertain*:
their spans are open for the facilitator).

- After a kinship word or title ("oma", "tante", "buurman", "juf", "mentor", "mevr.") a
  capitalised word is a person: "oma Xiomara", "juf Marjan".
- Around a generic organisation word ("Stichting", "Jeugdhulp", "Zorggroep") capitalised words
  form an institution: "Stichting Jarabee", "Jeugdhulp Kompaan en De Bocht", "Horizon Jeugdzorg".
- A capitalised word inside a sentence that no word list knows (deduce's whitelist of common and
  medical words, caseflow's domain words) is probably a name: "[naam]". Dutch capitalises little
  mid-sentence besides names, so this is cheap recall for names deduce's lists lack
  ("Wiktoria", possessives like "Dewis").
- A possessive without apostrophe before a person's belongings or relatives ("Noahs vader",
  "Omars BSN") is a name, also at the start of a sentence, when its stem is a first name or
  stands elsewhere in the text ("Postadres moeder:" is not).
- A word once recognised as a name in a text is a name at its other places in that text too.
Pure: the word lists come from the caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from caseflow.privacy.domain_words import DOMAIN_WORDS
from caseflow.privacy.known_names import GENERIC_ORGANISATION_WORDS, PARTICLES
from caseflow.privacy.spans import Span

_CONTEXT_WORDS = """
    oma opa tante oom ome neef nicht broer zus zusje broertje buurman buurvrouw juf juffrouw
    meester mentor vriend vriendin vriendje vriendinnetje stiefvader stiefmoeder pleegvader
    pleegmoeder mevr mevr. mw mw. mevrouw dhr dhr. meneer heer dr dr. drs drs. mr mr. prof prof.
    dokter zuster
"""
CONTEXT_WORDS = frozenset(_CONTEXT_WORDS.split())
_CAP = r"[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’]*(?:-[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’]*)?"
_WORD = re.compile(_CAP)
_CONTEXT = re.compile(
    rf"(?<![\w])(?i:{'|'.join(re.escape(w) for w in sorted(CONTEXT_WORDS, key=len, reverse=True))})"
    rf"\s+(?:[A-Z]\.\s*)*({_CAP}(?:\s+(?:(?:van|de|der|den|ter|ten|te)\s+)*{_CAP})?)"
)
_GENERIC = "|".join(sorted(GENERIC_ORGANISATION_WORDS, key=len, reverse=True))
# The whole name is the span, generic words included: "Stichting Jarabee", not "Stichting [..]".
_ORG_AFTER = re.compile(
    rf"(?<![\w])((?i:{_GENERIC})\s+((?:(?:De|Het|'t)\s+)?{_CAP}"
    rf"(?:\s+(?:en|&)\s+(?:(?:De|Het|'t)\s+)?{_CAP})?))"
)
# A leading article belongs to the name ("Het Gooise Lyceum", "De Ruimte Jeugdzorg").
_ORG_BEFORE = re.compile(
    rf"(?<![\w])((?:(?:De|Het|'t)\s+)?({_CAP})\s+(?i:{_GENERIC})(?:\s+(?:en|&)\s+{_CAP})?)(?![\w])"
)
# "Noahs vader", "Omars BSN": a possessive without apostrophe before what a person has is a name,
# also at the start of a sentence.
_POSSESSED = """
vader moeder ouders broer broertje zus zusje oma opa tante oom pleegouders pleegmoeder
pleegvader stiefvader stiefmoeder vriend vriendin juf mentor school klas kamer bsn dossier
gedrag verhaal telefoon schoolresultaten behandeling plaatsing
"""
_POSSESSIVE = re.compile(
    rf"(?<![\w])({_CAP}[^\Ws])s\s+(?i:{'|'.join(_POSSESSED.split())})(?![\w])"
)
# After a colon Dutch writes lower case, so a capital there is a name ("Gesprek: Jarabee heeft").
_SENTENCE_START = re.compile(r"(?:^|[.!?\n•\-–(\"“]\s*|\)\s+)$")


def _open(text: str, start: int, end: int, kind: str, label: str) -> Span:
    return Span(start, end, text[start:end], kind, label, False, "deduce")


def rule_spans(
    text: str,
    vocabulary: frozenset[str],
    labels: Iterable[str] = (),
    first_name: Callable[[str], bool] | None = None,
) -> list[Span]:
    """Spans from the rules above. ``vocabulary``: lower-case words known not to be names;
    ``first_name``: whether a word is a known first name (deduce's list)."""
    label_words = {w.lower() for label in labels for w in re.findall(r"\w+", label)}

    def ordinary(word: str) -> bool:
        lower = word.lower().strip("'’")
        return (
            lower in vocabulary
            or lower in DOMAIN_WORDS
            or lower in PARTICLES
            or lower in CONTEXT_WORDS
            or lower in GENERIC_ORGANISATION_WORDS
            or lower in label_words
            or word.isupper()  # abbreviations: ADHD, RET, GGZ
            or len(lower) < 2
        )

    spans: list[Span] = []
    for match in _CONTEXT.finditer(text):
        if not all(ordinary(w) for w in match.group(1).split()):
            spans.append(_open(text, match.start(1), match.end(1), "persoon", "[persoon]"))
    for pattern in (_ORG_AFTER, _ORG_BEFORE):
        for match in pattern.finditer(text):
            words = re.findall(r"[\wÀ-ÿ'’-]+", match.group(2))
            if match.group(2)[:1].isupper() and not all(ordinary(w) for w in words):
                spans.append(
                    _open(text, match.start(1), match.end(1), "instelling", "[instelling]")
                )
    for match in _POSSESSIVE.finditer(text):
        stem = match.group(1)
        elsewhere = re.search(rf"(?<![\w]){re.escape(stem)}(?![\w])", text) is not None
        if (elsewhere or (first_name is not None and first_name(stem))) and not ordinary(stem):
            spans.append(_open(text, match.start(1), match.end(1) + 1, "persoon", "[persoon]"))
    for match in _WORD.finditer(text):
        word = match.group(0)
        if ordinary(word) or _SENTENCE_START.search(text[: match.start()]):
            continue
        if word.endswith(("s", "'s", "’s")) and ordinary(word.rstrip("s").rstrip("'’")):
            continue
        spans.append(_open(text, match.start(), match.end(), "naam", "[naam]"))
    return spans


def repeat_spans(text: str, spans: list[Span]) -> list[Span]:
    """Other occurrences, in ``text``, of single words already found to be names."""
    names = {s.text: s for s in spans if s.kind in {"persoon", "naam"} and " " not in s.text}
    extra: list[Span] = []
    for word, span in names.items():
        if len(word) < 2:
            continue
        for match in re.finditer(rf"(?<![\w]){re.escape(word)}(?:'?s)?(?![\w])", text):
            if not any(s.start < match.end() and match.start() < s.end for s in spans):
                extra.append(_open(text, match.start(), match.end(), span.kind, span.label))
    return extra
