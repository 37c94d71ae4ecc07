"""The family's consent for a retrospective of their case: recording, withdrawing, and which
cases may be selected (only those whose newest consent is valid today)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.retrospectives import freeze
from caseflow.retrospectives.models import RetroConsent, Retrospective
from caseflow.retrospectives.vocab import RetroStatus
from caseflow.timeline.models import EventKind
from caseflow.timeline.services import add_system_event


class RetroError(Exception):
    """A request that cannot be carried out; ``field`` names the form field it belongs to."""

    def __init__(self, message: object, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


# --- consent --------------------------------------------------------------------------------


def current_consent(case: Case) -> RetroConsent | None:
    return db.session.scalars(
        select(RetroConsent)
        .where(RetroConsent.case_id == case.id)
        .order_by(RetroConsent.id.desc())
        .limit(1)
    ).first()


def has_valid_consent(case: Case) -> bool:
    consent = current_consent(case)
    return consent is not None and consent.is_valid


def valid_consent_case_ids():
    """A select of the ids of cases whose newest consent is valid today."""
    newest = (
        select(RetroConsent.case_id, func.max(RetroConsent.id).label("consent_id"))
        .group_by(RetroConsent.case_id)
        .subquery()
    )
    return (
        select(RetroConsent.case_id)
        .join(newest, newest.c.consent_id == RetroConsent.id)
        .where(RetroConsent.withdrawn_on.is_(None), RetroConsent.given_on <= date.today())
    )


@dataclass
class ConsentInput:
    given_by: str
    given_on: date
    scope: str
    reflection: str = ""
    learning_question: str = ""


def record_consent(case: Case, data: ConsentInput, actor: User) -> RetroConsent:
    if data.given_on > date.today():
        raise RetroError(_l("De datum van de toestemming ligt in de toekomst."), field="given_on")
    consent = RetroConsent(
        case_id=case.id,
        given_by=data.given_by,
        given_on=data.given_on,
        scope=data.scope,
        reflection=data.reflection.strip(),
        learning_question=data.learning_question.strip(),
        recorded_by_id=actor.id,
    )
    db.session.add(consent)
    add_system_event(
        case, EventKind.OVERIG, "Toestemming gezin voor retrospectief vastgelegd",
        actor=actor, occurred_on=data.given_on,
    )
    db.session.flush()
    return consent


def withdraw_consent(case: Case, actor: User, on: date | None = None) -> int:
    """Withdraw: retrospectives that have not taken place lapse (their frozen copy is removed and
    they leave their session); those that did stay, but their timeline is hidden. Returns the
    number of retrospectives that lapsed."""
    consent = current_consent(case)
    if consent is None or consent.withdrawn_on is not None:
        raise RetroError(_l("Er is geen geldige toestemming om in te trekken."))
    on = on or date.today()
    consent.withdrawn_on = on
    lapsed = db.session.scalars(
        select(Retrospective).where(
            Retrospective.case_id == case.id,
            Retrospective.status == RetroStatus.VOORBEREIDING.value,
            Retrospective.held_on >= on,
        )
    ).all()
    for retro in lapsed:
        retro.status = RetroStatus.VERVALLEN.value
        retro.session_id = None
        retro.family_reflection = retro.learning_question = ""
        freeze.drop_frozen(retro)
    add_system_event(
        case, EventKind.OVERIG, "Toestemming gezin voor retrospectief ingetrokken",
        actor=actor, occurred_on=on,
    )
    db.session.flush()
    return len(lapsed)


