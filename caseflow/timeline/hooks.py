"""What the timeline domain adds to others: the placement fact for the state machine's guard,
the start-page panels of overdue follow-ups, the case page's timeline (for a former member:
only their own entries) and the template labels of events and placements."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from caseflow.auth.models import Role, User
from caseflow.cases import facts
from caseflow.cases.access import current_member_clause, visible_cases
from caseflow.cases.models import Case, CaseMember
from caseflow.cases.workflow import Phase
from caseflow.core.case_page import former_members, register_case_panel
from caseflow.core.clock import region_today
from caseflow.core.labels import register_labels
from caseflow.core.start import register_panel
from caseflow.extensions import db
from caseflow.timeline import vocab
from caseflow.timeline.placements import running_placement_started

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


def _case_timeline(case: Case, _access: Any, _user: User) -> dict[str, Any]:
    from caseflow.timeline.case_panel import timeline_context

    return timeline_context(case)


def _own_entries(case: Case, access: Any, _user: User) -> dict[str, Any]:
    from caseflow.timeline.case_panel import own_entries_context

    return own_entries_context(case, access)


def register_template_labels() -> None:
    register_labels("kind_label", vocab.EVENT_KIND_LABELS)
    register_labels("precision_label", vocab.PRECISION_LABELS)
    register_labels("placement_label", vocab.PLACEMENT_TYPE_LABELS)
    register_labels("ending_label", vocab.ENDING_LABELS)
    register_labels("end_reason_label", vocab.END_REASON_LABELS)


def register() -> None:
    register_template_labels()
    if running_placement_started not in facts.PLACEMENT_STARTED_HOOKS:
        facts.PLACEMENT_STARTED_HOOKS.append(running_placement_started)
    register_panel(
        "timeline.overdue_follow_up",
        roles={Role.VOORZITTER, Role.PROCESBEGELEIDER},
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
        template="timeline/_case_panel.html",
        slot="main",
    )
    register_case_panel(
        "timeline.own_entries",
        load=_own_entries,
        template="timeline/_own_entries.html",
        visible=former_members,
        slot="former",
    )
