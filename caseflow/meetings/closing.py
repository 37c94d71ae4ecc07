"""Closing a case with loose ends (the caseflow.cases.closing hooks): what the meetings domain
still has open for the case, and wrapping it up when the chair chooses so."""

from __future__ import annotations

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.core.clock import start_of_today
from caseflow.core.formatting import when
from caseflow.extensions import db
from caseflow.meetings.actions import set_action_status
from caseflow.meetings.changes import item_has_results, remove_agenda_item
from caseflow.meetings.models import AgendaItem, Meeting, MeetingAction
from caseflow.meetings.vocab import ActionStatus, MinutesStatus


def _open_actions(case: Case) -> list[MeetingAction]:
    return list(db.session.scalars(
        select(MeetingAction).where(
            MeetingAction.case_id == case.id, MeetingAction.status == ActionStatus.OPEN.value
        ).order_by(MeetingAction.id)
    ).unique())


def _planned_items(case: Case) -> list[AgendaItem]:
    return list(db.session.scalars(
        select(AgendaItem).join(Meeting, Meeting.id == AgendaItem.meeting_id).where(
            AgendaItem.case_id == case.id,
            Meeting.starts_at >= start_of_today(),
            Meeting.cancelled_at.is_(None),
            Meeting.minutes_status == MinutesStatus.CONCEPT.value,
        ).order_by(Meeting.starts_at)
    ).unique())


def pending_on_close(case: Case) -> list[str]:
    """What closing ``case`` leaves behind, in the reader's language."""
    found = []
    actions = _open_actions(case)
    if actions:
        found.append(ngettext("%(num)d open actie", "%(num)d open acties", len(actions)))
    for item in _planned_items(case):
        found.append(_("op de agenda van %(moment)s", moment=when(item.meeting.starts_at)))
    return found


def wrap_up_on_close(case: Case, actor: User) -> None:
    """The chair chose to wrap up: open actions lapse, the case leaves planned agendas (an item
    with decisions or actions stays: it belongs to the minutes)."""
    for action in _open_actions(case):
        set_action_status(action, ActionStatus.VERVALLEN.value, actor)
    for item in _planned_items(case):
        if not item_has_results(item):
            with force_locale("nl"):  # stored text is in the region's language
                reason = str(_("Casus afgesloten"))
            remove_agenda_item(item, actor, reason=reason)
