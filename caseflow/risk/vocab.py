"""Labels of the flag codes and severities (the codes themselves are fixed, see rules.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

CODE_LABELS = {
    "veel_plaatsingen_12m": _l("Veel plaatsingen in 12 maanden"),
    "veel_plaatsingen_totaal": _l("Veel plaatsingen in totaal"),
    "onplanmatig_beeindigd": _l("Plaatsing onplanmatig beëindigd"),
    "tijdelijk_te_lang": _l("Kortdurend verblijf duurt te lang"),
    "buiten_regio": _l("Geplaatst buiten de regio"),
    "lang_wachten": _l("Lang wachten op een plek"),
    "oudere_jeugdige_gedrag": _l("Oudere jeugdige met gedragsproblemen"),
    "crises_recent": _l("Meerdere crises kort na elkaar"),
    "geen_analyse_voor_plaatsing": _l("Geen verklarende analyse vóór de plaatsing"),
    "volgen_verlopen": _l("Blijven volgen verlopen"),
    "wisseling_regisseur": _l("Wisselingen van casusregisseur"),
}
SEVERITY_LABELS = {"hoog": _l("hoog"), "midden": _l("midden"), "laag": _l("laag")}
SEVERITY_CLASSES = {"hoog": "text-bg-danger", "midden": "text-bg-warning", "laag": "text-bg-info"}


def code_label(code: str) -> str:
    return str(CODE_LABELS.get(code, code))


def severity_label(severity: str) -> str:
    return str(SEVERITY_LABELS.get(severity, severity))
