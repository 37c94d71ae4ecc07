"""What happens to consent, retrospectives, annotations and learning sessions. Functions take
models and the acting user, change state, and flush; the views commit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseflow.auth.models import Role, User
from caseflow.cases.models import Case
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.retrospectives import family_text, freeze
from caseflow.retrospectives.consent import RetroError, require_complete_consent
from caseflow.retrospectives.models import (
    Annotation,
    FrozenEvent,
    ImprovementAction,
    LearningSession,
    NameFlag,
    RetroParticipant,
    Retrospective,
    SubQuestion,
    Theme,
)
from caseflow.retrospectives.pseudonymise import Pseudonymiser, for_case
from caseflow.retrospectives.vocab import (
    SEED_THEMES,
    SESSION_NAMES,
    ActionStatus,
    RetroStatus,
)

CHAIRS = (Role.VOORZITTER, Role.PROCESBEGELEIDER)

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
    pseudonymise = for_case(case, retro.session_pseudonym)
    retro.main_question = pseudonymise(data.main_question.strip())
    reflection, learning_question = consent.recorded_texts()
    retro.family_reflection = pseudonymise(reflection)
    retro.learning_question = pseudonymise(learning_question)
    _set_sub_questions(retro, data.sub_questions, pseudonymise)
    freeze.freeze_timeline(retro, case, pseudonymise)
    family_text.enter_own_words(retro, consent.records(), pseudonymise)
    return retro


def _set_sub_questions(retro: Retrospective, texts: list[str], pseudonymise) -> None:
    kept = [t.strip() for t in texts if t.strip()]
    existing = list(retro.sub_questions)
    for position, text in enumerate(kept):
        if position < len(existing):
            existing[position].text = pseudonymise(text)
        else:
            retro.sub_questions.append(SubQuestion(position=position, text=pseudonymise(text)))
    for extra in existing[len(kept):]:
        retro.sub_questions.remove(extra)


def pseudonymiser_for(retro: Retrospective) -> Pseudonymiser:
    return for_case(db.session.get(Case, retro.case_id), retro.session_pseudonym)


def update_questions(
    retro: Retrospective, main_question: str, sub_questions: list[str], held_on: date,
    part_of_day: str, actor: User,
) -> None:
    pseudonymise = pseudonymiser_for(retro)
    retro.main_question = pseudonymise(main_question.strip())
    retro.held_on, retro.part_of_day = held_on, part_of_day
    _set_sub_questions(retro, sub_questions, pseudonymise)
    db.session.flush()


def add_participant(
    retro: Retrospective, name: str, organisation_kind: str, role: str, skj_number: str
) -> RetroParticipant:
    participant = RetroParticipant(
        retrospective_id=retro.id, name=name.strip(), organisation_kind=organisation_kind,
        role=role.strip(), skj_number=skj_number.strip(),
    )
    db.session.add(participant)
    db.session.flush()
    return participant


def set_attendance(participant: RetroParticipant, attended: bool) -> None:
    participant.attended = attended
    db.session.flush()


def resolve_flag(retro: Retrospective, word: str, replacement: str | None) -> None:
    """Replace a flagged word everywhere in the frozen text, or keep it (not a name)."""
    flags = db.session.scalars(
        select(NameFlag).where(NameFlag.retrospective_id == retro.id, NameFlag.word == word)
    ).all()
    if not flags:
        raise RetroError(_l("Dit woord staat niet (meer) op de lijst."))
    if replacement is not None:
        pattern = re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])")
        for event in freeze.frozen_events(retro):
            event.title = pattern.sub(replacement, event.title)
            event.description = pattern.sub(replacement, event.description)
        retro.family_reflection = pattern.sub(replacement, retro.family_reflection)
        retro.learning_question = pattern.sub(replacement, retro.learning_question)
        for own in family_text.own_words(retro):  # the family's own words (issue 18)
            own.text = pattern.sub(replacement, own.text)
    for flag in flags:
        flag.resolution = "vervangen" if replacement is not None else "behouden"
    if not db.session.scalar(
        select(func.count()).select_from(NameFlag).where(
            NameFlag.retrospective_id == retro.id, NameFlag.resolution.is_(None)
        )
    ):
        retro.names_checked_at = utcnow()
    db.session.flush()


# --- annotations, themes, actions -------------------------------------------------------------


@dataclass
class AnnotationInput:
    type: str
    text: str
    event: FrozenEvent | None = None
    period_start: date | None = None
    period_end: date | None = None
    sub_question: SubQuestion | None = None
    themes: list[Theme] = field(default_factory=list)


def add_annotation(retro: Retrospective, data: AnnotationInput, actor: User) -> Annotation:
    if data.event is None and data.period_start is None:
        raise RetroError(_l("Kies een gebeurtenis of geef het begin van een periode."),
                         field="event")
    if data.event is not None and data.event.retrospective_id != retro.id:
        raise RetroError(_l("Die gebeurtenis hoort niet bij deze retrospectief."), field="event")
    if data.period_start and data.period_end and data.period_end < data.period_start:
        raise RetroError(_l("Het einde van de periode ligt voor het begin."), field="period_end")
    annotation = Annotation(
        retrospective_id=retro.id, event_id=data.event.id if data.event else None,
        period_start=data.period_start, period_end=data.period_end, type=data.type,
        text=pseudonymiser_for(retro)(data.text.strip()),
        sub_question_id=data.sub_question.id if data.sub_question else None,
        created_by_id=actor.id, themes=list(data.themes),
    )
    db.session.add(annotation)
    db.session.flush()
    return annotation


def add_theme(label: str, actor: User) -> Theme:
    label = " ".join(label.split())
    code = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:60]
    if not code:
        raise RetroError(_l("Geef het thema een naam met letters of cijfers."), field="label")
    if db.session.scalar(select(Theme).where(Theme.code == code)):
        raise RetroError(_l("Dit thema bestaat al."), field="label")
    theme = Theme(code=code, label=label[:120], created_by_id=actor.id)
    db.session.add(theme)
    db.session.flush()
    return theme


def add_action(
    text: str, owner: str, due_on: date | None, *, retro: Retrospective | None = None,
    session: LearningSession | None = None,
) -> ImprovementAction:
    pseudonymise = pseudonymiser_for(retro) if retro else (lambda t: t)
    action = ImprovementAction(
        retrospective_id=retro.id if retro else None, session_id=session.id if session else None,
        text=pseudonymise(text.strip()), owner=pseudonymise(owner.strip()), due_on=due_on,
    )
    db.session.add(action)
    db.session.flush()
    return action


def set_action_status(action: ImprovementAction, status: str) -> None:
    action.status = ActionStatus(status).value
    db.session.flush()


def finish_retrospective(retro: Retrospective) -> None:
    if retro.status != RetroStatus.VOORBEREIDING.value:
        raise RetroError(_l("Deze retrospectief is niet meer in voorbereiding."))
    retro.status = RetroStatus.AFGEROND.value
    db.session.flush()


def create_session(
    title: str, held_on: date, location: str, facilitator: User, actor: User
) -> LearningSession:
    if facilitator.role != Role.FACILITATOR.value:
        raise RetroError(_l("Kies een actieve facilitator."), field="facilitator")
    session = LearningSession(
        title=title.strip(), held_on=held_on, location=location.strip(),
        facilitator_id=facilitator.id, created_by_id=actor.id,
    )
    db.session.add(session)
    db.session.flush()
    return session
