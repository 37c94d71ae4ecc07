"""Correcting a case's intake data (issue 20): every change keeps the version before it, with who,
when and why, and goes to the access log as ``change`` with the names of the fields changed.

The monitor reads the case's current data, so a corrected gemeente or birth year counts under the
new value from then on; ``corrections_after`` tells the monitor which past periods were shown
with other data at the time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from caseflow.audit.context import AS_OPENED
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import record
from caseflow.auth.models import Organisation, User
from caseflow.auth.permissions import CHAIRS
from caseflow.cases.events import earliest_days
from caseflow.cases.forms import OLDEST_AGE, TEXT_MAX
from caseflow.cases.models import Case, CaseProblemArea, Gemeente
from caseflow.cases.revisions import CaseRevision
from caseflow.cases.vocab import ProblemArea, ReferrerType
from caseflow.core.case_page import read_all
from caseflow.core.formatting import day
from caseflow.core.problems import FieldProblems
from caseflow.core.revisions import revision_row, revisions_of
from caseflow.database import utcnow
from caseflow.extensions import db

CORRECTORS = CHAIRS
CORRECTABLE = (
    "pseudonym",
    "birth_year",
    "birth_month",
    "gemeente",
    "referrer_type",
    "referrer_organisation",
    "problem_areas",
    "question",
)
MONITOR_FIELDS = frozenset({"gemeente", "birth_year"})  # the fields the monitor splits by


class CorrectionError(FieldProblems):
    """A correction that cannot be stored (see ``FieldProblems``)."""


@dataclass(frozen=True)
class CaseCorrection:
    pseudonym: str
    birth_year: int
    birth_month: int
    gemeente_id: int
    referrer_type: str
    referrer_organisation_id: int | None
    problem_areas: tuple[str, ...]
    question: str


def current_content(case: Case) -> CaseCorrection:
    return CaseCorrection(
        pseudonym=case.pseudonym,
        birth_year=case.birth_year,
        birth_month=case.birth_month,
        gemeente_id=case.gemeente_id,
        referrer_type=case.referrer_type,
        referrer_organisation_id=case.referrer_organisation_id,
        problem_areas=tuple(sorted(case.problem_areas)),
        question=case.question,
    )


def _validate(case: Case, data: CaseCorrection, reason: str, today: date) -> None:
    problems: dict[str, str] = {}
    if not data.pseudonym.strip():
        problems["pseudonym"] = _("Vul een roepnaam of pseudoniem in.")
    elif len(data.pseudonym.strip()) > 60:
        problems["pseudonym"] = _("De roepnaam is te lang (hooguit 60 tekens).")
    if data.birth_year > today.year:
        problems["birth_year"] = _("Het geboortejaar ligt in de toekomst.")
    elif data.birth_year < today.year - OLDEST_AGE:
        problems["birth_year"] = _(
            "Een jeugdige is hooguit %(n)d jaar; controleer het geboortejaar.", n=OLDEST_AGE
        )
    earliest = _earliest_day(case)
    if "birth_year" not in problems and earliest is not None and earliest.year < data.birth_year:
        # The date rule (core/dates.py) holds for the case's existing history too: a birth year
        # after a recorded date would leave that date "before the birth" for good.
        problems["birth_year"] = _(
            "De casus heeft al gegevens van vóór dit geboortejaar (de vroegste: %(day)s); "
            "corrigeer of trek die eerst in.",
            day=day(earliest),
        )
    if not 1 <= data.birth_month <= 12:
        problems["birth_month"] = _("Kies de geboortemaand.")
    elif data.birth_year == today.year and data.birth_month > today.month:
        problems["birth_month"] = _("De geboortedatum ligt in de toekomst.")
    gemeente = db.session.get(Gemeente, data.gemeente_id) if data.gemeente_id else None
    # A gemeente no longer offered at intake may stay on a case that already had it.
    if gemeente is None or (not gemeente.active and gemeente.id != case.gemeente_id):
        problems["gemeente"] = _("Kies een gemeente uit de lijst.")
    if data.referrer_type not in set(ReferrerType):
        problems["referrer_type"] = _("Kies wie de jeugdige aanmeldt.")
    if data.referrer_organisation_id and (
        db.session.get(Organisation, data.referrer_organisation_id) is None
    ):
        problems["referrer_organisation"] = _("Kies een organisatie uit de lijst.")
    if not data.problem_areas:
        problems["problem_areas"] = _("Kies ten minste één probleemgebied.")
    elif not set(data.problem_areas) <= set(ProblemArea):
        problems["problem_areas"] = _("Kies probleemgebieden uit de lijst.")
    if not data.question.strip():
        problems["question"] = _("Beschrijf de hulpvraag.")
    elif len(data.question) > TEXT_MAX:
        problems["question"] = _("De hulpvraag is te lang (hooguit 5000 tekens).")
    if not reason.strip():
        problems["reason"] = _("Geef een reden voor de correctie.")
    elif len(reason) > TEXT_MAX:
        problems["reason"] = _("De reden is te lang (hooguit 5000 tekens).")
    if problems:
        raise CorrectionError(problems)


def _earliest_day(case: Case) -> date | None:
    """The earliest date in the case's history that counts (registration, events and
    placements that are not retracted)."""
    days = [case.registered_on, *earliest_days(case)]
    known = [day for day in days if day is not None]
    return min(known) if known else None


def _changed(before: CaseCorrection, after: CaseCorrection) -> list[str]:
    pairs = {
        "pseudonym": (before.pseudonym, after.pseudonym.strip()),
        "birth_year": (before.birth_year, after.birth_year),
        "birth_month": (before.birth_month, after.birth_month),
        "gemeente": (before.gemeente_id, after.gemeente_id),
        "referrer_type": (before.referrer_type, after.referrer_type),
        "referrer_organisation": (
            before.referrer_organisation_id,
            after.referrer_organisation_id or None,
        ),
        "problem_areas": (before.problem_areas, tuple(sorted(set(after.problem_areas)))),
        "question": (before.question, after.question.strip()),
    }
    return [name for name in CORRECTABLE if pairs[name][0] != pairs[name][1]]

# The case's own columns a revision keeps (as CaseRevision names them).
REVISED = (
    "pseudonym", "birth_year", "birth_month", "gemeente_id", "referrer_type",
    "referrer_organisation_id", "problem_areas", "question",
)


def _snapshot(
    case: Case, number: int, at: datetime, by: int | None, changed: list[str], reason: str
) -> CaseRevision:
    content = {name: getattr(case, name) for name in REVISED}
    content["problem_areas"] = sorted(case.problem_areas)
    return revision_row(
        CaseRevision.case_id, case.id, number, content, at=at, by=by,
        changed_fields=changed, reason=reason,
    )


def case_revisions(case: Case) -> list[CaseRevision]:
    return revisions_of(CaseRevision.case_id, [case.id])[case.id]


def correct_case(
    case: Case, data: CaseCorrection, actor: User, *, reason: str, today: date | None = None
) -> CaseRevision:
    """Store a correction as a new version; refuse (changing nothing) if it is not valid or
    changes nothing."""
    if actor.role not in CORRECTORS:
        raise CorrectionError({"case": _("Alleen de voorzitter of procesbegeleider corrigeert.")})
    _validate(case, data, reason, today or date.today())
    changed = _changed(current_content(case), data)
    if not changed:
        raise CorrectionError({"reason": _("Er is niets gewijzigd; er is niets opgeslagen.")})
    now = utcnow()
    number = db.session.scalar(
        select(func.max(CaseRevision.number)).where(CaseRevision.case_id == case.id)
    )
    if number is None:  # keep what was first registered as revision 1
        db.session.add(_snapshot(case, 1, case.created_at, case.created_by_id, [], ""))
        number = 1
    case.pseudonym = data.pseudonym.strip()
    case.birth_year, case.birth_month = data.birth_year, data.birth_month
    case.gemeente_id = data.gemeente_id
    case.referrer_type = data.referrer_type
    case.referrer_organisation_id = data.referrer_organisation_id or None
    case.question = data.question.strip()
    if "problem_areas" in changed:  # remove and add rows; a kept area keeps its row
        wanted = set(data.problem_areas)
        case.problem_area_rows = [r for r in case.problem_area_rows if r.area in wanted] + [
            CaseProblemArea(area=a) for a in sorted(wanted - set(case.problem_areas))
        ]
    db.session.flush()
    db.session.expire(case, ["gemeente", "referrer_organisation"])
    revision = _snapshot(case, number + 1, now, actor.id, changed, reason.strip())
    db.session.add(revision)
    db.session.flush()
    record(
        actor,
        case.id,
        AuditEvent.CHANGE,
        grounds=AS_OPENED,
        target="case",
        target_id=case.id,
        fields=changed,
    )
    return revision


CORRECTIONS_READS = ("cases.revisions", "cases.revision_gemeenten")


def corrections_reads(case: Case) -> dict[str, Select]:
    return {
        "cases.revisions": (
            select(CaseRevision).where(CaseRevision.case_id == case.id)
            .order_by(CaseRevision.number)
        ),
        "cases.revision_gemeenten": select(Gemeente.id, Gemeente.name).where(
            Gemeente.id.in_(
                select(CaseRevision.gemeente_id).where(CaseRevision.case_id == case.id)
            )
        ),
    }


def corrections_context(case: Case) -> dict[str, object]:
    """What the case page's list of corrections needs (nothing when there are none)."""
    # The revisions and the names of the gemeenten they recorded (as case_revisions); on the
    # case page read with the other panels.
    found = read_all(lambda: corrections_reads(case), CORRECTIONS_READS)
    revisions = found["cases.revisions"]
    names = dict(found["cases.revision_gemeenten"])
    return {
        "corrections": revisions,
        "gemeente_names": names,
        "correction_labels": {
            "pseudonym": _("roepnaam"),
            "birth_year": _("geboortejaar"),
            "birth_month": _("geboortemaand"),
            "gemeente": _("gemeente"),
            "referrer_type": _("verwijzer"),
            "referrer_organisation": _("verwijzende organisatie"),
            "problem_areas": _("probleemgebieden"),
            "question": _("hulpvraag"),
        },
    }


def corrections_after(moment: datetime, registered_before: date) -> int:
    """How many cases registered before ``registered_before`` had their gemeente or birth year
    corrected at or after ``moment`` (the monitor's note for past periods)."""
    rows = db.session.execute(
        select(CaseRevision.case_id, CaseRevision.changed_fields)
        .join(Case, Case.id == CaseRevision.case_id)
        .where(
            CaseRevision.number > 1,
            CaseRevision.recorded_at >= moment,
            Case.registered_on < registered_before,
        )
    )
    return len({case_id for case_id, fields in rows if MONITOR_FIELDS & set(fields or [])})
