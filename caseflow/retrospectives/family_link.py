"""Personal links for the family (issue 18): a chair (for a case) or a retrospective's facilitator
(for that retrospective) makes a single-use link for the young person or a parent, valid for
14 days, and passes it on (shown once; caseflow sends no e-mail — as the password-reset links).
Through it they give or withdraw *their own* consent and write a reflection or a learning
question. No account, no login: the link opens that one page and nothing else.

As ``caseflow.auth.reset``: only a SHA-256 hash of the token is stored, and the token is used up
in one conditional UPDATE (``… WHERE used_at IS NULL AND expires_at > now``), so of two concurrent
submissions exactly one goes through. Every use, and every wrong, used or expired token, is logged.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from caseflow.audit.models import AuditEvent, Grounds, Outcome
from caseflow.audit.services import log_access
from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.retrospectives import consent as consent_service
from caseflow.retrospectives.consent import ConsentInput, RetroError
from caseflow.retrospectives.consent_age import case_age
from caseflow.retrospectives.family_models import FamilyLink
from caseflow.retrospectives.family_text import enter_family_text
from caseflow.retrospectives.models import Retrospective
from caseflow.retrospectives.vocab import (
    ConsentGiver,
    ConsentParty,
    ConsentScope,
    ConsentVia,
    FamilyTextKind,
    RetroStatus,
    party_of,
)

LIFETIME = timedelta(days=14)
TOKEN_MAX = 100
OBJECT = "family_link"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_link(
    case: Case, given_by: str, actor: User, retro: Retrospective | None = None
) -> tuple[FamilyLink, str]:
    """A new link for ``given_by`` (jongere, ouders or voogd); an older unused link for the same
    party of the case (and retrospective) stops working. Returns the row and the token, which is
    never stored and cannot be shown again."""
    if ConsentGiver(given_by) == ConsentGiver.OUDERS_EN_JONGERE:
        raise RetroError(_l("Leg de toestemming per persoon vast."), field="given_by")
    party = party_of(given_by)
    if party not in case_age(case).required:
        raise RetroError(consent_service.PARTY_NOT_NEEDED[party], field="given_by")
    if retro is not None and retro.status != RetroStatus.VOORBEREIDING.value:
        raise RetroError(_l("Deze retrospectief is niet meer in voorbereiding."))
    db.session.execute(
        delete(FamilyLink).where(
            FamilyLink.case_id == case.id, FamilyLink.party == party.value,
            FamilyLink.retrospective_id.is_(None) if retro is None
            else FamilyLink.retrospective_id == retro.id,
            FamilyLink.used_at.is_(None),
        )
    )
    token = secrets.token_urlsafe(32)
    link = FamilyLink(
        case_id=case.id, retrospective_id=retro.id if retro else None, party=party.value,
        given_by=given_by, token_hash=_digest(token), created_by_id=actor.id,
        expires_at=utcnow() + LIFETIME,
    )
    db.session.add(link)
    db.session.flush()
    log_access(AuditEvent.CREATE, user=actor, case_id=case.id, object_type=OBJECT,
               object_id=link.id)
    return link, token


def _lookup(token: str) -> tuple[FamilyLink | None, str]:
    """The link and, if it cannot be used, why (a code for the log)."""
    if not token or len(token) > TOKEN_MAX:
        return None, "family_link_unknown"
    link = db.session.scalar(select(FamilyLink).where(FamilyLink.token_hash == _digest(token)))
    if link is None:
        return None, "family_link_unknown"
    if link.used_at is not None:
        return link, "family_link_used"
    if link.expires_at <= utcnow():
        return link, "family_link_expired"
    return link, ""


def open_link(token: str) -> FamilyLink | None:
    """The usable link for ``token`` (its opening logged), or None (the refusal logged)."""
    link, problem = _lookup(token)
    if problem:
        log_refusal(link, problem)
        return None
    log_access(AuditEvent.READ, case_id=link.case_id, object_type=OBJECT, object_id=link.id,
               grounds=Grounds.AUTHENTICATION, reason="family_link")
    return link


def log_refusal(link: FamilyLink | None, problem: str) -> None:
    log_access(
        AuditEvent.ACCESS_DENIED, case_id=link.case_id if link else None, object_type=OBJECT,
        object_id=link.id if link else None, grounds=Grounds.NONE, outcome=Outcome.DENIED,
        reason=problem,
    )


GIVE = "geven"
GIVE_RETRO_ONLY = "geven_alleen_retrospectief"
WITHDRAW = "intrekken"
SCOPES = {
    GIVE: ConsentScope.RETROSPECTIEF_EN_LEERBIJEENKOMST,
    GIVE_RETRO_ONLY: ConsentScope.RETROSPECTIEF,
}


@dataclass
class FamilyAnswer:
    consent: str  # GIVE, GIVE_RETRO_ONLY or WITHDRAW
    reflection: str = ""
    learning_question: str = ""


def use_link(token: str, answer: FamilyAnswer) -> FamilyLink | None:
    """Use the link up and carry out the answer. None when it is unknown, used (also: a moment
    ago, by a concurrent request) or expired; RetroError when the answer cannot be carried out.
    In both cases the caller rolls back, which also gives an unused link back."""
    if not token or len(token) > TOKEN_MAX:
        return None
    now = utcnow()
    consumed = db.session.execute(
        update(FamilyLink)
        .where(FamilyLink.token_hash == _digest(token), FamilyLink.used_at.is_(None),
               FamilyLink.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if consumed.rowcount != 1:
        return None
    link = db.session.scalar(
        select(FamilyLink).where(FamilyLink.token_hash == _digest(token))
        .execution_options(populate_existing=True)
    )
    case = db.session.get(Case, link.case_id)
    party = ConsentParty(link.party)
    if answer.consent == WITHDRAW:
        # Their text is not used: they do not want the retrospective (the page says so).
        _withdraw(case, party)
    else:
        _give(case, link, answer)
    log_access(AuditEvent.CHANGE, case_id=link.case_id, object_type=OBJECT, object_id=link.id,
               fields=("consent", "reflection", "learning_question"),
               grounds=Grounds.AUTHENTICATION, reason="family_link")
    return link


def _withdraw(case: Case, party: ConsentParty) -> None:
    with contextlib.suppress(RetroError):  # nothing given (any more): "no" changes nothing
        consent_service.withdraw_consent(case, None, party=party, via=ConsentVia.LINK)


def _give(case: Case, link: FamilyLink, answer: FamilyAnswer) -> None:
    data = ConsentInput(link.given_by, date.today(), SCOPES[answer.consent].value,
                        answer.reflection, answer.learning_question)
    consent_service.record_consent(case, data, None, via=ConsentVia.LINK,
                                   family_link_id=link.id)
    retro = db.session.get(Retrospective, link.retrospective_id) if link.retrospective_id else None
    if retro is None or retro.status != RetroStatus.VOORBEREIDING.value:
        return  # kept with the consent: a retrospective prepared later takes it in
    for kind, text in ((FamilyTextKind.REFLECTIE, answer.reflection),
                       (FamilyTextKind.LEERVRAAG, answer.learning_question)):
        enter_family_text(retro, text, kind=kind, party=link.party, family_link_id=link.id)


def party_status(link: FamilyLink) -> consent_service.PartyConsent:
    """What the page may tell them: their own party's consent, nothing else of the case."""
    state = consent_service.consent_state(db.session.get(Case, link.case_id))
    return state.parties[ConsentParty(link.party)]
