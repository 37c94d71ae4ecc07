"""The de-identification engine: caseflow's own names first, then deduce, then checked patterns.

Layer 1 (``KnownNames``): names caseflow knows — accounts, members, organisations, gemeenten,
providers, the case's pseudonym — replaced by role/kind labels. Certain; never "open".
Patterns (``detect_identifiers``): BSN with 11-proef, phone, e-mail, URL, postcode, address, IBAN,
date of birth. Certain; never open.
Layer 2 (deduce, Menger et al. 2017): the names, places and institutions nobody told caseflow about.
Replaced, but uncertain: these are the ``open_spans`` a facilitator resolves.

Where spans overlap, layer 1 wins, then patterns, then deduce — except a pattern that reaches
beyond a layer-1 span inside it ("r.kamphuis@gooisemeren.example" with "Kamphuis" known): the
whole identifier is replaced, as the union of both, with the pattern's label, so nothing leaks.
What a deduce span covers beyond a layer-1 span (the "Jansen" in "Jan Jansen" when only "Jan"
is known) is kept as a smaller span.

Dates: a retrospective is about chronology, and the timeline's dates are structured fields shown
anyway, so a date in free text ("op 12 maart 2023", "3-4-2021") adds nothing identifying and is
kept. Only a date of birth ("geboren op …", "geb. …") is replaced. Ages deduce tags (it only tags
high ages) are replaced. Pure: no database, no models.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from caseflow.privacy import domain_words
from caseflow.privacy.known_names import KnownNames
from caseflow.privacy.patterns import detect_identifiers, resolve
from caseflow.privacy.rules import repeat_spans, rule_spans
from caseflow.privacy.spans import Result, Span, apply_spans

# deduce tag → (kind, label). Tags not listed fall back to their own name.
DEDUCE_KINDS: dict[str, tuple[str, str]] = {
    "persoon": ("persoon", "[persoon]"),
    "patient": ("persoon", "[persoon]"),
    "locatie": ("locatie", "[plaats]"),
    "straat": ("adres", "[adres]"),
    "instelling": ("instelling", "[instelling]"),
    "zorginstelling": ("instelling", "[instelling]"),
    "ziekenhuis": ("instelling", "[ziekenhuis]"),
    "datum": ("datum", "[datum]"),
    "leeftijd": ("leeftijd", "[leeftijd]"),
    "bsn": ("bsn", "[bsn]"),
    "id": ("identificatienummer", "[nummer]"),
    "patientnummer": ("identificatienummer", "[nummer]"),
    "telefoonnummer": ("telefoonnummer", "[telefoonnummer]"),
    "emailadres": ("emailadres", "[e-mailadres]"),
    "url": ("url", "[url]"),
}
# Kinds deduce finds that are kept in the text (see the module docstring on dates).
KEPT_KINDS = frozenset({"datum"})
_TITLES = frozenset(
    [
        "dr",
        "dr.",
        "drs",
        "drs.",
        "mr",
        "mr.",
        "mevr",
        "mevr.",
        "mw",
        "mw.",
        "dhr",
        "dhr.",
        "prof",
        "prof.",
        "ir",
        "ir.",
        "ing",
        "ing.",
        "heer",
        "mevrouw",
        "meneer",
        "juf",
        "meester",
        "opa",
        "oma",
        "tante",
        "oom",
    ]
)
_WORD = re.compile(r"[\w'’]+")


class Deidentifier:
    """One per process (``get_deidentifier``); ``deidentify`` is thread-safe."""

    def __init__(self, deduce: Any | None = None) -> None:
        self._deduce = deduce if deduce is not None else load_deduce()
        self._lock = threading.Lock()
        self._added: set[tuple[str, str]] = set()
        structs = self._deduce.lookup_structs
        # Lower-case words deduce knows are not names: its whitelist (common, medical and stop
        # words, plus caseflow's domain words added at load).
        vocabulary: set[str] = set()
        for name in ("whitelist", "common_word", "medical_term", "stop_word"):
            struct = structs.get(name)
            if struct is not None:
                vocabulary.update(w.lower() for w in struct.items())
        self.vocabulary = frozenset(vocabulary)
        self._first_names = structs.get("first_name")

    def _first_name(self, word: str) -> bool:
        """Whether deduce's first-name list has ``word`` ("Noah" in "Noahs vader")."""
        try:
            return self._first_names is not None and [word] in self._first_names
        except TypeError:  # a stand-in deduce without a trie
            return False

    def deidentify(self, text: str, known: KnownNames | None = None) -> Result:
        """``text`` with every identifier replaced, and the spans that say what and why."""
        if not text or not text.strip():
            return Result(original=text or "", text=text or "", spans=[])
        layer1, patterns = _union(
            text, known.find(text) if known is not None else [], detect_identifiers(text)
        )
        with self._lock:
            document = self._deduce.deidentify(text)
        certain = layer1 + patterns
        layer2: list[Span] = []
        for annotation in document.annotations:
            layer2.extend(self._deduce_spans(text, annotation, certain))
        labels = known.labels if known is not None else set()
        found = rule_spans(text, self.vocabulary, labels, self._first_name)
        rules = [s for s in found if _free(s, certain)]
        # Certain spans first; among the uncertain ones (deduce, rules) the longest wins.
        uncertain = _by_priority(layer2 + rules)
        spans = resolve(_by_priority(layer1) + _by_priority(patterns) + uncertain)
        spans = resolve(spans + repeat_spans(text, [s for s in spans if s.open]))
        return Result(original=text, text=apply_spans(text, spans), spans=spans)

    def _deduce_spans(self, text: str, annotation: Any, certain: list[Span]) -> list[Span]:
        tag = str(annotation.tag).split("+")[0].lower()
        kind, label = DEDUCE_KINDS.get(tag, (tag, f"[{tag}]"))
        if kind in KEPT_KINDS:
            return []
        pieces = [(annotation.start_char, annotation.end_char)]
        for span in certain:  # cut what layer 1 / patterns already cover
            pieces = [p for piece in pieces for p in _subtract(piece, (span.start, span.end))]
        spans = []
        for start, end in pieces:
            start, end = _trim(text, start, end)
            piece = text[start:end]
            if not _meaningful(piece) or domain_words.is_domain_phrase(piece):
                continue
            spans.append(Span(start, end, piece, kind, label, False, "deduce"))
        return spans


