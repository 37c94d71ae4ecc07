"""Reading retrospectives: loaders that enforce ownership, list pages, the report and the
cross-case view of a learning session. Every page loads in a fixed number of queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.auth.permissions import CHAIRS, deny
from caseflow.cases.models import Case
from caseflow.core.formatting import day
from caseflow.extensions import db
from caseflow.retrospectives import family_text, freeze, spans
from caseflow.retrospectives.consent import (
    consent_state,
    valid_consent_case_ids,
    withdrawn_case_ids,
)
from caseflow.retrospectives.family_models import FamilyText
from caseflow.retrospectives.frozen_models import FrozenEvent, FrozenPlacement
from caseflow.retrospectives.models import (
    Annotation,
    ImprovementAction,
    LearningSession,
    RetroParticipant,
    Retrospective,
    Theme,
)
from caseflow.retrospectives.vocab import RetroStatus
from caseflow.timeline.svg import render_timeline_svg


def consent_context(case: Case) -> dict[str, Any]:
    """For the case page: the partial ``retrospectives/_case_consent.html``."""
    return {"consent_context": {"state": consent_state(case)}}


def is_chair(user: User) -> bool:
    return user.role in CHAIRS


def get_retrospective(retro_id: int, user: User) -> Retrospective:
    """404 when missing; 403 for a facilitator who does not facilitate it."""
    retro = db.session.get(Retrospective, retro_id)
    if retro is None:
        abort(404)
    if not is_chair(user) and retro.facilitator_id != user.id:
        deny(403, reason="not_own_retrospective", case_id=retro.case_id,
             object_type="retrospective")
    return retro


def get_session(session_id: int, user: User) -> LearningSession:
    session = db.session.get(LearningSession, session_id)
    if session is None:
        abort(404)
    if not is_chair(user) and session.facilitator_id != user.id:
        deny(403, reason="not_own_learning_session", object_type="learning_session")
    return session


def visible_retrospectives(user: User):
    query = select(Retrospective).order_by(Retrospective.held_on.desc(), Retrospective.id.desc())
    if not is_chair(user):
        query = query.where(Retrospective.facilitator_id == user.id)
    return list(db.session.scalars(query))


def visible_sessions(user: User) -> list[LearningSession]:
    query = select(LearningSession).order_by(LearningSession.held_on.desc())
    if not is_chair(user):
        query = query.where(LearningSession.facilitator_id == user.id)
    return list(db.session.scalars(query))


def consenting_cases() -> list[Case]:
    return list(
        db.session.scalars(
            select(Case).where(Case.id.in_(valid_consent_case_ids())).order_by(Case.reference)
        )
    )


def timeline_visible(retro: Retrospective) -> bool:
    """A withdrawal (by a party the child's age requires) hides the frozen timeline from everyone
    in this domain."""
    if retro.status == RetroStatus.VERVALLEN.value:
        return False
    state = consent_state(db.session.get(Case, retro.case_id))
    return any(p.record for p in state.parties.values()) and not state.withdrawal_in_effect


def frozen_svg(retro: Retrospective, events: list[FrozenEvent]) -> str:
    return render_timeline_svg(
        freeze.frozen_placements(retro), events, freeze.frozen_periods(retro),
        today=retro.as_of,
        title=_("Tijdlijn %(name)s zoals bekend op %(date)s", name=retro.session_pseudonym,
                date=day(retro.as_of)),
    )


@dataclass
class RetroPage:
    retro: Retrospective
    visible: bool
    events: list[FrozenEvent] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    participants: list[RetroParticipant] = field(default_factory=list)
    actions: list[ImprovementAction] = field(default_factory=list)
    svg: str = ""
    # What the picture shows, as text beside it (WCAG 1.1.1): retrospectives/_timeline_text.html.
    placements: list[FrozenPlacement] = field(default_factory=list)
    periods: list[tuple[str, date, date]] = field(default_factory=list)
    own_words: list[FamilyText] = field(default_factory=list)  # the family's, via a link
    summary: spans.Summary = field(default_factory=spans.Summary)

    @property
    def open_spans(self) -> int:
        return self.summary.open

    def annotations_for(self, event: FrozenEvent) -> list[Annotation]:
        return [a for a in self.annotations if a.event_id == event.id]

    @property
    def period_annotations(self) -> list[Annotation]:
        return [a for a in self.annotations if a.event_id is None]

    def by_sub_question(self) -> list[tuple[Any, list[Annotation]]]:
        groups: dict[int | None, list[Annotation]] = defaultdict(list)
        for annotation in self.annotations:
            groups[annotation.sub_question_id].append(annotation)
        result = [(q, groups.get(q.id, [])) for q in self.retro.sub_questions]
        if groups.get(None):
            result.append((None, groups[None]))
        return result

    def by_theme(self) -> list[tuple[Theme, list[Annotation]]]:
        groups: dict[int, list[Annotation]] = defaultdict(list)
        themes: dict[int, Theme] = {}
        for annotation in self.annotations:
            for theme in annotation.themes:
                themes[theme.id] = theme
                groups[theme.id].append(annotation)
        return sorted(((themes[i], a) for i, a in groups.items()), key=lambda t: -len(t[1]))


def _rows(model, retro_ids: list[int], *order) -> list:
    return list(
        db.session.scalars(
            select(model).where(model.retrospective_id.in_(retro_ids)).order_by(*order)
        ).unique()
    )


def retro_page(retro: Retrospective, *, with_svg: bool = True) -> RetroPage:
    page = RetroPage(retro, timeline_visible(retro))
    page.summary = spans.summary(spans.Owner(retro=retro))
    page.participants = _rows(RetroParticipant, [retro.id], RetroParticipant.id)
    page.actions = _rows(ImprovementAction, [retro.id], ImprovementAction.id)
    if not page.visible:
        return page
    page.events = freeze.frozen_events(retro)
    page.annotations = _rows(Annotation, [retro.id], Annotation.id)
    page.own_words = family_text.own_words(retro)
    if with_svg:
        page.svg = frozen_svg(retro, page.events)
        page.placements = freeze.frozen_placements(retro)
        page.periods = freeze.frozen_periods(retro)
    return page


def themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.label)))


@dataclass
class ThemeCount:
    theme: Theme
    count: int
    retros: list[str]
    phases: Counter[str]


@dataclass
class SessionPage:
    session: LearningSession
    retros: list[Retrospective]
    hidden: int
    theme_counts: list[ThemeCount]
    actions: list[ImprovementAction]
    pages: list[RetroPage]
    open_spans: dict = field(default_factory=dict)  # retro id (or "session") → open spans
    summary: spans.Summary = field(default_factory=spans.Summary)  # the session's own text

    @property
    def open_total(self) -> int:
        return sum(self.open_spans.values())


def session_page(session: LearningSession) -> SessionPage:
    """Themes across the session's retrospectives: how often, in which cases, in which phases."""
    retros = list(
        db.session.scalars(
            select(Retrospective)
            .where(Retrospective.session_id == session.id)
            .order_by(Retrospective.held_on, Retrospective.id)
        )
    )
    withdrawn = set(db.session.scalars(withdrawn_case_ids()))
    visible = [
        r for r in retros if r.case_id not in withdrawn and r.status != RetroStatus.VERVALLEN.value
    ]
    ids = [r.id for r in visible]
    annotations = _rows(Annotation, ids, Annotation.id) if ids else []
    phase_of = freeze.phase_lookup(ids)
    names = {r.id: r.session_pseudonym for r in visible}
    counts: dict[int, ThemeCount] = {}
    for annotation in annotations:
        phase = phase_of(annotation)
        for theme in annotation.themes:
            entry = counts.setdefault(theme.id, ThemeCount(theme, 0, [], Counter()))
            entry.count += 1
            if names[annotation.retrospective_id] not in entry.retros:
                entry.retros.append(names[annotation.retrospective_id])
            if phase:
                entry.phases[phase] += 1
    actions = list(
        db.session.scalars(
            select(ImprovementAction)
            .where(
                (ImprovementAction.session_id == session.id)
                | ImprovementAction.retrospective_id.in_(ids or [-1])
            )
            .order_by(ImprovementAction.id)
        )
    )
    return SessionPage(
        session, visible, len(retros) - len(visible),
        sorted(counts.values(), key=lambda c: (-c.count, c.theme.label)), actions, [],
        spans.open_counts(ids, session), spans.summary(spans.Owner(session=session)),
    )
