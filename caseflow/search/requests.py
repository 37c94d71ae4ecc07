"""The providers asked: a request per provider per care type (once, unless re-asked), its
answer, and corrections with a reason (each adds a revision). Functions flush; views commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import Organisation, OrganisationKind, User
from caseflow.cases.events import term
from caseflow.cases.models import Case
from caseflow.cases.workflow import N_
from caseflow.core.clock import region_today
from caseflow.core.revisions import revision_row, revisions_of
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.search.models import Search, SearchRequest, SearchRequestRevision
from caseflow.search.services import TEXT_MAX, SearchError
from caseflow.search.vocab import ANSWER_TERM, Answer, RefusalReason
from caseflow.timeline.models import EventKind, PlacementType
from caseflow.timeline.services import add_system_event

REQUEST_FIELDS = ("provider_id", "care_type", "requested_on", "reasked")
ANSWER_FIELDS = ("answer", "answered_on", "wait_weeks", "refusal_reason", "refusal_other")
WAIT_WEEKS_MAX = 520


@dataclass(frozen=True)
class Ask:
    provider_id: int | None
    care_type: str
    requested_on: date | None
    reasked: bool = False


@dataclass(frozen=True)
class Reply:
    answer: str
    answered_on: date | None
    wait_weeks: int | None = None
    refusal_reason: str | None = None
    refusal_other: str = ""


def search_requests(search: Search) -> list[SearchRequest]:
    return list(db.session.scalars(
        select(SearchRequest).where(SearchRequest.search_id == search.id)
        .order_by(SearchRequest.requested_on, SearchRequest.id)
    ))


def providers() -> list[Organisation]:
    """The organisations a search may ask: care providers (zorgaanbieders)."""
    return list(db.session.scalars(
        select(Organisation).where(Organisation.kind == OrganisationKind.ZORGAANBIEDER.value)
        .order_by(Organisation.name)
    ))


def _snapshot(item: SearchRequest, actor: User, reason: str) -> SearchRequestRevision:
    content = {n: getattr(item, n) for n in (*REQUEST_FIELDS, *ANSWER_FIELDS)}
    content = {n: v.isoformat() if isinstance(v, date) else v for n, v in content.items()}
    return revision_row(SearchRequestRevision.request_id, item.id, item.revision_count,
                        {"content": content}, at=utcnow(), by=actor.id, reason=reason)


def _check_ask(search: Search, ask: Ask, *, ignore: int | None = None) -> None:
    problems: dict[str, object] = {}
    provider = db.session.get(Organisation, ask.provider_id or 0)
    if provider is None or provider.kind != OrganisationKind.ZORGAANBIEDER.value:
        problems["provider_id"] = _l("Kies een zorgaanbieder uit de lijst.")
    if ask.care_type not in set(PlacementType):
        problems["care_type"] = _l("Kies de soort zorg die gevraagd is.")
    if ask.requested_on is None:
        problems["requested_on"] = _l("Vul de datum van de aanvraag in.")
    elif ask.requested_on < search.opened_on:
        problems["requested_on"] = _l("De aanvraag ligt vóór de start van de zoektocht.")
    elif ask.requested_on > region_today():
        problems["requested_on"] = _l("De datum van de aanvraag ligt in de toekomst.")
    elif search.closed_on is not None and ask.requested_on > search.closed_on:
        problems["requested_on"] = _l("De aanvraag ligt na het einde van de zoektocht.")
    if not problems and not ask.reasked:
        earlier = select(SearchRequest.id).where(
            SearchRequest.search_id == search.id, SearchRequest.provider_id == provider.id,
            SearchRequest.care_type == ask.care_type,
        )
        if ignore is not None:
            earlier = earlier.where(SearchRequest.id != ignore)
        if db.session.scalar(earlier.limit(1)) is not None:
            problems["provider_id"] = _l(
                "Deze aanbieder is al gevraagd voor deze soort zorg. Vink ‘opnieuw gevraagd’ aan "
                "als u het opnieuw vraagt."
            )
    if problems:
        raise SearchError(problems)


def add_request(search: Search, case: Case, ask: Ask, actor: User) -> SearchRequest:
    if search.case_id != case.id or not search.is_open:
        raise SearchError({"provider_id": _l("Deze zoektocht is afgesloten.")})
    _check_ask(search, ask)
    item = SearchRequest(search_id=search.id, case_id=case.id, provider_id=ask.provider_id,
                         care_type=ask.care_type, requested_on=ask.requested_on,
                         reasked=ask.reasked, recorded_by_id=actor.id, revision_count=1)
    db.session.add(item)
    db.session.flush()
    db.session.add(_snapshot(item, actor, ""))
    add_system_event(case, EventKind.ZOEKTOCHT, N_("Aanvraag bij %(provider)s (%(care)s)"),
                     values={"provider": item.provider.name,
                             "care": term("placement_label", ask.care_type)},
                     actor=actor, occurred_on=ask.requested_on)
    db.session.flush()
    record(actor, case, AuditEvent.CREATE, grounds=AS_OPENED, target="zoektocht_aanvraag",
           target_id=item.id, fields=REQUEST_FIELDS)
    return item


def _check_reply(item: SearchRequest, reply: Reply) -> None:
    problems: dict[str, object] = {}
    if reply.answer not in set(Answer):
        problems["answer"] = _l("Kies het antwoord van de aanbieder.")
    if reply.answered_on is None:
        problems["answered_on"] = _l("Vul de datum van het antwoord in.")
    elif reply.answered_on < item.requested_on:
        problems["answered_on"] = _l("Het antwoord ligt vóór de aanvraag.")
    elif reply.answered_on > region_today():
        problems["answered_on"] = _l("De datum van het antwoord ligt in de toekomst.")
    if reply.answer == Answer.WACHTLIJST.value and (
        reply.wait_weeks is None or not 0 <= reply.wait_weeks <= WAIT_WEEKS_MAX
    ):
        problems["wait_weeks"] = _l("Vul de verwachte wachttijd in weken in (0 tot 520).")
    if reply.answer == Answer.NEE.value:
        if reply.refusal_reason not in set(RefusalReason):
            problems["refusal_reason"] = _l("Kies de reden van de afwijzing.")
        elif reply.refusal_reason == RefusalReason.ANDERS.value and not reply.refusal_other.strip():
            problems["refusal_other"] = _l("Beschrijf de andere reden.")
    if len(reply.refusal_other) > TEXT_MAX:
        problems["refusal_other"] = _l("Deze tekst is te lang (hooguit 5000 tekens).")
    if problems:
        raise SearchError(problems)


def answer_request(
    item: SearchRequest, case: Case, reply: Reply, actor: User, *, reason: str = ""
) -> None:
    """The provider's answer; changing an answer already given needs a reason (a revision)."""
    if item.case_id != case.id:
        raise SearchError({"answer": _l("Deze aanvraag hoort niet bij deze casus.")})
    if item.answer is not None and not reason.strip():
        raise SearchError({"reason": _l("Geef aan waarom het antwoord verandert.")})
    _check_reply(item, reply)
    first = item.answer is None
    item.answer, item.answered_on = reply.answer, reply.answered_on
    item.wait_weeks = reply.wait_weeks if reply.answer == Answer.WACHTLIJST.value else None
    refused = reply.answer == Answer.NEE.value
    item.refusal_reason = reply.refusal_reason if refused else None
    item.refusal_other = reply.refusal_other.strip() if refused else ""
    item.revision_count += 1
    db.session.add(_snapshot(item, actor, reason.strip()[:TEXT_MAX]))
    title = (N_("Antwoord van %(provider)s: %(answer)s") if first
             else N_("Antwoord van %(provider)s: %(answer)s (gecorrigeerd)"))
    add_system_event(case, EventKind.ZOEKTOCHT, title,
                     values={"provider": item.provider.name,
                             "answer": term(ANSWER_TERM, reply.answer)},
                     actor=actor, occurred_on=reply.answered_on)
    db.session.flush()
    record(actor, case, AuditEvent.CHANGE, grounds=AS_OPENED, target="zoektocht_aanvraag",
           target_id=item.id, fields=ANSWER_FIELDS, reason="correctie" if not first else None)


