"""The family's consent for a retrospective of their case, per party and fitting the child's age
(``consent_age``): recording, withdrawing, and which cases may be selected.

- *Complete* consent (a retrospective may start, the case is selectable): every party the age
  requires *today* has a newest row that is given and not withdrawn.
- A *withdrawal* by a party the age requires stops it as before: retrospectives that have not taken
  place lapse, and held ones are hidden (``withdrawal_in_effect``). A party the age no longer needs
  (the parents of a 16-year-old) can still withdraw their own row; that stops nothing.
- A retrospective already prepared is not stopped because the child has since come into another
  band (a 12th birthday): only a withdrawal stops it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, delete, exists, func, or_, select

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cases.workflow import N_
from caseflow.core.case_page import read
from caseflow.extensions import db
from caseflow.retrospectives import freeze
from caseflow.retrospectives.consent_age import Age, band_conditions, case_age
from caseflow.retrospectives.family_models import FamilyText
from caseflow.retrospectives.models import RetroConsent, Retrospective
from caseflow.retrospectives.vocab import (
    REQUIRED_PARTIES,
    ConsentGiver,
    ConsentParty,
    ConsentVia,
    RetroStatus,
    party_of,
)
from caseflow.timeline.models import EventKind
from caseflow.timeline.services import add_system_event


class RetroError(Exception):
    """A request that cannot be carried out; ``field`` names the form field it belongs to."""

    def __init__(self, message: object, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


# --- the state of a case's consent ----------------------------------------------------------


@dataclass
class PartyConsent:
    party: ConsentParty
    required: bool
    record: RetroConsent | None  # this party's newest row
    on: date  # the day the state is for

    @property
    def given(self) -> bool:
        return (self.record is not None and self.record.withdrawn_on is None
                and self.record.given_on <= self.on)

    @property
    def withdrawn(self) -> bool:
        return self.record is not None and self.record.withdrawn_on is not None


@dataclass
class ConsentState:
    age: Age
    parties: dict[ConsentParty, PartyConsent] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return all(p.given for p in self.parties.values() if p.required)

    @property
    def missing(self) -> list[ConsentParty]:
        return [p.party for p in self.parties.values() if p.required and not p.given]

    @property
    def withdrawal_in_effect(self) -> bool:
        return any(p.withdrawn for p in self.parties.values() if p.required)

    def records(self) -> list[RetroConsent]:
        """The newest valid rows of the required parties (their texts go into a retrospective)."""
        return [p.record for p in self.parties.values() if p.required and p.given and p.record]

    def recorded_texts(self) -> tuple[str, str]:
        """Reflection and learning question as a professional recorded them with the consent
        (the family's own words, given through a link, go in separately: family_text.py)."""
        rows = [r for r in self.records() if r.via == ConsentVia.PROFESSIONAL.value]
        return ("\n\n".join(r.reflection for r in rows if r.reflection),
                "\n\n".join(r.learning_question for r in rows if r.learning_question))


def consents_query(case: Case) -> Select:
    return select(RetroConsent).where(RetroConsent.case_id == case.id).order_by(RetroConsent.id)


def newest_by_party(case: Case) -> dict[ConsentParty, RetroConsent]:
    # on the case page read with the other panels; elsewhere now
    rows = read("retrospectives.consents", consents_query(case))
    return {ConsentParty(row.party): row for row in rows}  # later rows overwrite earlier ones


def consent_state(case: Case, on: date | None = None) -> ConsentState:
    on = on or date.today()
    age = case_age(case, on)
    newest = newest_by_party(case)
    state = ConsentState(age)
    for party in ConsentParty:
        state.parties[party] = PartyConsent(party, party in age.required, newest.get(party), on)
    return state


def current_consent(case: Case) -> RetroConsent | None:
    """The newest row of any party (for a summary; the decisions use ``consent_state``)."""
    return db.session.scalars(
        select(RetroConsent)
        .where(RetroConsent.case_id == case.id)
        .order_by(RetroConsent.id.desc())
        .limit(1)
    ).first()


def has_valid_consent(case: Case) -> bool:
    return consent_state(case).complete


def require_complete_consent(case: Case) -> ConsentState:
    state = consent_state(case)
    if not state.complete:
        raise RetroError(
            _l("Voor deze casus is geen geldige toestemming van het gezin voor de leeftijd van de "
               "jeugdige (%(band)s).", band=state.age.band_label), field="case",
        )
    return state


def _valid_party_rows(on: date):
    newest = (
        select(RetroConsent.case_id, RetroConsent.party, func.max(RetroConsent.id).label("id"))
        .group_by(RetroConsent.case_id, RetroConsent.party)
        .subquery()
    )
    return (
        select(RetroConsent.case_id, RetroConsent.party, RetroConsent.withdrawn_on,
               RetroConsent.given_on)
        .join(newest, newest.c.id == RetroConsent.id)
        .subquery()
    )


def valid_consent_case_ids(on: date | None = None):
    """A select of the ids of cases whose consent is complete for the child's age today."""
    on = on or date.today()
    rows = _valid_party_rows(on)

    def given(party: ConsentParty):
        return exists().where(
            rows.c.case_id == Case.id, rows.c.party == party.value,
            rows.c.withdrawn_on.is_(None), rows.c.given_on <= on,
        )

    bands = band_conditions(on)
    return select(Case.id).where(
        or_(*(and_(condition, *(given(p) for p in REQUIRED_PARTIES[band]))
              for band, condition in bands.items()))
    )


def withdrawn_case_ids(on: date | None = None):
    """A select of the ids of cases where a party the age requires today has withdrawn."""
    on = on or date.today()
    rows = _valid_party_rows(on)
    bands = band_conditions(on)

    def withdrew(party: ConsentParty):
        needed = or_(*(c for band, c in bands.items() if party in REQUIRED_PARTIES[band]))
        return and_(needed, exists().where(
            rows.c.case_id == Case.id, rows.c.party == party.value,
            rows.c.withdrawn_on.is_not(None),
        ))

    return select(Case.id).where(or_(*(withdrew(p) for p in ConsentParty)))


# --- recording and withdrawing --------------------------------------------------------------


@dataclass
class ConsentInput:
    given_by: str
    given_on: date
    scope: str
    reflection: str = ""
    learning_question: str = ""


PARTY_NOT_NEEDED = {
    ConsentParty.JONGERE: _l("Onder de 12 jaar geven de ouder(s) met gezag of de voogd "
                             "toestemming, niet de jeugdige zelf."),
    ConsentParty.GEZAG: _l("Vanaf 16 jaar geeft de jongere zelf toestemming; de ouders hoeven "
                           "dat niet te doen."),
}


CONSENT_FIELDS = ("given_by", "given_on", "scope", "reflection", "learning_question")


def record_consent(
    case: Case, data: ConsentInput, actor: User | None, *,
    via: ConsentVia = ConsentVia.PROFESSIONAL, family_link_id: int | None = None,
) -> RetroConsent:
    """One party's consent; refused for a party the child's age on ``given_on`` does not ask."""
    if data.given_on > date.today():
        raise RetroError(_l("De datum van de toestemming ligt in de toekomst."), field="given_on")
    if data.given_by == ConsentGiver.OUDERS_EN_JONGERE:  # one party per row since issue 18
        raise RetroError(_l("Leg de toestemming per persoon vast."), field="given_by")
    party = party_of(data.given_by)
    if party not in case_age(case, data.given_on).required:
        raise RetroError(PARTY_NOT_NEEDED[party], field="given_by")
    consent = RetroConsent(
        case_id=case.id, given_by=data.given_by, given_on=data.given_on, scope=data.scope,
        reflection=data.reflection.strip(), learning_question=data.learning_question.strip(),
        recorded_by_id=actor.id if actor else None, party=party.value, via=via.value,
        family_link_id=family_link_id,
    )
    db.session.add(consent)
    add_system_event(
        case, EventKind.OVERIG, TITLES[party, via][0], values={}, actor=actor,
        occurred_on=data.given_on,
    )
    db.session.flush()
    if via is ConsentVia.PROFESSIONAL:  # the family's own answer is logged by family_link
        record(actor, case, AuditEvent.CREATE, grounds=AS_OPENED, target="retro_consent",
               target_id=consent.id, fields=CONSENT_FIELDS)
    return consent


# Timeline titles (Dutch, stored): (given, withdrawn) per party and channel.
TITLES = {
    (ConsentParty.GEZAG, ConsentVia.PROFESSIONAL): (
        N_("Toestemming ouder(s)/voogd voor retrospectief vastgelegd"),
        N_("Toestemming ouder(s)/voogd voor retrospectief ingetrokken")),
    (ConsentParty.JONGERE, ConsentVia.PROFESSIONAL): (
        N_("Toestemming jongere voor retrospectief vastgelegd"),
        N_("Toestemming jongere voor retrospectief ingetrokken")),
    (ConsentParty.GEZAG, ConsentVia.LINK): (
        N_("Ouder(s)/voogd gaven via persoonlijke link toestemming voor retrospectief"),
        N_("Ouder(s)/voogd trokken via persoonlijke link toestemming voor retrospectief in")),
    (ConsentParty.JONGERE, ConsentVia.LINK): (
        N_("Jongere gaf via persoonlijke link toestemming voor retrospectief"),
        N_("Jongere trok via persoonlijke link toestemming voor retrospectief in")),
}


def withdraw_consent(
    case: Case, actor: User | None, on: date | None = None, *,
    party: ConsentParty | None = None, via: ConsentVia = ConsentVia.PROFESSIONAL,
) -> int:
    """Withdraw one party's consent (``party``) or every party's (``None``: "the family
    withdraws"). If consent is then no longer complete for the age, retrospectives that have not
    taken place lapse (their frozen copy is removed and they leave their session); those that did
    stay, but their timeline is hidden. Returns the number of retrospectives that lapsed."""
    on = on or date.today()
    newest = newest_by_party(case)
    parties = [party] if party else list(ConsentParty)
    withdrawn = [newest[p] for p in parties if p in newest and newest[p].withdrawn_on is None]
    if not withdrawn:
        raise RetroError(_l("Er is geen geldige toestemming om in te trekken."))
    for consent in withdrawn:
        consent.withdrawn_on = on
        consent.withdrawn_via = via.value
        consent.withdrawn_recorded_by_id = actor.id if actor else None
        add_system_event(case, EventKind.OVERIG, TITLES[ConsentParty(consent.party), via][1],
                         values={}, actor=actor, occurred_on=on)
    db.session.flush()
    if via is ConsentVia.PROFESSIONAL:  # the family's own answer is logged by family_link
        record(actor, case, AuditEvent.CHANGE, grounds=AS_OPENED, target="retro_consent",
               target_id=withdrawn[0].id if len(withdrawn) == 1 else None,
               fields=("withdrawn_on",))
    if consent_state(case, on).complete:
        return 0  # a party the age does not (or no longer) need: nothing stops
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
        db.session.execute(delete(FamilyText).where(FamilyText.retrospective_id == retro.id))
        freeze.drop_frozen(retro)
    db.session.flush()
    return len(lapsed)
