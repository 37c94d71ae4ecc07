"""How a case-based query is split by a dimension: the extra join and the group label.

Splits by something a case can have more than once (problem area, type of care, provider)
count a case under each of its values, as the regional tables do; each is joined through a
DISTINCT subquery so a case with two placements of one type still counts once there."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Select, and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from caseflow.cases.models import Case, CaseProblemArea, Gemeente
from caseflow.cases.vocab import PROBLEM_AREA_LABELS, REFERRER_LABELS
from caseflow.monitor.periods import Dimension, Period
from caseflow.monitor.sql import year_of
from caseflow.timeline.models import Placement, PlacementType
from caseflow.timeline.vocab import PLACEMENT_TYPE_LABELS

# Seed 004's bands: 16-23 is the problem group, so 18-23 is a band of its own.
AGE_GROUPS = ("0-11", "12-15", "16-17", "18-23", "24+")
PROVIDER_COUNTS = ("0", "1", "2", "3+")
NO_PLACEMENT = "geen plaatsing"

# Splits other domains add (the legal framework):
# {dimension: join(query, period, placed) -> (query, label)}
Joiner = Callable[[Select, "Period | None", bool], tuple[Select, object]]
EXTRA_SPLITS: dict[Dimension, Joiner] = {}
EXTRA_LABELS: dict[Dimension, Callable[[object], str]] = {}
EXTRA_ORDER: dict[Dimension, Callable[[object], tuple]] = {}


def register_split(
    dimension: Dimension,
    join: Joiner,
    label: Callable[[object], str] | None = None,
    order: Callable[[object], tuple] | None = None,
) -> None:
    """A domain's own split (e.g. the legal framework), offered from then on."""
    EXTRA_SPLITS[dimension] = join
    if label is not None:
        EXTRA_LABELS[dimension] = label
    if order is not None:
        EXTRA_ORDER[dimension] = order


def available() -> list[Dimension]:
    """The splits a reader can choose: the built-in ones and those a domain registered."""
    return [d for d in Dimension if d is not Dimension.JURIDISCH_KADER or d in EXTRA_SPLITS]


def age_group():
    """Age group at registration, from birth year (the birth day is not stored)."""
    age = year_of(Case.registered_on) - Case.birth_year
    return case(
        (age < 12, literal("0-11")),
        (age < 16, literal("12-15")),
        (age < 18, literal("16-17")),
        (age < 24, literal("18-23")),
        else_=literal("24+"),
    )


def _live_placements():
    return select(Placement.case_id).where(Placement.retracted_at.is_(None))


@dataclass(frozen=True)
class Scope:
    """Which cases and placements the tables count (issue 24 points 2 and 5).

    ``contracted_only``: placements recorded as gecontracteerd only (tables that count
    placements; a case-based table such as instroom counts its cases as before).
    ``ret_only``: cases that had a RET-bespreking (on the agenda of a meeting not cancelled
    that started before the period's end). ``gemeente_id``: a consulent's gemeente; its cases
    only, with those of a gemeente merged into it (herindeling) from the period after."""

    contracted_only: bool = False
    ret_only: bool = False
    gemeente_id: int | None = None

    @property
    def switches(self) -> dict[str, str]:
        """The query parameters the switches are carried in (links, downloads, PDF)."""
        found = {}
        if self.contracted_only:
            found["gecontracteerd"] = "1"
        if self.ret_only:
            found["ret"] = "1"
        return found


# The scope of the request being answered. A context variable rather than one more argument
# because the tables other domains contribute take (period, dimension) only: every table reads
# its cases through ``split`` (and its placements through it with ``placed``), so the scope
# reaches theirs too, and a consulent's query never loads another gemeente's cases.
_SCOPE: ContextVar[Scope | None] = ContextVar("monitor_scope", default=None)
WHOLE = Scope()


def current_scope() -> Scope:
    return _SCOPE.get() or WHOLE


@contextmanager
def scoped(scope: Scope) -> Iterator[Scope]:
    token = _SCOPE.set(scope)
    try:
        yield scope
    finally:
        _SCOPE.reset(token)


def ret_cases(period: Period | None) -> Select:
    """Case ids on the agenda of a RET meeting not cancelled, held before the period's end."""
    from caseflow.meetings.models import AgendaItem, Meeting

    until = period.end_at if period is not None else datetime.now(UTC)
    return (
        select(AgendaItem.case_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.cancelled_at.is_(None), Meeting.starts_at < until)
    )


def gemeente_ids(gemeente_id: int, period: Period | None) -> Select:
    """The gemeenten whose cases count as ``gemeente_id``'s in the period: itself (unless it
    had ended and was merged before the period) and those merged into it before the period,
    as ``_gemeente_in`` labels them."""
    if period is None:
        return select(Gemeente.id).where(Gemeente.id == gemeente_id)
    start = period.start
    merged = and_(
        Gemeente.valid_until.is_not(None),
        Gemeente.valid_until < start,
        Gemeente.successor_id.is_not(None),
    )
    return select(Gemeente.id).where(
        or_(
            and_(Gemeente.id == gemeente_id, ~merged),
            and_(Gemeente.successor_id == gemeente_id, merged),
        )
    )


