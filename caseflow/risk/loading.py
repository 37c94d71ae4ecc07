"""Loading the history of many cases at once: a fixed number of queries whatever their number,
grouped by case in Python (the rules then run over plain data)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, select

from caseflow.cases.models import (
    Case,
    CaseMember,
    CaseProblemArea,
    ExplanatoryAnalysis,
    PhaseTransition,
)
from caseflow.extensions import db
from caseflow.risk.history import EventVersion, RawCase, RawEvent, RawPlacement, RawSearch
from caseflow.search.models import Search
from caseflow.timeline.models import Placement, TimelineEvent, TimelineEventRevision


def _where(query: Select, column, case_ids: list[int] | None) -> Select:
    return query if case_ids is None else query.where(column.in_(case_ids))


def load_raw_cases(case_ids: Iterable[int] | None = None) -> dict[int, RawCase]:
    """Everything the rules need, for the given cases (all when None), in seven queries."""
    ids = None if case_ids is None else sorted(set(case_ids))
    if ids is not None and not ids:
        return {}
    session = db.session
    with session.no_autoflush:
        cases = {
            row.id: RawCase(
                row.id, row.reference, row.birth_year, row.birth_month, row.registered_on,
                frozenset(), row.follow_up_weeks,
            )
            for row in session.execute(
                _where(
                    select(
                        Case.id, Case.reference, Case.birth_year, Case.birth_month,
                        Case.registered_on, Case.follow_up_weeks,
                    ),
                    Case.id, ids,
                ).order_by(Case.id)
            )
        }
        areas: dict[int, set[str]] = {}
        for case_id, area in session.execute(
            _where(
                select(CaseProblemArea.case_id, CaseProblemArea.area), CaseProblemArea.case_id, ids
            )
        ):
            areas.setdefault(case_id, set()).add(area)
        for case_id, found in areas.items():
            if case_id in cases:
                cases[case_id].problem_areas = frozenset(found)
        _load_events(cases, ids)
        _load_placements(cases, ids)
        _load_searches(cases, ids)
        for case_id, at, to_phase in session.execute(
            _where(
                select(PhaseTransition.case_id, PhaseTransition.at, PhaseTransition.to_phase),
                PhaseTransition.case_id, ids,
            ).order_by(PhaseTransition.case_id, PhaseTransition.at, PhaseTransition.id)
        ):
            if case_id in cases:
                cases[case_id].transitions.append((at, to_phase))
        for case_id, recorded_at in session.execute(
            _where(
                select(ExplanatoryAnalysis.case_id, ExplanatoryAnalysis.recorded_at),
                ExplanatoryAnalysis.case_id, ids,
            )
        ):
            if case_id in cases:
                cases[case_id].analyses.append(recorded_at)
        for member_id, case_id, since in session.execute(
            _where(
                select(CaseMember.id, CaseMember.case_id, CaseMember.since)
                .where(CaseMember.role == "casusregisseur"),
                CaseMember.case_id, ids,
            )
        ):
            if case_id in cases:
                cases[case_id].regisseurs.append((member_id, since))
    return cases


def _load_events(cases: dict[int, RawCase], ids: list[int] | None) -> None:
    session = db.session
    events: dict[int, RawEvent] = {}
    for row in session.execute(
        _where(
            select(
                TimelineEvent.id, TimelineEvent.case_id, TimelineEvent.kind,
                TimelineEvent.occurred_on, TimelineEvent.recorded_at,
                TimelineEvent.retracted_at, TimelineEvent.placement_id,
            ),
            TimelineEvent.case_id, ids,
        ).order_by(TimelineEvent.case_id, TimelineEvent.occurred_on, TimelineEvent.id)
    ):
        event = RawEvent(
            row.id, row.kind, row.occurred_on, row.recorded_at, row.retracted_at, row.placement_id
        )
        events[row.id] = event
        if row.case_id in cases:
            cases[row.case_id].events.append(event)
    revisions = _where(
        select(
            TimelineEventRevision.event_id, TimelineEventRevision.recorded_at,
            TimelineEventRevision.kind, TimelineEventRevision.occurred_on,
        )
        .join(TimelineEvent, TimelineEvent.id == TimelineEventRevision.event_id)
        .where(TimelineEvent.revision_count > 1),
        TimelineEvent.case_id, ids,
    ).order_by(TimelineEventRevision.event_id, TimelineEventRevision.number)
    for event_id, recorded_at, kind, occurred_on in session.execute(revisions):
        if event_id in events:
            events[event_id].versions.append(EventVersion(recorded_at, kind, occurred_on))


def _load_placements(cases: dict[int, RawCase], ids: list[int] | None) -> None:
    for row in db.session.execute(
        _where(
            select(
                Placement.id, Placement.case_id, Placement.type, Placement.in_region,
                Placement.start_date, Placement.actual_end, Placement.ending,
                Placement.recorded_at, Placement.ended_recorded_at, Placement.planned_end,
                Placement.end_reason, Placement.provider_id, Placement.provider_name,
            ),
            Placement.case_id, ids,
        )
        .where(Placement.retracted_at.is_(None))  # entered by mistake: no history of the child
        .order_by(Placement.case_id, Placement.start_date, Placement.id)
    ):
        if row.case_id in cases:
            cases[row.case_id].placements.append(
                RawPlacement(
                    row.id, row.type, row.in_region, row.start_date, row.actual_end,
                    row.ending, row.recorded_at, row.ended_recorded_at, row.planned_end,
                    row.end_reason, row.provider_id, row.provider_name,
                )
            )


def _load_searches(cases: dict[int, RawCase], ids: list[int] | None) -> None:
    """The searches for a place (issue 25): ``lang_wachten`` reads the open ones."""
    for row in db.session.execute(
        _where(
            select(Search.case_id, Search.opened_on, Search.closed_on, Search.recorded_at),
            Search.case_id, ids,
        ).order_by(Search.case_id, Search.opened_on, Search.id)
    ):
        if row.case_id in cases:
            cases[row.case_id].searches.append(
                RawSearch(row.opened_on, row.closed_on, row.recorded_at)
            )
