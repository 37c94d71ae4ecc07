"""Identifiers of the meetings domain with their (translatable) labels."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Mandate(enum.StrEnum):
    """What the RET may decide differs per region: record on what footing each decision stands."""

    ADVIES = "advies"
    BESLUIT = "besluit"
    DOORZETTINGSMACHT = "doorzettingsmacht"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    GEDAAN = "gedaan"
    VERVALLEN = "vervallen"


class GuestRole(enum.StrEnum):
    """External guests are recorded by their role only, never by name."""

    OUDER = "ouder"
    JEUGDIGE = "jeugdige"
    VERWIJZER = "verwijzer"
    NETWERK = "netwerk"
    HUISARTS = "huisarts"
    OVERIG = "overig"


MANDATE_LABELS = {
    Mandate.ADVIES: _l("Advies"),
    Mandate.BESLUIT: _l("Besluit (mandaat)"),
    Mandate.DOORZETTINGSMACHT: _l("Doorzettingsmacht"),
}

ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: _l("Open"),
    ActionStatus.GEDAAN: _l("Gedaan"),
    ActionStatus.VERVALLEN: _l("Vervallen"),
}

GUEST_ROLE_LABELS = {
    GuestRole.OUDER: _l("Ouder"),
    GuestRole.JEUGDIGE: _l("Jeugdige"),
    GuestRole.VERWIJZER: _l("Verwijzer"),
    GuestRole.NETWERK: _l("Netwerk (familie, buren)"),
    GuestRole.HUISARTS: _l("Huisarts"),
    GuestRole.OVERIG: _l("Overig"),
}
