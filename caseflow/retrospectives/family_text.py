"""The family's own words in a retrospective: a reflection or learning question the young person
or a parent wrote themselves (through a personal link), de-identified like the rest of the
retrospective and kept apart, marked as theirs, so the verslag can show them as their words."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.retrospectives import deidentify, spans
from caseflow.retrospectives.family_models import OWN_WORDS, FamilyText
from caseflow.retrospectives.models import RetroConsent, Retrospective
from caseflow.retrospectives.vocab import (
    CONSENT_PARTY_LABELS,
    FAMILY_TEXT_LABELS,
    ConsentVia,
    FamilyTextKind,
)


def enter_family_text(
    retro: Retrospective, text: str, *, kind: FamilyTextKind, party: str,
    family_link_id: int | None = None, record: deidentify.Recorder | None = None,
) -> FamilyText | None:
    """THE one place the family's text enters a retrospective: through the de-identification
    engine like every other text of the retrospective (known names replaced, unknown spans as
    placeholders on the facilitator's list), kept in its own row marked as the family's words.
    ``record`` is the retrospective's recorder when the caller has one (at preparation)."""
    text = (text or "").strip()
    if not text:
        return None
    if record is None:
        case = db.session.get(Case, retro.case_id)
        known = deidentify.known_names(case=case, session_pseudonym=retro.session_pseudonym)
        record = deidentify.Recorder(spans.Owner(retro=retro), known)
    row = FamilyText(
        retrospective_id=retro.id, kind=FamilyTextKind(kind).value, party=party,
        source=OWN_WORDS, text="", family_link_id=family_link_id,
    )
    db.session.add(row)
    db.session.flush()  # the row's id names its field on the span list
    row.text = record(f"family.{row.id}", text)
    if spans.open_count(spans.Owner(retro=retro)):
        retro.names_checked_at = None  # to be checked again
    db.session.flush()
    return row


def _own_words_fields(owner: spans.Owner) -> dict[str, tuple[object, str]]:
    """The family's own words join the retrospective's texts, so a decision on a span reaches
    them too."""
    if owner.retro is None:
        return {}
    return {f"family.{row.id}": (row, "text") for row in own_words(owner.retro)}


spans.register_fields(_own_words_fields)


def enter_own_words(
    retro: Retrospective, records: list[RetroConsent], record: deidentify.Recorder | None = None
) -> None:
    """At preparation: what each party wrote through a link when giving consent."""
    for consent in records:
        if consent.via != ConsentVia.LINK.value:
            continue
        for kind, text in ((FamilyTextKind.REFLECTIE, consent.reflection),
                           (FamilyTextKind.LEERVRAAG, consent.learning_question)):
            enter_family_text(retro, text, kind=kind, party=consent.party,
                              family_link_id=consent.family_link_id, record=record)


def own_words(retro: Retrospective) -> list[FamilyText]:
    return list(
        db.session.scalars(
            select(FamilyText)
            .where(FamilyText.retrospective_id == retro.id)
            .order_by(FamilyText.id)
        )
    )


def docx_own_words(document, page, level: int) -> None:
    """The verslag's DOCX block, as templates/retrospectives/_own_words.html."""
    if not page.visible or not page.own_words:
        return
    document.add_heading(_("In eigen woorden van het gezin"), level)
    for own in page.own_words:
        who = str(CONSENT_PARTY_LABELS.get(own.party, own.party)).lower()
        paragraph = document.add_paragraph()
        paragraph.add_run(
            f"{FAMILY_TEXT_LABELS.get(own.kind, own.kind)} — "
            + _("eigen woorden van %(who)s", who=who)
        ).bold = True
        paragraph.add_run(" " + _("(zelf geschreven via een persoonlijke link; namen vervangen)"))
        document.add_paragraph(spans.plain(own.text), style="Quote")