def correct_request(
    item: SearchRequest, search: Search, case: Case, ask: Ask, actor: User, reason: str
) -> None:
    """A request entered wrongly (provider, care type, date): the next revision, with why."""
    problems: dict[str, object] = {}
    if not reason.strip():
        problems["reason"] = _l("Geef aan waarom dit verandert.")
    try:
        _check_ask(search, ask, ignore=item.id)
    except SearchError as error:
        problems.update(error.problems)
    if not problems and item.answered_on is not None and ask.requested_on > item.answered_on:
        problems["requested_on"] = _l("De aanvraag ligt na het antwoord.")
    if problems:
        raise SearchError(problems)
    item.provider_id, item.care_type = ask.provider_id, ask.care_type
    item.requested_on, item.reasked = ask.requested_on, ask.reasked
    item.revision_count += 1
    db.session.add(_snapshot(item, actor, reason.strip()[:TEXT_MAX]))
    db.session.flush()
    record(actor, case, AuditEvent.CHANGE, grounds=AS_OPENED, target="zoektocht_aanvraag",
           target_id=item.id, fields=REQUEST_FIELDS, reason="correctie")


def request_revisions(item: SearchRequest) -> list[SearchRequestRevision]:
    """Every revision of the request, newest first."""
    return list(reversed(revisions_of(SearchRequestRevision.request_id, [item.id])[item.id]))
