"""Labels of the outcome identifiers, and of the tariff kinds of placements."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from caseflow.outcome.models import GoalFor, GoalStatus, MissingVoice


class TariffKind(enum.StrEnum):
    PER_DAG = "per_dag"
    TOTAAL = "totaal"  # one amount for the whole placement, e.g. maatwerk


GOAL_FOR_LABELS = {
    GoalFor.JEUGDIGE: _l("Jeugdige"),
    GoalFor.OUDERS: _l("Ouders"),
    GoalFor.GEZIN: _l("Gezin"),
    GoalFor.NETWERK: _l("Netwerk"),
}

GOAL_STATUS_LABELS = {
    GoalStatus.ACTIEF: _l("Actief"),
    GoalStatus.BEHAALD: _l("Behaald"),
    GoalStatus.DEELS: _l("Deels behaald"),
    GoalStatus.NIET_BEHAALD: _l("Niet behaald"),
    GoalStatus.VERVALLEN: _l("Vervallen"),
}

MISSING_VOICE_LABELS = {
    MissingVoice.WILDE_NIET: _l("Wilde niet"),
    MissingVoice.NIET_GEVRAAGD: _l("Niet gevraagd"),
    MissingVoice.NIET_BEREIKBAAR: _l("Niet bereikbaar"),
    MissingVoice.TE_JONG: _l("Te jong om te vragen"),
    MissingVoice.OVERIG: _l("Andere reden"),
}

GAS_LABELS = {
    -2: _l("-2 veel slechter dan verwacht"),
    -1: _l("-1 slechter dan verwacht"),
    0: _l("0 zoals verwacht"),
    1: _l("+1 beter dan verwacht"),
    2: _l("+2 veel beter dan verwacht"),
}

TARIFF_KIND_LABELS = {
    TariffKind.PER_DAG: _l("Per dag"),
    TariffKind.TOTAAL: _l("Totaalbedrag (maatwerk)"),
}
