"""Identifiers of the case domain with their (translatable) labels."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from caseflow.cases.workflow import ClosingReason, Phase, Trigger


class ReferrerType(enum.StrEnum):
    GEMEENTE = "gemeente"
    GI = "gi"
    HUISARTS = "huisarts"
    ZORGAANBIEDER = "zorgaanbieder"
    VEILIG_THUIS = "veilig_thuis"
    ONDERWIJS = "onderwijs"
    OUDERS = "ouders"
    OVERIG = "overig"


class ProblemArea(enum.StrEnum):
    TRAUMA = "trauma"
    HECHTING = "hechting"
    ASS = "ass"
    LVB = "lvb"
    GGZ = "ggz"
    GEDRAG = "gedrag"
    VERSLAVING = "verslaving"
    THUISZITTEN = "thuiszitten"
    HUISELIJK_GEWELD = "huiselijk_geweld"
    OVERIG = "overig"


class MemberRole(enum.StrEnum):
    CASUSREGISSEUR = "casusregisseur"
    JEUGDBESCHERMER = "jeugdbeschermer"
    ZORGAANBIEDER = "zorgaanbieder"
    CONSULENT_GEMEENTE = "consulent_gemeente"
    ONDERWIJS = "onderwijs"
    GEDRAGSWETENSCHAPPER = "gedragswetenschapper"
    OVERIG = "overig"


class DecisionKind(enum.StrEnum):
    GEEN_PLAATSING_NODIG = "geen_plaatsing_nodig"
    BESLUIT_BUITEN_VERGADERING = "besluit_buiten_vergadering"


PHASE_LABELS = {
    Phase.AANMELDING: _l("Aanmelding"),
    Phase.VERKLARENDE_ANALYSE: _l("Verklarende analyse"),
    Phase.RET_BESPREKING: _l("RET-bespreking"),
    Phase.PLAATSING: _l("Plaatsing"),
    Phase.BLIJVEN_VOLGEN: _l("Blijven volgen"),
    Phase.EVALUATIE: _l("Evaluatie"),
    Phase.AFGESLOTEN: _l("Afgesloten"),
}

TRIGGER_LABELS = {
    Trigger.START_ANALYSE: _l("Start verklarende analyse"),
    Trigger.NAAR_RET: _l("Naar RET-bespreking"),
    Trigger.NAAR_PLAATSING: _l("Naar plaatsing"),
    Trigger.START_VOLGEN: _l("Start blijven volgen"),
    Trigger.NAAR_EVALUATIE: _l("Naar evaluatie"),
    Trigger.HERANALYSE: _l("Terug naar verklarende analyse"),
    Trigger.TERUG_NAAR_RET: _l("Terug naar RET-bespreking"),
    Trigger.TERUG_NAAR_VOLGEN: _l("Terug naar blijven volgen"),
    Trigger.AFSLUITEN: _l("Casus afsluiten"),
    Trigger.HEROPENEN: _l("Casus heropenen"),
}

CLOSING_REASON_LABELS = {
    ClosingReason.AFGEROND: _l("Afgerond"),
    ClosingReason.NIET_ONTVANKELIJK: _l("Niet ontvankelijk"),
    ClosingReason.OVERGEDRAGEN: _l("Overgedragen aan een andere regio"),
    ClosingReason.INGETROKKEN: _l("Ingetrokken"),
    ClosingReason.OVERIG: _l("Overig"),
}

REFERRER_LABELS = {
    ReferrerType.GEMEENTE: _l("Gemeente / lokaal team"),
    ReferrerType.GI: _l("Gecertificeerde instelling (GI)"),
    ReferrerType.HUISARTS: _l("Huisarts"),
    ReferrerType.ZORGAANBIEDER: _l("Zorgaanbieder"),
    ReferrerType.VEILIG_THUIS: _l("Veilig Thuis"),
    ReferrerType.ONDERWIJS: _l("Onderwijs"),
    ReferrerType.OUDERS: _l("Ouders / jeugdige zelf"),
    ReferrerType.OVERIG: _l("Overig"),
}

PROBLEM_AREA_LABELS = {
    ProblemArea.TRAUMA: _l("Trauma"),
    ProblemArea.HECHTING: _l("Hechting"),
    ProblemArea.ASS: _l("Autismespectrum (ASS)"),
    ProblemArea.LVB: _l("Licht verstandelijke beperking (LVB)"),
    ProblemArea.GGZ: _l("Psychische problemen (GGZ)"),
    ProblemArea.GEDRAG: _l("Gedragsproblemen"),
    ProblemArea.VERSLAVING: _l("Verslaving"),
    ProblemArea.THUISZITTEN: _l("Thuiszitten / geen school"),
    ProblemArea.HUISELIJK_GEWELD: _l("Huiselijk geweld"),
    ProblemArea.OVERIG: _l("Overig"),
}

MEMBER_ROLE_LABELS = {
    MemberRole.CASUSREGISSEUR: _l("Casusregisseur"),
    MemberRole.JEUGDBESCHERMER: _l("Jeugdbeschermer (GI)"),
    MemberRole.ZORGAANBIEDER: _l("Zorgaanbieder"),
    MemberRole.CONSULENT_GEMEENTE: _l("Consulent gemeente"),
    MemberRole.ONDERWIJS: _l("Onderwijs"),
    MemberRole.GEDRAGSWETENSCHAPPER: _l("Gedragswetenschapper"),
    MemberRole.OVERIG: _l("Overig"),
}

DECISION_LABELS = {
    DecisionKind.GEEN_PLAATSING_NODIG: _l("Geen plaatsing nodig"),
    DecisionKind.BESLUIT_BUITEN_VERGADERING: _l("Besluit buiten vergadering"),
}


def choices(labels: dict) -> list[tuple[str, object]]:
    return [(str(key), label) for key, label in labels.items()]


def sql_in(enum_cls: type[enum.StrEnum]) -> str:
    """The body of a CHECK constraint listing an enum's values."""
    return ", ".join(f"'{member.value}'" for member in enum_cls)


class LegalFramework(enum.StrEnum):
    """The legal framework of the care (issue 24): voluntary, or which measure."""

    VRIJWILLIG = "vrijwillig"
    ONDERTOEZICHTSTELLING = "ondertoezichtstelling"
    VOOGDIJ = "voogdij"
    JEUGDRECLASSERING = "jeugdreclassering"
    MACHTIGING_GESLOTEN = "machtiging_gesloten_jeugdhulp"


LEGAL_FRAMEWORK_LABELS = {
    LegalFramework.VRIJWILLIG: _l("vrijwillig kader"),
    LegalFramework.ONDERTOEZICHTSTELLING: _l("ondertoezichtstelling (OTS)"),
    LegalFramework.VOOGDIJ: _l("voogdij"),
    LegalFramework.JEUGDRECLASSERING: _l("jeugdreclassering"),
    LegalFramework.MACHTIGING_GESLOTEN: _l("machtiging gesloten jeugdhulp"),
}
