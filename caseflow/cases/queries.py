"""Read-side queries of the case screens, each a fixed number of SQL statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select, union_all

from caseflow.auth.models import User
from caseflow.auth.permissions import CASE_WORKERS
from caseflow.cases.access import visible_cases
from caseflow.cases.models import Case, CaseProblemArea, Gemeente, PhaseProposal
from caseflow.cases.workflow import OPEN_PHASES, Phase
from caseflow.extensions import db
from caseflow.textsafety import small_int, strip_invisible

PER_PAGE = 25
BOARD_COLUMN_LIMIT = 60

SORTS = {
    "reference": Case.reference,
    "pseudonym": func.lower(Case.pseudonym),
    "phase": Case.phase,
    "phase_since": Case.phase_since,
    "registered_on": Case.registered_on,
    "gemeente": Gemeente.name,
}


@dataclass
class CaseFilters:
    q: str = ""
    phase: str = ""
    gemeente: str = ""
    regisseur: str = ""
    area: str = ""
    status: str = "open"
    sort: str = "reference"


@dataclass
class Page:
    items: list[Case]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _like_term(text: str) -> str | None:
    """The search text as a LIKE pattern: invisible characters (a reference pasted with a
    zero-width space) removed, ``%``/``_`` matched as themselves (escaped with a backslash)."""
    text = strip_invisible(text)[0].strip().lower()
    if not text:
        return None
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(user: User, filters: CaseFilters) -> Select:
    query = visible_cases(user)
    if filters.status == "open":
        query = query.where(Case.phase != Phase.AFGESLOTEN.value)
    elif filters.status == "closed":
        query = query.where(Case.phase == Phase.AFGESLOTEN.value)
    if filters.phase in set(Phase):
        query = query.where(Case.phase == filters.phase)
    if (gemeente := small_int(filters.gemeente)) is not None:
        query = query.where(Case.gemeente_id == gemeente)
    if (regisseur := small_int(filters.regisseur)) is not None:
        query = query.where(Case.casusregisseur_id == regisseur)
    if filters.area:
        query = query.where(
            Case.id.in_(select(CaseProblemArea.case_id).where(CaseProblemArea.area == filters.area))
        )
    if (term := _like_term(filters.q)) is not None:
        query = query.where(
            or_(
                func.lower(Case.reference).like(term, escape="\\"),
                func.lower(Case.pseudonym).like(term, escape="\\"),
            )
        )
    return query


def case_list(user: User, filters: CaseFilters, page: int = 1, per_page: int = PER_PAGE) -> Page:
    query = _filtered(user, filters)
    # Counted without the gemeente join (every case has one): over the open cases that is an
    # index-only count on ix_casus_open_reference.
    total = db.session.scalar(
        query.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
    )
    descending = filters.sort.startswith("-")
    column = SORTS.get(filters.sort.lstrip("-"), Case.reference)
    if column is SORTS["gemeente"]:
        query = query.join(Case.gemeente)
    order = column.desc() if descending else column.asc()
    # A page past the end shows the last page (and a huge number can't reach the database).
    page = min(max(1, page), max(1, -(-(total or 0) // per_page)))
    # First the page's ids (from an index, however deep the page), then those cases with their
    # eager relations: joining them before OFFSET made page 1,600 of 2,000 take 120 ms.
    # References are unique: sorted by reference alone the unique index serves the order.
    tie_break = () if column is Case.reference else (Case.id,)
    ids = list(
        db.session.scalars(
            query.with_only_columns(Case.id, maintain_column_froms=True)
            .order_by(order, *tie_break)
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    )
    loaded = {case.id: case for case in db.session.scalars(select(Case).where(Case.id.in_(ids)))}
    return Page([loaded[id_] for id_ in ids], total or 0, page, per_page)


@dataclass
class BoardCard:
    """One card on the board: only what the card shows, read as plain columns (hundreds of
    cards as full Case objects with their eager relations cost more than the rest of the page)."""

    reference: str
    pseudonym: str
    phase: str
    phase_since: datetime
    gemeente_name: str


@dataclass
class BoardColumn:
    phase: Phase
    cases: list[BoardCard]
    total: int


def board(user: User) -> list[BoardColumn]:
    """Open cases per phase, longest in phase first (they need attention), capped per column.
    One limited query per phase, glued with UNION ALL: each reads its first cards from the
    (phase, phase_since) index, where a window over every open case grew with the region."""
    per_phase = [
        visible_cases(user)
        .with_only_columns(
            Case.reference, Case.pseudonym, Case.phase, Case.phase_since, Case.gemeente_id
        )
        .where(Case.phase == phase.value)
        .order_by(Case.phase_since, Case.id)
        .limit(BOARD_COLUMN_LIMIT)
        .subquery()
        .select()
        for phase in OPEN_PHASES
    ]
    cards = union_all(*per_phase).subquery()
    rows = db.session.execute(
        select(cards.c.reference, cards.c.pseudonym, cards.c.phase, cards.c.phase_since,
               Gemeente.name)
        .join(Gemeente, Gemeente.id == cards.c.gemeente_id)
        .order_by(cards.c.phase, cards.c.phase_since, cards.c.reference)
    ).all()
    totals = dict(
        db.session.execute(
            visible_cases(user)
            .with_only_columns(Case.phase, func.count())
            .where(Case.phase != Phase.AFGESLOTEN.value)
            .group_by(Case.phase)
        ).all()
    )
    columns = {phase: BoardColumn(phase, [], totals.get(phase.value, 0)) for phase in OPEN_PHASES}
    for row in rows:
        columns[Phase(row.phase)].cases.append(BoardCard(*row))
    return list(columns.values())


def open_proposals_query(case: Case) -> Select:
    return (
        select(PhaseProposal)
        .where(PhaseProposal.case_id == case.id, PhaseProposal.status == "open")
        .order_by(PhaseProposal.proposed_at)
    )


def open_proposals(case: Case) -> list[PhaseProposal]:
    return list(db.session.scalars(open_proposals_query(case)))


def gemeenten() -> list[tuple[int, str]]:
    """(id, name) of the active gemeenten by name: choices for forms and filters (a national
    region has hundreds, so no full objects)."""
    query = select(Gemeente.id, Gemeente.name).where(Gemeente.active).order_by(Gemeente.name)
    return [(id_, name) for id_, name in db.session.execute(query)]


def professionals() -> list[User]:
    """Users who can be members of a case (everyone who works on cases)."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.active, User.role.in_([role.value for role in CASE_WORKERS]))
            .order_by(User.name)
        )
    )


def regisseurs_in_use() -> list[tuple[int, str]]:
    """(id, name) of everyone who is casusregisseur of a case, by name (the list filter)."""
    in_use = select(Case.casusregisseur_id).where(Case.casusregisseur_id.is_not(None))
    query = select(User.id, User.name).where(User.id.in_(in_use)).order_by(User.name, User.id)
    return [(id_, name) for id_, name in db.session.execute(query)]
