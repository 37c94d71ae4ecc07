"""The retrospectives' template labels, registered from ``hooks.py``: the label dicts by name, and
the one label that is not a plain dict look-up (a frozen event's phase may be "before the RET")."""

from __future__ import annotations

from flask_babel import gettext as _

from caseflow.auth.models import ORGANISATION_KIND_LABELS
from caseflow.cases.vocab import PHASE_LABELS
from caseflow.core.labels import register_labels, register_template_value
from caseflow.retrospectives import spans
from caseflow.retrospectives.freeze import BEFORE_RET
from caseflow.retrospectives.vocab import (
    ACTION_STATUS_LABELS,
    ANNOTATION_LABELS,
    CONSENT_GIVER_LABELS,
    CONSENT_PARTY_LABELS,
    CONSENT_VIA_LABELS,
    FAMILY_TEXT_LABELS,
    PART_OF_DAY_LABELS,
    STATUS_LABELS,
)


def retro_phase_label(phase: str) -> str:
    if phase == BEFORE_RET:
        return _("Voor de RET")
    return str(PHASE_LABELS.get(phase, phase))


def register_template_labels() -> None:
    register_labels("annotation_label", ANNOTATION_LABELS)
    register_labels("retro_status_label", STATUS_LABELS)
    register_labels("part_of_day_label", PART_OF_DAY_LABELS)
    register_labels("action_status_label", ACTION_STATUS_LABELS)
    register_labels("consent_party_label", CONSENT_PARTY_LABELS)
    register_labels("consent_giver_label", CONSENT_GIVER_LABELS)
    register_labels("consent_via_label", CONSENT_VIA_LABELS)
    register_labels("family_text_label", FAMILY_TEXT_LABELS)
    register_labels("organisation_kind_label", ORGANISATION_KIND_LABELS)
    register_template_value("retro_phase_label", retro_phase_label)
    register_template_value("span_kind_label", spans.kind_label)
    register_template_value("span_summary", spans.summary_text)
