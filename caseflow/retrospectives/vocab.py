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
    ConsentGiver.OUDERS: _l("Ouders/gezaghebbenden"),
    ConsentGiver.JONGERE: _l("De jongere (16+)"),
    ConsentGiver.OUDERS_EN_JONGERE: _l("Ouders én jongere"),
    ConsentGiver.VOOGD: _l("Voogd"),
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
