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


class MinutesStatus(enum.StrEnum):
    CONCEPT = "concept"
    VASTGESTELD = "vastgesteld"


class MeetingChangeKind(enum.StrEnum):
    GEWIJZIGD = "gewijzigd"  # date, time, place, chair or attendees
    GEANNULEERD = "geannuleerd"
    AGENDA_VERWIJDERD = "agenda_verwijderd"
    AGENDA_VERPLAATST = "agenda_verplaatst"  # kept on both meetings' history
    VERSLAG_VASTGESTELD = "verslag_vastgesteld"
    ADDENDUM = "addendum"


MINUTES_STATUS_LABELS = {
    MinutesStatus.CONCEPT: _l("Concept"),
    MinutesStatus.VASTGESTELD: _l("Vastgesteld"),
}

CHANGE_KIND_LABELS = {
    MeetingChangeKind.GEWIJZIGD: _l("Gewijzigd"),
    MeetingChangeKind.GEANNULEERD: _l("Geannuleerd"),
    MeetingChangeKind.AGENDA_VERWIJDERD: _l("Van de agenda gehaald"),
    MeetingChangeKind.AGENDA_VERPLAATST: _l("Naar een andere bespreking verplaatst"),
    MeetingChangeKind.VERSLAG_VASTGESTELD: _l("Verslag vastgesteld"),
    MeetingChangeKind.ADDENDUM: _l("Addendum bij het verslag"),
}

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
