"""The search's words: setting needs, region preference, kindgericht werven, answers, refusal
reasons and how a search ends."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class SettingNeed(enum.StrEnum):
    KLEINSCHALIG = "kleinschalig"
    EEN_OP_EEN = "een_op_een"
    PRIKKELARM = "prikkelarm"
    GEZINSGERICHT = "gezinsgericht"
    GESLOTEN = "gesloten"
    NABIJ_SCHOOL = "nabij_school"
    BROERS_ZUSSEN = "broers_zussen"


class RegionPreference(enum.StrEnum):
    IN_REGIO = "in_regio"
    BUITEN_REGIO = "buiten_regio"
    GEEN_VOORKEUR = "geen_voorkeur"


class WervingStatus(enum.StrEnum):
    """Kindgericht werven: looking for a (foster) family or place around this one child."""

    GEEN = "geen"
    GESTART = "gestart"
    KANDIDAAT = "kandidaat"
    GEVONDEN = "gevonden"
    GESTOPT = "gestopt"


class Answer(enum.StrEnum):
    JA = "ja"
    NEE = "nee"
    WACHTLIJST = "wachtlijst"
    GEEN_REACTIE = "geen_reactie"


class RefusalReason(enum.StrEnum):
    VOL = "vol"
    DOELGROEP = "doelgroep"
    TE_COMPLEX = "te_complex"
    LEEFTIJD = "leeftijd"
    REGIO = "regio"
    FINANCIERING = "financiering"
    ANDERS = "anders"


class CloseKind(enum.StrEnum):
    PLAATSING = "plaatsing"
    THUIS_AMBULANT = "thuis_ambulant"
    MAATWERK = "maatwerk"
    GESTOPT = "gestopt"


SETTING_LABELS = {
    SettingNeed.KLEINSCHALIG: _l("Kleinschalig"),
    SettingNeed.EEN_OP_EEN: _l("Eén-op-één-begeleiding"),
    SettingNeed.PRIKKELARM: _l("Prikkelarm"),
    SettingNeed.GEZINSGERICHT: _l("Gezinsgericht"),
    SettingNeed.GESLOTEN: _l("Gesloten nodig"),
    SettingNeed.NABIJ_SCHOOL: _l("Dicht bij school"),
    SettingNeed.BROERS_ZUSSEN: _l("Broers en zussen samen"),
}
REGION_LABELS = {
    RegionPreference.IN_REGIO: _l("In de regio"),
    RegionPreference.BUITEN_REGIO: _l("Buiten de regio"),
    RegionPreference.GEEN_VOORKEUR: _l("Geen voorkeur"),
}
WERVING_LABELS = {
    WervingStatus.GEEN: _l("Niet gestart"),
    WervingStatus.GESTART: _l("Gestart"),
    WervingStatus.KANDIDAAT: _l("Kandidaat in beeld"),
    WervingStatus.GEVONDEN: _l("Gevonden"),
    WervingStatus.GESTOPT: _l("Gestopt"),
}
ANSWER_LABELS = {
    Answer.JA: _l("Ja"),
    Answer.NEE: _l("Nee"),
    Answer.WACHTLIJST: _l("Wachtlijst"),
    Answer.GEEN_REACTIE: _l("Geen reactie"),
}
REFUSAL_LABELS = {
    RefusalReason.VOL: _l("Vol"),
    RefusalReason.DOELGROEP: _l("Past niet bij de doelgroep"),
    RefusalReason.TE_COMPLEX: _l("Te complex"),
    RefusalReason.LEEFTIJD: _l("Leeftijd"),
    RefusalReason.REGIO: _l("Regio"),
    RefusalReason.FINANCIERING: _l("Financiering"),
    RefusalReason.ANDERS: _l("Anders"),
}
CLOSE_LABELS = {
    CloseKind.PLAATSING: _l("Plaatsing gestart"),
    CloseKind.THUIS_AMBULANT: _l("Thuis met ambulante hulp"),
    CloseKind.MAATWERK: _l("Maatwerk"),
    CloseKind.GESTOPT: _l("Gestopt"),
}

# The label set of the answers in timeline titles (``term(ANSWER_TERM, code)``, shown in the
# reader's language); registered in ``search/hooks.py``.
ANSWER_TERM = "search_answer_label"
