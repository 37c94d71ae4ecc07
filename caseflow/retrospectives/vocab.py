"""Identifiers of the retrospectives domain (VIPP-lijn) with their translatable labels."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class AnnotationType(enum.StrEnum):
    OBSERVATIE = "observatie"
    PATROON = "patroon"
    KANTELPUNT = "kantelpunt"
    GEMISTE_KANS = "gemiste_kans"
    WERKZAAM_ELEMENT = "werkzaam_element"
    VRAAG = "vraag"


ANNOTATION_LABELS = {
    AnnotationType.OBSERVATIE: _l("Observatie"),
    AnnotationType.PATROON: _l("Patroon"),
    AnnotationType.KANTELPUNT: _l("Kantelpunt"),
    AnnotationType.GEMISTE_KANS: _l("Gemiste kans"),
    AnnotationType.WERKZAAM_ELEMENT: _l("Werkzaam element"),
    AnnotationType.VRAAG: _l("Vraag"),
}


class RetroStatus(enum.StrEnum):
    VOORBEREIDING = "voorbereiding"
    AFGEROND = "afgerond"
    VERVALLEN = "vervallen"  # consent withdrawn before the session


STATUS_LABELS = {
    RetroStatus.VOORBEREIDING: _l("In voorbereiding"),
    RetroStatus.AFGEROND: _l("Afgerond"),
    RetroStatus.VERVALLEN: _l("Vervallen (toestemming ingetrokken)"),
}


class PartOfDay(enum.StrEnum):
    OCHTEND = "ochtend"
    MIDDAG = "middag"


PART_OF_DAY_LABELS = {PartOfDay.OCHTEND: _l("ochtend"), PartOfDay.MIDDAG: _l("middag")}


class ConsentGiver(enum.StrEnum):
    OUDERS = "ouders"
    JONGERE = "jongere"
    OUDERS_EN_JONGERE = "ouders_en_jongere"
    VOOGD = "voogd"


CONSENT_GIVER_LABELS = {
    ConsentGiver.OUDERS: _l("Ouder(s) met gezag"),
    ConsentGiver.JONGERE: _l("De jongere"),
    ConsentGiver.OUDERS_EN_JONGERE: _l("Ouders én jongere"),  # before issue 18; none left
    ConsentGiver.VOOGD: _l("Voogd"),
}
# Who can be asked for consent now: one party per row (a combined row is no longer written).
CONSENT_GIVER_CHOICES = {
    key: CONSENT_GIVER_LABELS[key]
    for key in (ConsentGiver.OUDERS, ConsentGiver.VOOGD, ConsentGiver.JONGERE)
}


class ConsentParty(enum.StrEnum):
    """Whose consent a row is (WGBO/Jeugdwet): the young person, or whoever has authority over
    them (the parent(s) with gezag, or a voogd — one party: they decide together)."""

    JONGERE = "jongere"
    GEZAG = "gezag"


CONSENT_PARTY_LABELS = {
    ConsentParty.JONGERE: _l("De jongere"),
    ConsentParty.GEZAG: _l("Ouder(s) met gezag of voogd"),
}


def party_of(given_by: str) -> ConsentParty:
    return ConsentParty.JONGERE if given_by == ConsentGiver.JONGERE else ConsentParty.GEZAG


class AgeBand(enum.StrEnum):
    ONDER_12 = "onder_12"
    VAN_12_TOT_16 = "12_tot_16"
    VANAF_16 = "vanaf_16"


AGE_BAND_LABELS = {
    AgeBand.ONDER_12: _l("jonger dan 12 jaar"),
    AgeBand.VAN_12_TOT_16: _l("12 tot 16 jaar"),
    AgeBand.VANAF_16: _l("16 jaar of ouder"),
}
REQUIRED_PARTIES = {
    AgeBand.ONDER_12: (ConsentParty.GEZAG,),
    AgeBand.VAN_12_TOT_16: (ConsentParty.JONGERE, ConsentParty.GEZAG),
    AgeBand.VANAF_16: (ConsentParty.JONGERE,),
}
AGE_BAND_RULES = {
    AgeBand.ONDER_12: _l("Onder de 12 jaar geven de ouder(s) met gezag (of de voogd) toestemming."),
    AgeBand.VAN_12_TOT_16: _l(
        "Van 12 tot 16 jaar geven de jongere én de ouder(s) met gezag (of de voogd) toestemming."
    ),
    AgeBand.VANAF_16: _l("Vanaf 16 jaar geeft de jongere zelf toestemming."),
}


class ConsentVia(enum.StrEnum):
    PROFESSIONAL = "professional"  # recorded by the chair or process coordinator
    LINK = "link"  # given by the family themselves through a personal link


CONSENT_VIA_LABELS = {
    ConsentVia.PROFESSIONAL: _l("vastgelegd door een professional"),
    ConsentVia.LINK: _l("zelf gegeven via een persoonlijke link"),
}


class FamilyTextKind(enum.StrEnum):
    REFLECTIE = "reflectie"
    LEERVRAAG = "leervraag"


FAMILY_TEXT_LABELS = {
    FamilyTextKind.REFLECTIE: _l("Reflectie"),
    FamilyTextKind.LEERVRAAG: _l("Leervraag"),
}


class ConsentScope(enum.StrEnum):
    RETROSPECTIEF = "retrospectief"
    RETROSPECTIEF_EN_LEERBIJEENKOMST = "retrospectief_en_leerbijeenkomst"


CONSENT_SCOPE_LABELS = {
    ConsentScope.RETROSPECTIEF: _l("Alleen de retrospectieve analyse"),
    ConsentScope.RETROSPECTIEF_EN_LEERBIJEENKOMST: _l(
        "Retrospectieve analyse én inzichten in de leerbijeenkomst"
    ),
}


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    LOOPT = "loopt"
    AFGEROND = "afgerond"


ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: _l("Open"),
    ActionStatus.LOOPT: _l("Loopt"),
    ActionStatus.AFGEROND: _l("Afgerond"),
}

# The patterns named in the plan (seed 004), seeded as the shared theme list.
SEED_THEMES = [
    ("analyse_te_laat", _l("Analyse te laat")),
    ("doormodderen", _l("Doormodderen")),
    ("kind_uit_beeld", _l("Kind uit beeld")),
    ("rollen_onduidelijk", _l("Rollen en verwachtingen onduidelijk")),
    ("hete_aardappel", _l("Hete aardappel doorgegeven")),
    ("tegenover_elkaar", _l("Tegenover elkaar in plaats van naast elkaar")),
    ("ouders_niet_meegenomen", _l("Ouders niet meegenomen")),
    ("niet_blijven_volgen", _l("Niet blijven volgen")),
]

# Session pseudonyms: neutral tree names, never anything like a person's name.
SESSION_NAMES = [
    "Esdoorn", "Linde", "Wilg", "Berk", "Eik", "Els", "Hazelaar", "Lijsterbes", "Beuk", "Iep",
    "Populier", "Kastanje", "Vlier", "Meidoorn", "Taxus", "Spar",
]
