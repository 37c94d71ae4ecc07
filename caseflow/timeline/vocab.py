"""Labels of the timeline's identifiers."""

from flask_babel import lazy_gettext as _l

from caseflow.timeline.models import DatePrecision, EndingKind, EndReason, EventKind, PlacementType

EVENT_KIND_LABELS = {
    EventKind.CRISIS: _l("Crisis"),
    EventKind.INCIDENT: _l("Incident"),
    EventKind.GESPREK: _l("Gesprek"),
    EventKind.BESLUIT: _l("Besluit"),
    EventKind.ANALYSE: _l("Analyse"),
    EventKind.SCHOOL: _l("School"),
    EventKind.WACHTLIJST: _l("Wachtlijst"),
    EventKind.NETWERK: _l("Netwerk"),
    EventKind.EVALUATIEMOMENT: _l("Evaluatiemoment"),
    EventKind.CONTACT_JEUGDIGE: _l("Contact met de jeugdige"),
    EventKind.WISSELING_REGISSEUR: _l("Wisseling casusregisseur"),
    EventKind.FASE: _l("Fase"),
    EventKind.PLAATSING: _l("Plaatsing"),
    EventKind.OVERIG: _l("Overig"),
    EventKind.ZOEKTOCHT: _l("Zoektocht naar een plek"),
}

# Kinds a person logs by hand (phase moves and placements are written by caseflow itself).
LOGGABLE_KINDS = [
    k for k in EventKind if k not in (EventKind.FASE, EventKind.PLAATSING, EventKind.ZOEKTOCHT)
]

PRECISION_LABELS = {
    DatePrecision.DAY: _l("Op de dag"),
    DatePrecision.MONTH: _l("Alleen de maand"),
    DatePrecision.APPROXIMATE: _l("Ongeveer"),
}

PLACEMENT_TYPE_LABELS = {
    PlacementType.PLEEGZORG: _l("Pleegzorg"),
    PlacementType.GEZINSHUIS: _l("Gezinshuis"),
    PlacementType.VERBLIJF_24UUR: _l("24-uurs verblijf"),
    PlacementType.GGZ_VERBLIJF: _l("Verblijf GGZ"),
    PlacementType.DRIEMILIEU: _l("Driemilieuvoorziening"),
    PlacementType.BESCHERMD_WONEN: _l("Beschermd wonen"),
    PlacementType.GESLOTEN: _l("Gesloten jeugdhulp (JeugdzorgPlus)"),
    PlacementType.KORTDUREND_VERBLIJF: _l("Kortdurend verblijf"),
    PlacementType.THUIS_AMBULANT: _l("Thuis met ambulante hulp"),
    PlacementType.MAATWERK: _l("Maatwerk"),
}

ENDING_LABELS = {
    EndingKind.PLANMATIG: _l("Volgens plan"),
    EndingKind.ONPLANMATIG: _l("Onplanmatig"),
}

END_REASON_LABELS = {
    EndReason.CRISIS: _l("Crisis"),
    EndReason.AANBIEDER_STOPT: _l("Aanbieder stopt"),
    EndReason.WEGGELOPEN: _l("Weggelopen"),
    EndReason.GEEN_PASSEND_VERVOLG: _l("Geen passend vervolg"),
    EndReason.OVERIG: _l("Overig"),
}
