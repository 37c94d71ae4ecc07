"""Indicators of placements: uitval / doorplaatsing, verblijf per type, and waiting."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, case, exists, func, literal, or_, select

from caseflow.cases.models import Case
from caseflow.cases.workflow import Phase
from caseflow.core.formatting import day
from caseflow.extensions import db
from caseflow.monitor.dimensions import label_of, order_key, split
from caseflow.monitor.periods import Dimension, Period
from caseflow.monitor.sql import days_between, distribution, greatest, least
from caseflow.monitor.tables import Cell, Table
from caseflow.timeline.doorplaatsing import Kind, classify
from caseflow.timeline.models import EndingKind, Placement, PlacementType
from caseflow.timeline.vocab import PLACEMENT_TYPE_LABELS


def _overlapping(period: Period):
    return and_(
        Placement.retracted_at.is_(None),  # entered by mistake: counts for nothing
        Placement.start_date < period.end,
        or_(Placement.actual_end.is_(None), Placement.actual_end >= period.start),
    )


def _days_in_period(period: Period, today: date):
    """Days of the placement within the period (the end day itself not counted, so a moving
    day is not counted twice); a running placement counts up to the period's end or today."""
    stop = min(period.end, today + timedelta(days=1))
    until = least(func.coalesce(Placement.actual_end, literal(stop)), literal(stop))
    return days_between(until, greatest(Placement.start_date, literal(period.start)))


def _kinds_of_starts(period: Period, dimension: Dimension, today: date) -> dict[object, list]:
    """{group: [Kind of each placement started in the period]}, classified by the one
    definition (timeline.doorplaatsing) over each child's whole placement history."""
    in_period = and_(Placement.start_date >= period.start, Placement.start_date < period.end)
    query, label = split(
        select(Case.id).select_from(Placement).join(Case, Case.id == Placement.case_id), dimension,
        period,
    )
    started = query.with_only_columns(label, Placement.id).where(
        in_period, Placement.retracted_at.is_(None), Placement.start_date <= today
    )
    groups: dict[object, list[int]] = {}
    for group, placement_id in db.session.execute(started):
        groups.setdefault(group, []).append(placement_id)
    started_ids = select(Placement.case_id).where(
        in_period, Placement.retracted_at.is_(None), Placement.start_date <= today
    )
    by_case: dict[int, list] = {}
    for row in db.session.execute(
        select(
            Placement.id, Placement.case_id, Placement.type, Placement.start_date,
            Placement.actual_end, Placement.planned_end, Placement.ending, Placement.end_reason,
            Placement.provider_id, Placement.provider_name,
        ).where(Placement.retracted_at.is_(None), Placement.case_id.in_(started_ids))
    ):
        by_case.setdefault(row.case_id, []).append(row)
    kinds = {s.placement.id: s.kind for rows in by_case.values() for s in classify(rows)}
    return {group: [kinds[i] for i in ids if i in kinds] for group, ids in groups.items()}


NOT_A_MOVE = frozenset({Kind.EERSTE, Kind.NAAST_LOPENDE, Kind.ZELFDE_PLEK})


