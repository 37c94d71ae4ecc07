"""What the timeline domain adds to others: the placement fact for the state machine's guard,
the start-page panels of overdue follow-ups, the case page's timeline (for a former member:
only their own entries) and the template labels of events and placements."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from caseflow.auth.models import Role, User
from caseflow.auth.permissions import CHAIRS
from caseflow.cases import events, facts
from caseflow.cases.access import current_member_clause, visible_cases
from caseflow.cases.models import Case, CaseMember
from caseflow.cases.workflow import Phase
from caseflow.core.case_page import former_members, register_case_panel
from caseflow.core.clock import region_today
from caseflow.core.labels import register_labels, register_template_value
from caseflow.core.start import register_panel
from caseflow.extensions import db
from caseflow.privacy.known import register_names
from caseflow.privacy.known_names import KnownNames
from caseflow.timeline import services, vocab
from caseflow.timeline.models import Placement, TimelineEvent
from caseflow.timeline.placements import running_placement_started
from caseflow.timeline.titles import display_description, display_title

LIMIT = 15


def _overdue_query(user: User):
    return visible_cases(user).where(
        Case.phase == Phase.BLIJVEN_VOLGEN.value,
        Case.follow_up_due_on < region_today(),  # the same clock as is_follow_up_overdue
    )


def _overdue_for_chair(user: User) -> dict[str, Any] | None:
    cases = (
        db.session.scalars(_overdue_query(user).order_by(Case.follow_up_due_on).limit(LIMIT))
        .unique()
        .all()
    )
    return {"cases": cases} if cases else None


def _overdue_for_member(user: User) -> dict[str, Any] | None:
    mine = select(CaseMember.case_id).where(current_member_clause(user.id))
    cases = (
        db.session.scalars(
            _overdue_query(user)
            .where(Case.id.in_(mine))
            .order_by(Case.follow_up_due_on)
            .limit(LIMIT)
        )
        .unique()
        .all()
    )
    return {"cases": cases} if cases else None


def _case_timeline_reads(case: Case, _access: Any, _user: User) -> dict[str, Any]:
    from caseflow.cases.moves import phase_history_query
    from caseflow.timeline.placements import case_placements_query

    # Not the events (timeline.outline): hundreds of rows, each as wide as every part of the
    # shared statement, cost more CPU than their own narrow query does.
    return {
        "placements": case_placements_query(case),
        "phase_history": phase_history_query(case),
    }


def _case_timeline(case: Case, _access: Any, _user: User) -> dict[str, Any]:
    from caseflow.timeline.case_panel import timeline_context

    return timeline_context(case)


def _siblings_placed(case: Case, _access: Any, _user: User) -> dict[str, Any] | None:
    from caseflow.timeline.fact_queries import siblings_panel

    return siblings_panel(case, region_today())


def _own_entries(case: Case, access: Any, _user: User) -> dict[str, Any]:
    from caseflow.timeline.case_panel import own_entries_context

    return own_entries_context(case, access)


def register_template_labels() -> None:
    register_labels("kind_label", vocab.EVENT_KIND_LABELS)
    register_labels("precision_label", vocab.PRECISION_LABELS)
    register_labels("placement_label", vocab.PLACEMENT_TYPE_LABELS)
    register_labels("ending_label", vocab.ENDING_LABELS)
    register_labels("end_reason_label", vocab.END_REASON_LABELS)
    register_template_value("event_title", display_title)  # a system title in the reader's words
    register_template_value("event_description", display_description)


def _earliest_event_day(case: Case) -> date | None:
    return db.session.scalar(
        select(func.min(TimelineEvent.occurred_on)).where(
            TimelineEvent.case_id == case.id, TimelineEvent.retracted_at.is_(None)
        )
    )


def _earliest_placement_day(case: Case) -> date | None:
    return db.session.scalar(
        select(func.min(Placement.start_date)).where(
            Placement.case_id == case.id, Placement.retracted_at.is_(None)
        )
    )


def _add_provider_names(known: KnownNames) -> None:
    """Providers named in free text on a placement, for privacy's list of known names."""
    for (name,) in db.session.execute(select(Placement.provider_name).distinct()):
        if name:
            known.add_organisation(name, "[zorgaanbieder]", kind="zorgaanbieder")


def register() -> None:
    register_template_labels()
    register_names(_add_provider_names)
    events.register_timeline(
        write_event=services.add_system_event,
        refresh_follow_up=services.refresh_follow_up,
        earliest_days=[_earliest_event_day, _earliest_placement_day],
    )
    if running_placement_started not in facts.PLACEMENT_STARTED_HOOKS:
        facts.PLACEMENT_STARTED_HOOKS.append(running_placement_started)
    register_panel(
        "timeline.overdue_follow_up",
        roles=CHAIRS,
        template="timeline/start/overdue.html",
        load=_overdue_for_chair,
        order=10,
    )
    register_panel(
        "timeline.my_overdue_follow_up",
        roles={Role.PROFESSIONAL},
        template="timeline/start/overdue.html",
        load=_overdue_for_member,
        order=5,
    )
    register_case_panel(
        "timeline.case_timeline",
        load=_case_timeline,
        reads=_case_timeline_reads,
        template="timeline/_case_panel.html",
        slot="main",
    )
    register_case_panel(
        "timeline.siblings_placed",
        load=_siblings_placed,
        template="timeline/_siblings_placed.html",
        order=41,
        slot="grid",
    )
    register_case_panel(
        "timeline.own_entries",
        load=_own_entries,
        template="timeline/_own_entries.html",
        visible=former_members,
        slot="former",
    )
