"""The engine's value types: a span found in a text, and the result of de-identifying a text.

Pure (no database, no deduce), so every layer and every caller can share them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Where a span came from. ``known``: caseflow's own lists (layer 1), certain, always replaced.
# ``pattern``: a checked pattern (BSN with 11-proef, phone, e-mail, URL, postcode, address, date of
# birth), certain, always replaced. ``deduce``: the statistical/lookup layer (layer 2), replaced
# but *uncertain*: such spans are the "open" ones a facilitator resolves (replace / keep + reason).
SOURCES = ("known", "pattern", "deduce")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    kind: str  # 'persoon', 'locatie', 'instelling', 'zorgaanbieder', 'gemeente', 'bsn', ...
    label: str  # the replacement text, e.g. "[persoon]" or "[jeugdbeschermer, gecertificeerde …]"
    known: bool  # True: from caseflow's own lists (layer 1)
    source: str = ""  # one of SOURCES; defaults from ``known``

    def __post_init__(self) -> None:
        if not self.source:
            object.__setattr__(self, "source", "known" if self.known else "deduce")

    @property
    def open(self) -> bool:
        """Uncertain: found by deduce, not by caseflow's lists nor a checked pattern."""
        return self.source == "deduce"


@dataclass
class Result:
    original: str
    text: str  # ``original`` with every span replaced by its label
    spans: list[Span] = field(default_factory=list)

    @property
    def open_spans(self) -> list[Span]:
        """The spans a facilitator resolves: neither known to caseflow nor a checked pattern."""
        return [s for s in self.spans if s.open]

    @property
    def known_spans(self) -> list[Span]:
        return [s for s in self.spans if s.known]


def apply_spans(original: str, spans: list[Span]) -> str:
    """``original`` with each (non-overlapping, sorted) span replaced by its label."""
    out: list[str] = []
    position = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < position:  # defensive: overlapping spans are resolved before this
            continue
        out.append(original[position : span.start])
        out.append(span.label)
        position = span.end
    out.append(original[position:])
    return "".join(out)


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
