"""What happens to consent, retrospectives, annotations and learning sessions. Functions take
models and the acting user, change state, and flush; the views commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.audit import services as audit
from caseflow.audit.models import AuditEvent, Grounds
from caseflow.auth.models import Role, User
from caseflow.cases.models import Case
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.retrospectives import deidentify, family_text, freeze, spans
from caseflow.retrospectives.consent import RetroError, require_complete_consent
from caseflow.retrospectives.models import (
    LearningSession,
    RetroParticipant,
    Retrospective,
    SubQuestion,
    Theme,
)
from caseflow.retrospectives.vocab import SEED_THEMES, SESSION_NAMES, RetroStatus

# --- preparing a retrospective ----------------------------------------------------------------


def ensure_themes() -> None:
    existing = set(db.session.scalars(select(Theme.code)))
    for code, label in SEED_THEMES:
        if code not in existing:
            db.session.add(Theme(code=code, label=str(label)))
    db.session.flush()


def next_session_pseudonym() -> str:
    used = set(db.session.scalars(select(Retrospective.session_pseudonym)))
    for round_ in range(1, 100):
        for name in SESSION_NAMES:
            candidate = name if round_ == 1 else f"{name} {round_}"
            if candidate not in used:
                return candidate
    raise RuntimeError("no session pseudonym left")


@dataclass
class Preparation:
    facilitator: User
    as_of: date
    held_on: date
    part_of_day: str
    main_question: str
    sub_questions: list[str] = field(default_factory=list)
    session: LearningSession | None = None


def prepare_retrospective(case: Case, data: Preparation, actor: User) -> Retrospective:
    consent = require_complete_consent(case)  # every party the child's age requires
    if data.facilitator.role != Role.FACILITATOR.value or not data.facilitator.active:
        raise RetroError(_l("Kies een actieve facilitator."), field="facilitator")
    if data.as_of > date.today():
        raise RetroError(_l("De peildatum van de tijdlijn kan niet in de toekomst liggen."),
                         field="as_of")
    ensure_themes()
    retro = Retrospective(
        case_id=case.id, session_id=data.session.id if data.session else None,
        facilitator_id=data.facilitator.id, prepared_by_id=actor.id,
        session_pseudonym=next_session_pseudonym(), main_question="",
        held_on=data.held_on, part_of_day=data.part_of_day, as_of=data.as_of, frozen_at=utcnow(),
        sub_questions=[],
    )
    db.session.add(retro)
    db.session.flush()
    record = recorder_for(retro, actor, case)
    retro.main_question = record("retro.main_question", data.main_question)
    reflection, learning_question = consent.recorded_texts()
    retro.family_reflection = record("retro.family_reflection", reflection)
    retro.learning_question = record("retro.learning_question", learning_question)
    _set_sub_questions(retro, data.sub_questions, record)
    freeze.freeze_timeline(retro, case, record)
    family_text.enter_own_words(retro, consent.records(), record)
    audit.record(actor, case, AuditEvent.CREATE, grounds=Grounds.ROLE, target="retrospective",
                 target_id=retro.id)
    return retro


def recorder_for(
    retro: Retrospective, actor: User | None = None, case: Case | None = None
) -> deidentify.Recorder:
    """The engine with everything caseflow knows in the region, and the case's pseudonym as the
    session pseudonym."""
    case = case or db.session.get(Case, retro.case_id)
    known = deidentify.known_names(case=case, session_pseudonym=retro.session_pseudonym)
    return deidentify.Recorder(spans.Owner(retro=retro), known, actor)


def _set_sub_questions(retro: Retrospective, texts: list[str], record: deidentify.Recorder) -> None:
    kept = [t.strip() for t in texts if t.strip()]
    existing = list(retro.sub_questions)
    for position, text in enumerate(kept):
        if position < len(existing):
            existing[position].text = record.refresh(
                f"sub.{position}", existing[position].text, text
            )
        else:
            retro.sub_questions.append(
                SubQuestion(position=position, text=record(f"sub.{position}", text))
            )
    for extra in existing[len(kept):]:
        deidentify.forget_field(record.owner, f"sub.{extra.position}")
        retro.sub_questions.remove(extra)


def pseudonymiser_for(retro: Retrospective):
    """Text → text with every span replaced (for showing live text once, e.g. what changed)."""
    case = db.session.get(Case, retro.case_id)
    known = deidentify.known_names(case=case, session_pseudonym=retro.session_pseudonym)
    return deidentify.safe_text(known)


def update_questions(
    retro: Retrospective, main_question: str, sub_questions: list[str], held_on: date,
    part_of_day: str, actor: User,
) -> None:
    record = recorder_for(retro, actor)
    retro.main_question = record.refresh("retro.main_question", retro.main_question, main_question)
    retro.held_on, retro.part_of_day = held_on, part_of_day
    _set_sub_questions(retro, sub_questions, record)
    db.session.flush()


FAMILY_FIELDS = {"reflectie": "family_reflection", "leervraag": "learning_question"}


def add_family_text(
    retro: Retrospective, text: str, *, source: str, field: str | None = None,
    actor: User | None = None,
) -> str:
    """The family's own words entering the retrospective, through the engine like every other
    text; their open spans join the facilitator's list. ``source`` 'reflectie' or 'leervraag'
    appends to the retrospective's own field. Any other source (the family's own words kept in
    a table of their own) needs ``field``, the key the caller stores the text under and makes
    known with ``spans.register_fields``; the text is then only returned, for the caller to
    store. Returns the stored (de-identified) text."""
    attribute = FAMILY_FIELDS.get(source)
    if attribute is None and not field:
        raise RetroError(_l("Onbekende soort tekst van het gezin."))
    stored = recorder_for(retro, actor)(field or f"retro.{attribute}", text)
    if stored and attribute and not field:
        current = getattr(retro, attribute) or ""
        setattr(retro, attribute, f"{current}\n\n{stored}" if current else stored)
    if stored and spans.open_count(spans.Owner(retro=retro)):
        retro.names_checked_at = None  # to be checked again
    db.session.flush()
    return stored


def add_participant(
    retro: Retrospective, name: str, organisation_kind: str, role: str, skj_number: str
) -> RetroParticipant:
    participant = RetroParticipant(
        retrospective_id=retro.id, name=name.strip(), organisation_kind=organisation_kind,
        role="", skj_number=skj_number.strip(),
    )
    db.session.add(participant)
    db.session.flush()
    deidentify.name_participant(spans.Owner(retro=retro), participant.name)
    # the name is for the SKJ attendance list only; the role may be shown, so it is de-identified
    participant.role = recorder_for(retro)(f"participant.{participant.id}.role", role)[:100]
    db.session.flush()
    return participant


def set_attendance(participant: RetroParticipant, attended: bool) -> None:
    participant.attended = attended
    db.session.flush()


def resolve_flag(
    retro: Retrospective, word: str, replacement: str | None, *, reason: str = "",
    actor: User | None = None,
) -> int:
    """Replace every open span of ``word`` by ``replacement`` (empty: the proposed label), or
    keep it (``None``; a reason is required). See ``spans.resolve``."""
    owner = spans.Owner(retro=retro)
    return deidentify.resolve(owner, word, replacement, reason=reason, actor=actor)


def resolve_session_flag(
    session: LearningSession, word: str, replacement: str | None, *, reason: str = "",
    actor: User | None = None,
) -> int:
    return deidentify.resolve(spans.Owner(session=session), word, replacement, reason=reason,
                         actor=actor)


def finish_retrospective(retro: Retrospective) -> None:
    if retro.status != RetroStatus.VOORBEREIDING.value:
        raise RetroError(_l("Deze retrospectief is niet meer in voorbereiding."))
    if spans.open_count(spans.Owner(retro=retro)):
        raise RetroError(_l("Afronden kan pas als alle gevonden namen zijn gecontroleerd: "
                            "vervang of behoud (met reden) wat nog open staat."), field="spans")
    retro.status = RetroStatus.AFGEROND.value
    db.session.flush()
