"""What the learning side records: learning sessions, annotations on the frozen timeline, the
shared themes and improvement actions. Free text goes through the de-identification engine on
the way in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.auth.models import Role, User
from caseflow.extensions import db
from caseflow.retrospectives import deidentify, spans
from caseflow.retrospectives.consent import RetroError
from caseflow.retrospectives.frozen_models import FrozenEvent
from caseflow.retrospectives.models import (
    Annotation,
    ImprovementAction,
    LearningSession,
    Retrospective,
    SubQuestion,
    Theme,
)
from caseflow.retrospectives.services import recorder_for
from caseflow.retrospectives.vocab import ActionStatus


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
        period_start=data.period_start, period_end=data.period_end, type=data.type, text="",
        sub_question_id=data.sub_question.id if data.sub_question else None,
        created_by_id=actor.id, themes=list(data.themes),
    )
    db.session.add(annotation)
    db.session.flush()
    annotation.text = recorder_for(retro, actor)(f"annotation.{annotation.id}", data.text)
    db.session.flush()
    return annotation


def add_theme(label: str, actor: User) -> Theme:
    label = " ".join(label.split())
    code = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:60]
    if not code:
        raise RetroError(_l("Geef het thema een naam met letters of cijfers."), field="label")
    if db.session.scalar(select(Theme).where(Theme.code == code)):
        raise RetroError(_l("Dit thema bestaat al."), field="label")
    # A theme is shared by every retrospective and printed in every verslag, as typed: it has
    # no list of spans to resolve, so a name in it is refused.
    found = deidentify.identifiers_in(label, deidentify.known_names())
    if found:
        raise RetroError(_l("Een thema komt in elk verslag en mag geen naam of ander herkenbaar "
                            "gegeven bevatten („%(word)s”). Beschrijf het patroon zonder namen.",
                            word=found[0]), field="label")
    theme = Theme(code=code, label=label[:120], created_by_id=actor.id)
    db.session.add(theme)
    db.session.flush()
    return theme


def add_action(
    text: str, owner: str, due_on: date | None, *, retro: Retrospective | None = None,
    session: LearningSession | None = None,
) -> ImprovementAction:
    action = ImprovementAction(
        retrospective_id=retro.id if retro else None, session_id=session.id if session else None,
        text="", owner="", due_on=due_on,
    )
    db.session.add(action)
    db.session.flush()
    record = recorder_for(retro) if retro else session_recorder(session)
    action.text = record(f"action.{action.id}.text", text)
    action.owner = record(f"action.{action.id}.owner", owner)[:200]
    db.session.flush()
    return action


def session_recorder(session: LearningSession, actor: User | None = None) -> deidentify.Recorder:
    """A learning session's own text (title, place, actions) is about no one case: the engine
    with everything caseflow knows in the region."""
    return deidentify.Recorder(spans.Owner(session=session), deidentify.known_names(), actor)


def set_action_status(action: ImprovementAction, status: str) -> None:
    action.status = ActionStatus(status).value
    db.session.flush()


def create_session(
    title: str, held_on: date, location: str, facilitator: User, actor: User
) -> LearningSession:
    if facilitator.role != Role.FACILITATOR.value:
        raise RetroError(_l("Kies een actieve facilitator."), field="facilitator")
    session = LearningSession(
        title="", held_on=held_on, location="", facilitator_id=facilitator.id,
        created_by_id=actor.id,
    )
    db.session.add(session)
    db.session.flush()
    record = session_recorder(session, actor)
    session.title = record("session.title", title)[:200]
    session.location = record("session.location", location)[:200]
    db.session.flush()
    return session