def _in_scope(query: Select, period: Period | None, placed: bool) -> Select:
    scope = current_scope()
    if scope.gemeente_id is not None:
        query = query.where(Case.gemeente_id.in_(gemeente_ids(scope.gemeente_id, period)))
    if scope.ret_only:
        query = query.where(Case.id.in_(ret_cases(period)))
    if scope.contracted_only and placed:
        query = query.where(Placement.contracted.is_(True))
    return query


def split(
    query: Select, dimension: Dimension, period: Period | None = None, *, placed: bool = False
) -> tuple[Select, object]:
    """``query`` (already selecting from Case) with the join the dimension needs, and the label;
    limited to the request's scope (``Scope``).

    ``placed``: the query already joins Placement (one row per placement), so a split by type
    or provider takes that placement's own type or provider."""
    query = _in_scope(query, period, placed)
    if dimension is Dimension.GEMEENTE:
        joined = query.join(Gemeente, Gemeente.id == Case.gemeente_id)
        if period is None:
            return joined, Gemeente.name
        return _gemeente_in(joined, period)
    if dimension is Dimension.VERWIJZER:
        return query, Case.referrer_type
    if dimension is Dimension.LEEFTIJD:
        return query, age_group()
    if dimension is Dimension.PROBLEEMGEBIED:
        joined = query.join(CaseProblemArea, CaseProblemArea.case_id == Case.id)
        return joined, CaseProblemArea.area
    if dimension is Dimension.SOORT_ZORG:
        if placed:
            return query, Placement.type
        return _by_placement_column(query, Placement.type)
    if dimension is Dimension.AANBIEDER:
        if placed:
            return query, Placement.provider_name
        return _by_placement_column(query, Placement.provider_name)
    if dimension is Dimension.AANTAL_AANBIEDERS:
        return _by_provider_count(query)
    if dimension in EXTRA_SPLITS:
        return EXTRA_SPLITS[dimension](query, period, placed)
    return query, literal("totaal")


def _by_placement_column(query: Select, column) -> tuple[Select, object]:
    values = (
        _live_placements().add_columns(column.label("value")).distinct().subquery("split_values")
    )
    joined = query.outerjoin(values, values.c.case_id == Case.id)
    return joined, func.coalesce(values.c.value, literal(NO_PLACEMENT))


def _by_provider_count(query: Select) -> tuple[Select, object]:
    """Providers a child has had (placements not retracted, by provider name): 0, 1, 2, 3+."""
    counted = (
        select(
            Placement.case_id,
            func.count(Placement.provider_name.distinct()).label("providers"),
        )
        .where(Placement.retracted_at.is_(None))
        .group_by(Placement.case_id)
        .subquery("provider_counts")
    )
    joined = query.outerjoin(counted, counted.c.case_id == Case.id)
    n = func.coalesce(counted.c.providers, 0)
    label = case(
        (n == 0, literal("0")), (n == 1, literal("1")), (n == 2, literal("2")), else_=literal("3+")
    )
    return joined, label


def _gemeente_in(query: Select, period: Period) -> tuple[Select, object]:
    """Herindeling: a period that starts after a gemeente's last day counts its cases under
    the successor (Weesp's cases under Amsterdam from 2022 on); earlier periods keep the old
    name. One step of succession, which is what a region meets in practice."""
    successor = aliased(Gemeente)
    start = literal(period.start)  # one bound value, used by the select and its GROUP BY
    label = case(
        (
            and_(
                Gemeente.valid_until.is_not(None),
                Gemeente.valid_until < start,
                successor.id.is_not(None),
            ),
            successor.name,
        ),
        else_=Gemeente.name,
    )
    return query.outerjoin(successor, successor.id == Gemeente.successor_id), label


def label_of(dimension: Dimension, value: object) -> str:
    if dimension is Dimension.VERWIJZER:
        return str(REFERRER_LABELS.get(value, value))
    if dimension is Dimension.PROBLEEMGEBIED:
        return str(PROBLEM_AREA_LABELS.get(value, value))
    if dimension is Dimension.SOORT_ZORG:
        try:
            return str(PLACEMENT_TYPE_LABELS[PlacementType(value)])
        except ValueError:
            return _no_placement() if value == NO_PLACEMENT else str(value)
    if dimension is Dimension.AANBIEDER and value == NO_PLACEMENT:
        return _no_placement()
    if dimension is Dimension.TOTAAL:
        return "Totaal"
    if dimension in EXTRA_LABELS:
        return EXTRA_LABELS[dimension](value)
    return str(value)


def _no_placement() -> str:
    from flask_babel import gettext as _

    return _("Geen plaatsing")


def order_key(dimension: Dimension, value: object) -> tuple:
    if dimension is Dimension.LEEFTIJD and value in AGE_GROUPS:
        return (AGE_GROUPS.index(value),)
    if dimension is Dimension.AANTAL_AANBIEDERS and value in PROVIDER_COUNTS:
        return (PROVIDER_COUNTS.index(value),)
    if dimension is Dimension.SOORT_ZORG:
        types = [t.value for t in PlacementType]
        return (types.index(value) if value in types else len(types), str(value))
    if dimension in EXTRA_ORDER:
        return EXTRA_ORDER[dimension](value)
    return (str(value),)


# The legal framework's split registers itself (it reads the cases' framework facts).
from caseflow.monitor import frameworks as _frameworks  # noqa: E402, F401
