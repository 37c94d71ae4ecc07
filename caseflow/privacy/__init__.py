"""De-identification shared by retrospectives, exports and intake warnings.

``engine`` (pure): ``Deidentifier.deidentify(text, known) -> Result``, ``get_deidentifier()``.
``known_names`` (pure): ``KnownNames`` — layer 1, caseflow's own names and their labels.
``patterns`` (pure): ``detect_identifiers(text)`` — BSN, phone, e-mail, postcode, … without deduce.
``known`` (database): ``region_known_names(case, session_pseudonym)`` — every name the region knows.
Nothing here imports a domain above privacy: ``known`` reads accounts and organisations and asks
the domains that registered (cases, timeline, exchange hooks) for the rest.
"""

from caseflow.privacy.known_names import KnownNames
from caseflow.privacy.patterns import detect_identifiers
from caseflow.privacy.spans import Result, Span

__all__ = ["KnownNames", "Result", "Span", "detect_identifiers"]
