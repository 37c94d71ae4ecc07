"""Demo RET meetings: three past meetings with decisions and actions (some done, some overdue) and
one upcoming meeting with an agenda, built through the real services with backdated times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from caseflow.auth.models import Organisation, User
from caseflow.cases.models import Case
from caseflow.cases.workflow import Phase
from caseflow.extensions import db
from caseflow.meetings.actions import add_action, set_action_status
from caseflow.meetings.clock import local_zone, region_today
from caseflow.meetings.services import (
    add_agenda_item,
    add_guest,
    plan_meeting,
    record_meeting_decision,
    update_preparation,
)
from caseflow.meetings.vocab import ActionStatus, GuestRole, Mandate

DECISIONS = (
    (
        Mandate.ADVIES,
        "De RET adviseert een gezinshuis dicht bij oma; school in de eigen gemeente houden.",
        "",
    ),
    (
        Mandate.BESLUIT,
        "Intensieve ambulante hulp thuis met een vaste mentor; over zes weken evalueren.",
        "",
    ),
    (
        Mandate.DOORZETTINGSMACHT,
        "Plaatsing in de kleinschalige groep gaat door; de gemeente financiert het maatwerk.",
        "Bestuurlijk overleg jeugd Gooi en Vechtstreek",
    ),
)

ACTIONS = (
    "Kennismaking plannen met het gezinshuis en de jeugdige voorbereiden.",
    "Schoolplek regelen met het samenwerkingsverband.",
    "Financiering van het maatwerk vastleggen in een beschikking.",
)


def _local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=local_zone())


def load_demo_meetings(chair: User, coordinator: User, workers: list[User]) -> int:
    """Returns the number of meetings made. The caller commits."""
    today = region_today()
    followed = list(
        db.session.scalars(
            select(Case)
            .where(Case.phase.in_([Phase.PLAATSING.value, Phase.BLIJVEN_VOLGEN.value]))
            .order_by(Case.registered_on, Case.id)
        ).unique()
    )
    waiting = list(
        db.session.scalars(
            select(Case)
            .where(Case.phase == Phase.RET_BESPREKING.value)
            .order_by(Case.phase_since, Case.id)
        ).unique()
    )
    organisations = list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.kind.in_(["gemeente", "zorgaanbieder"]))
            .order_by(Organisation.name)
        )
    )
    owners: list[tuple[User | None, Organisation | None]] = [
        (workers[0], None),
        (None, organisations[0] if organisations else None),
        (workers[-1], None),
    ]
    made = 0
    for number, days_ago in enumerate((42, 28, 14)):
        day = today - timedelta(days=days_ago)
        starts = _local(day, 14)
        cases = [c for c in followed if c.registered_on < day - timedelta(days=7)]
        cases = cases[number * 2 : number * 2 + 2]
        if not cases:
            continue
        meeting = plan_meeting(
            starts,
            chair,
            coordinator,
            coordinator,
            location="Gemeentehuis Hilversum",
            attendees=workers,
            confirmed=True,  # the demo's history: meetings that took place
        )
        made += 1
        for index, case in enumerate(cases):
            item = add_agenda_item(meeting, case, coordinator, at=starts - timedelta(days=7))
            update_preparation(
                item,
                coordinator,
                question=item.question,
                advice="Eerst stabiliteit: één vaste volwassene, dan pas behandeling.",
            )
            if index == 0:
                add_guest(meeting, GuestRole.OUDER.value, coordinator, case=case)
                add_guest(meeting, GuestRole.VERWIJZER.value, coordinator, case=case)
            mandate, text, escalated = DECISIONS[(number + index) % len(DECISIONS)]
            decided = starts + timedelta(hours=1)
            record_meeting_decision(
                item, chair, text=text, mandate=mandate.value, escalated_to=escalated, at=decided
            )
            for offset, description in enumerate(ACTIONS[: 2 + index % 2]):
                owner_user, owner_organisation = owners[(number + offset) % len(owners)]
                if owner_user is None and owner_organisation is None:
                    continue
                action = add_action(
                    item,
                    coordinator,
                    description=description,
                    due_on=day + timedelta(days=10 + 7 * offset),
                    owner_user=owner_user,
                    owner_organisation=owner_organisation,
                    at=decided,
                )
                if offset == 0:  # the first action of each item was done in time
                    set_action_status(
                        action,
                        ActionStatus.GEDAAN.value,
                        chair,
                        at=_local(day + timedelta(days=8), 10),
                    )
    upcoming = plan_meeting(
        _local(today + timedelta(days=7), 14),
        chair,
        coordinator,
        coordinator,
        location="Gemeentehuis Hilversum",
        attendees=workers,
    )
    for case in waiting[:3]:
        add_agenda_item(upcoming, case, coordinator)
    db.session.flush()
    return made + 1
