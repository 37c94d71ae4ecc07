"""The retrospectives' pseudonymiser — now a thin shim over ``caseflow.privacy``.

``Pseudonymiser`` replaces the names caseflow knows (layer 1, ``caseflow.privacy.KnownNames``);
``for_case`` fills it with every name of the region (``caseflow.privacy.known``). The full engine
(deduce for names nobody told caseflow about, certain patterns like BSN and phone numbers) is
``caseflow.privacy.engine.get_deidentifier().deidentify(text, known)``; callers move to it.
``flags`` is the old capitalised-word check, without the domain's own words and name particles.
"""

from __future__ import annotations

import re
from collections import Counter

from caseflow.cases.models import Case
from caseflow.privacy.domain_words import DOMAIN_WORDS
from caseflow.privacy.known import member_label, region_known_names
from caseflow.privacy.known_names import PARTICLES, KnownNames
from caseflow.privacy.spans import apply_spans

__all__ = ["Pseudonymiser", "for_case", "member_label", "ALLOWED", "PARTICLES"]

# Capitalised words that are not names: the domain's abbreviations and common words.
ALLOWED = {w.capitalize() for w in DOMAIN_WORDS} | {
    "RET", "GI", "GGZ", "ASS", "LVB", "SKJ", "VIPP", "JZ", "OTS", "VOTS", "Nederland", "Gooi",
    "Vechtstreek", "Plus",
}
WORD = re.compile(r"[A-ZÀ-Ý][\wÀ-ÿ'’-]*")
SENTENCE_START = re.compile(r"(^|[.!?:;\n]\s*|[\"“(]\s*)$")


class Pseudonymiser(KnownNames):
    """Layer 1 as a callable: ``pseudonymise(text)`` replaces every known name by its label."""

    def add(self, name: str, label: str, *, kind: str = "persoon", parts: bool = True) -> None:
        super().add(name, label, kind=kind, parts=parts)

    def __call__(self, text: str) -> str:
        if not text:
            return text or ""
        return apply_spans(text, self.find(text))

    @property
    def replacements(self) -> list[tuple[str, str]]:
        return [(entry.variant, entry.label) for entry in self.entries.values()]

    def flags(self, text: str) -> Counter[str]:
        """Capitalised words left in already pseudonymised text that may be names."""
        label_words = {w for label in self.labels for w in WORD.findall(label)}
        found: Counter[str] = Counter()
        for match in WORD.finditer(text or ""):
            word = match.group(0)
            if word in ALLOWED or word in label_words or word.isupper() and len(word) <= 5:
                continue
            if word.lower() in PARTICLES or word.lower() in DOMAIN_WORDS:
                continue
            if SENTENCE_START.search(text[: match.start()]):
                continue
            found[word] += 1
        return found


def for_case(case: Case, session_pseudonym: str) -> Pseudonymiser:
    """The pseudonymiser for one case: its pseudonym and every name the region knows."""
    pseudonymiser = Pseudonymiser()
    known = region_known_names(case, session_pseudonym)
    pseudonymiser.entries.update(known.entries)
    return pseudonymiser
