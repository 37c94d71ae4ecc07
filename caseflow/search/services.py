"""Opening a search, recording (and correcting) what the child needs, and closing it. The
providers asked are in ``requests``. Functions flush; views commit. Bad input raises
SearchError with a Dutch message per field; nothing is stored then."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import Organisation, User
from caseflow.cases.models import Case
from caseflow.cases.workflow import N_, Phase
from caseflow.core.clock import region_today
from caseflow.core.problems import FieldProblems
from caseflow.core.revisions import revision_row, revisions_of
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.search.models import Search, SearchRequest, SearchRevision
from caseflow.search.vocab import (
    Answer,
    CloseKind,
    RegionPreference,
    SettingNeed,
    WervingStatus,
)
from caseflow.timeline.models import EndingKind, EventKind, Placement, PlacementType
from caseflow.timeline.services import add_system_event

TEXT_MAX = 5000
# A search is opened when a placement is sought: in these phases, or after an unplanned end.
OPENING_PHASES = (Phase.RET_BESPREKING.value, Phase.PLAATSING.value)


class SearchError(FieldProblems):
    """Search input that cannot be stored (see ``FieldProblems``)."""


@dataclass(frozen=True)
class Needs:
    care_types: list[str]
    region_preference: str
    setting_needs: list[str] = field(default_factory=list)
    closed_basis: str = ""
    school: str = ""
    needs_note: str = ""
    weighing: str = ""
    network_contact: str = ""
    werving_status: str = WervingStatus.GEEN.value
    werving_note: str = ""


NEEDS_FIELDS = tuple(Needs.__dataclass_fields__)


def open_search_of(case: Case) -> Search | None:
    return db.session.scalar(
        select(Search).where(Search.case_id == case.id, Search.closed_on.is_(None))
    )


def case_searches(case: Case) -> list[Search]:
    return list(db.session.scalars(
        select(Search).where(Search.case_id == case.id).order_by(Search.opened_on, Search.id)
    ))


def _unplanned_end(case: Case) -> bool:
    return db.session.scalar(
        select(Placement.id).where(
            Placement.case_id == case.id, Placement.ending == EndingKind.ONPLANMATIG.value,
            Placement.retracted_at.is_(None),
        ).limit(1)
    ) is not None


def may_open(case: Case) -> bool:
    """A placement is sought: the RET discusses it, it is being placed, or one ended unplanned."""
    if open_search_of(case) is not None:
        return False
    return case.phase in OPENING_PHASES or _unplanned_end(case)


def _text(problems: dict, name: str, value: str, required: object = None) -> None:
    if required and not value.strip():
        problems[name] = required
    elif len(value) > TEXT_MAX:
        problems[name] = _l("Deze tekst is te lang (hooguit 5000 tekens).")


def check_needs(needs: Needs) -> None:
    problems: dict[str, object] = {}
    if not needs.care_types:
        problems["care_types"] = _l("Kies minstens één soort zorg die gezocht wordt.")
    elif not set(needs.care_types) <= set(PlacementType):
        problems["care_types"] = _l("Kies de soorten zorg uit de lijst.")
    if not set(needs.setting_needs) <= set(SettingNeed):
        problems["setting_needs"] = _l("Kies de behoeften uit de lijst.")
    gesloten = SettingNeed.GESLOTEN.value in needs.setting_needs
    _text(problems, "closed_basis", needs.closed_basis,
          gesloten and _l("Noem de wettelijke grond voor gesloten jeugdhulp."))
    near_school = SettingNeed.NABIJ_SCHOOL.value in needs.setting_needs
    _text(problems, "school", needs.school[:TEXT_MAX + 1],
          near_school and _l("Noem de school waar de plek dichtbij moet zijn."))
    if len(needs.school) > 200:
        problems["school"] = _l("De naam van de school is te lang (hooguit 200 tekens).")
    _text(problems, "needs_note", needs.needs_note)
    if needs.region_preference not in set(RegionPreference):
        problems["region_preference"] = _l(
            "Kies of een plek in of buiten de regio de voorkeur heeft."
        )
    outside = needs.region_preference == RegionPreference.BUITEN_REGIO.value
    _text(problems, "weighing", needs.weighing,
          outside and _l("Leg vast wat is afgewogen bij de keuze voor buiten de regio."))
    _text(problems, "network_contact", needs.network_contact,
          outside and _l("Leg vast hoe het contact met gezin en netwerk doorgaat."))
    if needs.werving_status not in set(WervingStatus):
        problems["werving_status"] = _l("Kies een status van kindgericht werven.")
    _text(problems, "werving_note", needs.werving_note)
    if problems:
        raise SearchError(problems)


def _clean(needs: Needs) -> dict:
    content = asdict(needs)
    for name, value in content.items():
        if isinstance(value, str):
            content[name] = value.strip()
    content["care_types"] = sorted(set(needs.care_types))
    content["setting_needs"] = sorted(set(needs.setting_needs))
    return content


def _revision(search: Search, actor: User, reason: str) -> SearchRevision:
    """The needs as they are now, as revision ``revision_count`` (``core/revisions.py``)."""
    return revision_row(SearchRevision.search_id, search.id, search.revision_count,
                        {"content": {n: getattr(search, n) for n in NEEDS_FIELDS}},
                        at=utcnow(), by=actor.id, reason=reason)


def open_search(case: Case, needs: Needs, actor: User, *, opened_on: date | None = None) -> Search:
    """Start the search for a place; revision 1 is what the child needs as first recorded."""
    opened_on = opened_on or region_today()
    problems: dict[str, object] = {}
    if not may_open(case):
        problems["opened_on"] = _l(
            "Een zoektocht start in de fase RET-bespreking of plaatsing, of na een onplanmatig "
            "einde van een plaatsing, en er loopt er steeds hooguit één."
        )
    elif opened_on > region_today():
        problems["opened_on"] = _l("De startdatum ligt in de toekomst.")
    elif opened_on < case.registered_on:
        problems["opened_on"] = _l("De startdatum ligt vóór de aanmelding van de casus.")
    try:
        check_needs(needs)
    except SearchError as error:
        problems.update(error.problems)
    if problems:
        raise SearchError(problems)
    search = Search(case_id=case.id, opened_on=opened_on, opened_in_phase=case.phase,
                    recorded_by_id=actor.id, revision_count=1, **_clean(needs))
    db.session.add(search)
    db.session.flush()
    db.session.add(_revision(search, actor, ""))
    add_system_event(case, EventKind.ZOEKTOCHT, N_("Zoektocht naar een plek gestart"), values={},
                     actor=actor, occurred_on=opened_on)
    db.session.flush()
    record(actor, case, AuditEvent.CREATE, grounds=AS_OPENED, target="zoektocht",
           target_id=search.id, fields=NEEDS_FIELDS)
    return search


def revise_needs(search: Search, case: Case, needs: Needs, actor: User, reason: str) -> None:
    """A correction or update of the needs: the next revision, with its reason."""
    problems: dict[str, object] = {}
    if search.case_id != case.id:
        problems["search"] = _l("Deze zoektocht hoort niet bij deze casus.")
    if not reason.strip():
        problems["reason"] = _l("Geef aan waarom dit verandert.")
    try:
        check_needs(needs)
    except SearchError as error:
        problems.update(error.problems)
    if problems:
        raise SearchError(problems)
    content = _clean(needs)
    changed = tuple(n for n in NEEDS_FIELDS if getattr(search, n) != content[n])
    for name, value in content.items():
        setattr(search, name, value)
    search.revision_count += 1
    db.session.add(_revision(search, actor, reason.strip()[:TEXT_MAX]))
    db.session.flush()
    record(actor, case, AuditEvent.CHANGE, grounds=AS_OPENED, target="zoektocht",
           target_id=search.id, fields=changed, reason="correctie")


def revisions(search: Search) -> list[SearchRevision]:
    """Every revision of the needs, newest first."""
    return list(reversed(revisions_of(SearchRevision.search_id, [search.id])[search.id]))


# The note of the close a placement makes (stored Dutch in ``close_note``, a message id too).
AUTO_CLOSE_NOTE = N_("Afgesloten doordat de plaatsing startte.")


@dataclass(frozen=True)
class Closing:
    kind: str
    closed_on: date | None = None
    placement_id: int | None = None
    note: str = ""


def close_search(search: Search, case: Case, closing: Closing, actor: User) -> None:
    """Closed by a placement that starts (it must follow a yes of that provider for that care
    type) or ended with a reason."""
    problems: dict[str, object] = {}
    placement = None
    closed_on = closing.closed_on
    if search.case_id != case.id or not search.is_open:
        problems["kind"] = _l("Deze zoektocht is al afgesloten.")
    elif closing.kind not in set(CloseKind):
        problems["kind"] = _l("Kies hoe de zoektocht eindigt.")
    elif closing.kind == CloseKind.PLAATSING.value:
        placement = db.session.get(Placement, closing.placement_id or 0)
        if placement is None or placement.case_id != case.id or placement.is_retracted:
            problems["placement_id"] = _l("Kies de plaatsing die gestart is.")
        elif placement.start_date < search.opened_on:
            problems["placement_id"] = _l("Deze plaatsing begon vóór de zoektocht.")
        elif not _has_yes(search, placement):
            problems["placement_id"] = _l(
                "Deze plaatsing volgt niet op een ‘ja’ van deze aanbieder voor deze soort zorg."
            )
        else:
            closed_on = placement.start_date
    if not problems:
        if closed_on is None:
            problems["closed_on"] = _l("Vul de datum in waarop de zoektocht eindigde.")
        elif closed_on < search.opened_on:
            problems["closed_on"] = _l("De einddatum ligt vóór de start van de zoektocht.")
        elif closed_on > region_today():
            problems["closed_on"] = _l("De einddatum ligt in de toekomst.")
    _text(problems, "note", closing.note)
    if problems:
        raise SearchError(problems)
    search.closed_on, search.close_kind = closed_on, closing.kind
    search.placement_id = placement.id if placement else None
    search.close_note = closing.note.strip()
    # The note of a close caseflow made is its own message id; one a person typed is theirs.
    ours = {} if search.close_note == AUTO_CLOSE_NOTE else None
    add_system_event(case, EventKind.ZOEKTOCHT, N_("Zoektocht naar een plek afgesloten"),
                     values={}, actor=actor, occurred_on=closed_on,
                     description=search.close_note, description_values=ours,
                     placement=placement)
    db.session.flush()
    record(actor, case, AuditEvent.CHANGE, grounds=AS_OPENED, target="zoektocht",
           target_id=search.id, fields=("closed_on", "close_kind", "placement_id", "close_note"))


def placement_started(case: Case, placement: Placement, actor: User) -> None:
    """A placement starts on a case with an open search (issue 25: "closed by a placement that
    starts (linked)"). A placement links only to a yes: with a yes of its provider for its care
    type the search is closed and linked to it. Without one the search stays open (a
    kortdurend verblijf while searching is common, and the searcher may still have to record
    the yes) and the timeline says so, so the searcher closes or corrects it by hand."""
    search = open_search_of(case)
    if search is None or placement.start_date < search.opened_on:
        return
    if _has_yes(search, placement):
        close_search(search, case, Closing(CloseKind.PLAATSING.value, placement_id=placement.id,
                                           note=AUTO_CLOSE_NOTE), actor)
    elif placement.type in search.care_types:
        add_system_event(
            case, EventKind.ZOEKTOCHT,
            N_("Plaatsing gestart zonder ‘ja’ van deze aanbieder in de zoektocht; de zoektocht "
               "loopt nog"), values={},
            actor=actor, occurred_on=placement.start_date, placement=placement,
            description=N_("Leg het antwoord van de aanbieder vast of sluit de zoektocht af."),
            description_values={},
        )


def _has_yes(search: Search, placement: Placement) -> bool:
    """A yes of the placement's provider for its care type. A placement recorded with only the
    provider's name (the placements form) matches the organisation of that name."""
    query = select(SearchRequest.id).where(
        SearchRequest.search_id == search.id, SearchRequest.answer == Answer.JA.value,
        SearchRequest.care_type == placement.type,
    )
    if placement.provider_id is not None:
        query = query.where(SearchRequest.provider_id == placement.provider_id)
    else:
        query = query.join(Organisation, Organisation.id == SearchRequest.provider_id).where(
            func.lower(Organisation.name) == placement.provider_name.strip().lower()
        )
    return db.session.scalar(query.limit(1)) is not None