def uitval(period: Period, dimension: Dimension, today: date | None = None) -> Table:
    """Unplanned endings, new placements, moves (a placement of its own after an earlier one)
    per 1,000 days in placement (the stability rate used abroad) and doorplaatsingen, for
    placements running at some time in the period. Moves and doorplaatsingen are counted by
    the one definition (timeline.doorplaatsing): a respite stay beside a running placement or
    a new tariff at the same place is no move."""
    today = today or date.today()
    in_period = and_(Placement.start_date >= period.start, Placement.start_date < period.end)
    query, label = split(
        select(Case.id).select_from(Placement).join(Case, Case.id == Placement.case_id), dimension,
        period,
    )
    query = (
        query.with_only_columns(
            label,
            func.sum(
                case(
                    (
                        and_(
                            Placement.ending == EndingKind.ONPLANMATIG.value,
                            Placement.actual_end >= period.start,
                            Placement.actual_end < period.end,
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
            func.sum(case((in_period, 1), else_=0)),
            func.sum(_days_in_period(period, today)),
            func.count(Placement.case_id.distinct()),
        )
        .where(_overlapping(period), Placement.start_date <= today)
        .group_by(label)
    )
    kinds = _kinds_of_starts(period, dimension, today)
    rows = []
    for group, unplanned, starts, days, cases in sorted(
        db.session.execute(query).all(), key=lambda r: order_key(dimension, r[0])
    ):
        started = kinds.get(group, [])
        moves = sum(1 for kind in started if kind not in NOT_A_MOVE)
        doorplaatsingen = sum(1 for kind in started if kind is Kind.DOORPLAATSING)
        rate = moves * 1000 / days if days else None
        rows.append(
            (
                label_of(dimension, group),
                [
                    Cell.count(unplanned),
                    Cell.count(starts),
                    Cell.count(moves),
                    Cell(days or 0, cases),
                    Cell(rate, cases),
                    Cell.count(cases),
                    Cell.count(doorplaatsingen),
                ],
            )
        )
    return Table(
        "uitval",
        _("Uitval en doorplaatsing"),
        _(
            "Plaatsingen die in de periode liepen: onplanmatig beëindigd, nieuw gestart, "
            "wisselingen (een nieuwe plaatsing na een eerdere; kortdurend verblijf naast een "
            "lopende plaatsing en een nieuw tarief op dezelfde plek tellen niet), wisselingen per "
            "1.000 dagen in plaatsing en doorplaatsingen (een nieuwe plaatsing binnen 30 dagen "
            "nadat de vorige onplanmatig eindigde)."
        ),
        [
            _("Onplanmatig beëindigd"),
            _("Nieuwe plaatsingen"),
            _("Wisselingen"),
            _("Dagen in plaatsing"),
            _("Wisselingen per 1.000 dagen"),
            _("Kinderen"),
            _("Doorplaatsingen"),
        ],
        rows,
        chart_column=0,
    )


def verblijf(period: Period, today: date | None = None) -> Table:
    """Placements by type, as in the regional tables: placements, unique children, in or out
    of the region. A child placed under two types counts under both (as the regions do)."""
    today = today or date.today()
    query = (
        select(
            Placement.type,
            func.count(Placement.id),
            func.count(Placement.case_id.distinct()),
            func.sum(case((Placement.in_region, 1), else_=0)),
            func.sum(case((Placement.in_region, 0), else_=1)),
        )
        .where(_overlapping(period), Placement.start_date <= today)
        .group_by(Placement.type)
    )
    found = {row[0]: row[1:] for row in db.session.execute(query).all()}
    rows = []
    totals = [0, 0, 0, 0]
    for kind in PlacementType:
        if kind.value not in found:
            continue
        values = [int(v or 0) for v in found[kind.value]]
        totals = [t + v for t, v in zip(totals, values, strict=True)]
        rows.append((str(PLACEMENT_TYPE_LABELS[kind]), [Cell.count(v) for v in values]))
    if rows:
        rows.append((_("Totaal"), [Cell.count(v) for v in totals]))
    return Table(
        "verblijf",
        _("Verblijf per soort"),
        _("Plaatsingen die in de periode liepen, per soort."),
        [_("Plaatsingen"), _("Unieke kinderen"), _("Binnen de regio"), _("Buiten de regio")],
        rows,
        chart_column=1,
        note=_("Een kind dat onder twee soorten valt, telt in het totaal twee keer mee."),
    )


def wachten(period: Period, today: date | None = None) -> Table:
    """Waiting and follow-up on the last day of the period (or today, if that is earlier)."""
    today = today or date.today()
    on = min(period.end - timedelta(days=1), today)
    running = exists().where(
        Placement.case_id == Case.id,
        Placement.start_date <= on,
        or_(Placement.actual_end.is_(None), Placement.actual_end > on),
    )
    waiting = (
        select(
            literal("wachten").label("grp"),
            days_between(literal(on), Case.phase_since).label("days"),
        )
        .where(Case.phase == Phase.PLAATSING.value, ~running)
        .subquery()
    )
    waited = distribution(waiting, waiting.c.grp, waiting.c.days).cte("waited")
    overdue = select(func.count(Case.id)).where(
        Case.phase == Phase.BLIJVEN_VOLGEN.value, Case.follow_up_due_on < on
    )
    # One query: every figure of the table as a scalar subquery.
    n, median, overdue, open_count, open_overdue = db.session.execute(
        select(
            select(waited.c[1]).scalar_subquery(),
            select(waited.c[2]).scalar_subquery(),
            overdue.scalar_subquery(),
            *_open_actions(on),
        )
    ).one()
    n = n or 0
    rows = [
        (_("In fase plaatsing zonder lopende plaatsing"), [Cell.count(n), Cell(median, n)]),
        (_("Blijven volgen: contact verlopen"), [Cell.count(overdue), Cell(None)]),
        (_("Open acties"), [Cell.count(open_count), Cell(None)]),
        (_("Verlopen acties"), [Cell.count(open_overdue or 0), Cell(None)]),
    ]
    return Table(
        "wachten",
        _("Wachten en blijven volgen"),
        _("Stand op %(date)s.", date=day(on)),
        [_("Aantal"), _("Mediaan wachttijd (dagen)")],
        rows,
        chart_column=None,
    )


def _open_actions(on: date) -> list:
    """Open RET actions, and those past their due date (due that day is not yet overdue)."""
    from caseflow.meetings.models import MeetingAction

    is_open = MeetingAction.status == "open"
    return [
        select(func.count(MeetingAction.id)).where(is_open).scalar_subquery(),
        select(func.sum(case((MeetingAction.due_on < on, 1), else_=0)))
        .where(is_open)
        .scalar_subquery(),
    ]