def _union(
    text: str, layer1: list[Span], patterns: list[Span]
) -> tuple[list[Span], list[Span]]:
    """A pattern that a layer-1 span overlaps but does not cover grows into the union of the
    two (and of every further layer-1 span it then overlaps), with the pattern's label; the
    layer-1 spans inside it go. A layer-1 span covering the pattern wholly stays as it is."""
    kept = list(layer1)
    grown: list[Span] = []
    for pattern in patterns:
        hits = [k for k in kept if _overlap(k, pattern)]
        if not hits or any(k.start <= pattern.start and pattern.end <= k.end for k in hits):
            grown.append(pattern)
            continue
        start, end = pattern.start, pattern.end
        while hits:
            start, end = min([start] + [k.start for k in hits]), max([end] + [k.end for k in hits])
            kept = [k for k in kept if k not in hits]
            hits = [k for k in kept if k.start < end and start < k.end]
        grown.append(
            Span(start, end, text[start:end], pattern.kind, pattern.label, False, "pattern")
        )
    return kept, grown


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _free(span: Span, certain: list[Span]) -> bool:
    return not any(span.start < c.end and c.start < span.end for c in certain)


def _by_priority(spans: list[Span]) -> list[Span]:
    return sorted(spans, key=lambda s: (-(s.end - s.start), s.start))


def _subtract(piece: tuple[int, int], cut: tuple[int, int]) -> list[tuple[int, int]]:
    start, end = piece
    if cut[1] <= start or cut[0] >= end:
        return [piece]
    out = []
    if cut[0] > start:
        out.append((start, cut[0]))
    if cut[1] < end:
        out.append((cut[1], end))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not (text[start].isalnum()):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "."):
        end -= 1
    return start, end


def _meaningful(piece: str) -> bool:
    """A leftover piece worth replacing: a word that is not only a title or particle."""
    from caseflow.privacy.known_names import PARTICLES

    words = [w.lower() for w in _WORD.findall(piece)]
    return any(len(w) >= 2 and w not in PARTICLES and w.rstrip(".") not in _TITLES for w in words)


# ---- loading deduce once per process --------------------------------------------------------

_instance: Deidentifier | None = None
_instance_lock = threading.Lock()


def load_deduce() -> Any:
    """Import and build deduce with caseflow's additions. Slow the very first time on a machine
    (it builds its lookup cache, ~1.5 min; ``flask privacy warm`` does that at install)."""
    root = logging.getLogger()
    guard = logging.NullHandler()
    had_handlers = bool(root.handlers)
    if not had_handlers:  # deduce calls logging.basicConfig(DEBUG → stdout) on import; not ours
        root.addHandler(guard)
    try:
        from deduce import Deduce
    finally:
        if not had_handlers:
            root.removeHandler(guard)
    deduce = Deduce()
    domain_words.extend_deduce(deduce)
    return deduce


def get_deidentifier() -> Deidentifier:
    """The process-wide engine; loads deduce on first use (thread-safe, once)."""
    global _instance
    if _instance is None:
        with _instance_lock:
            if _instance is None:
                _instance = Deidentifier()
    return _instance
