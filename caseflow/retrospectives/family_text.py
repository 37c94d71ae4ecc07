"""The family's own words in a retrospective: a reflection or learning question the young person
or a parent wrote themselves (through a personal link), de-identified like the rest of the
retrospective and kept apart, marked as theirs, so the verslag can show them as their words."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.retrospectives.family_models import OWN_WORDS, FamilyText
from caseflow.retrospectives.models import NameFlag, RetroConsent, Retrospective
from caseflow.retrospectives.pseudonymise import Pseudonymiser, for_case
from caseflow.retrospectives.vocab import (
    CONSENT_PARTY_LABELS,
    FAMILY_TEXT_LABELS,
    ConsentVia,
    FamilyTextKind,
)


def enter_family_text(
    retro: Retrospective, text: str, *, kind: FamilyTextKind, party: str,
    family_link_id: int | None = None, pseudonymise: Pseudonymiser | None = None,
) -> FamilyText | None:
    """THE one place the family's text enters a retrospective. It is de-identified with the
    retrospective's pseudonymiser (what ``services.pseudonymiser_for(retro)`` returns; that module
    imports this one, hence ``for_case`` here) and its possible names are flagged for the
    facilitator, as the frozen timeline's are. At the merge with the de-identification engine
    this body becomes ``services.add_family_text(retro, text, source=OWN_WORDS)``."""
    text = (text or "").strip()
    if not text:
        return None
    if pseudonymise is None:
        pseudonymise = for_case(db.session.get(Case, retro.case_id), retro.session_pseudonym)
    clean = pseudonymise(text)
    _flag(retro, pseudonymise, clean)
    row = FamilyText(
        retrospective_id=retro.id, kind=FamilyTextKind(kind).value, party=party,
        source=OWN_WORDS, text=clean, family_link_id=family_link_id,
    )
    db.session.add(row)
    db.session.flush()
    return row


def _flag(retro: Retrospective, pseudonymise: Pseudonymiser, text: str) -> None:
    """Like ``freeze.record_flags``, but a word flagged before is counted on its own row (not a
    second one), and one that was replaced is opened again: the new text still has it."""
    existing = {
        flag.word: flag for flag in db.session.scalars(
            select(NameFlag).where(NameFlag.retrospective_id == retro.id)
        )
    }
    for word, number in sorted(pseudonymise.flags(text).items()):
        flag = existing.get(word[:100])
        if flag is None:
            db.session.add(NameFlag(retrospective_id=retro.id, word=word[:100],
                                    occurrences=number))
            retro.names_checked_at = None
        else:
            flag.occurrences += number
            if flag.resolution == "vervangen":
                flag.resolution = None
                retro.names_checked_at = None


def enter_own_words(
    retro: Retrospective, records: list[RetroConsent], pseudonymise: Pseudonymiser
) -> None:
    """At preparation: what each party wrote through a link when giving consent."""
    for record in records:
        if record.via != ConsentVia.LINK.value:
            continue
        for kind, text in ((FamilyTextKind.REFLECTIE, record.reflection),
                           (FamilyTextKind.LEERVRAAG, record.learning_question)):
            enter_family_text(retro, text, kind=kind, party=record.party,
                              family_link_id=record.family_link_id, pseudonymise=pseudonymise)


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
        document.add_paragraph(own.text, style="Quote")
