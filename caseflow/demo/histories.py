"""Demo histories: placements before and during the RET's involvement, and the events a team
logs — enough 'gehop' (4 to 8 placements for some children) to make the timeline tell a story."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.timeline.models import EndReason, PlacementType
from caseflow.timeline.placements import (
    PlacementInput,
    case_placements,
    end_placement,
    start_placement,
)
from caseflow.timeline.services import EventContent, log_event

RESIDENTIAL = [
    PlacementType.PLEEGZORG,
    PlacementType.GEZINSHUIS,
    PlacementType.VERBLIJF_24UUR,
    PlacementType.GGZ_VERBLIJF,
    PlacementType.DRIEMILIEU,
    PlacementType.GESLOTEN,
    PlacementType.MAATWERK,
]
PROVIDERS = {
    PlacementType.PLEEGZORG: "Pleegzorg Gooi (demo)",
    PlacementType.GEZINSHUIS: "Gezinshuis De Vlinder (demo)",
    PlacementType.VERBLIJF_24UUR: "De Lindenhoeve Jeugdzorg (demo)",
    PlacementType.GGZ_VERBLIJF: "Kliniek Het Baken, jeugd-GGZ (demo)",
    PlacementType.DRIEMILIEU: "Driemilieu De Horst (demo)",
    PlacementType.GESLOTEN: "JeugdzorgPlus Het Anker (demo)",
    PlacementType.MAATWERK: "Maatwerk Samen Thuis (demo)",
    PlacementType.KORTDUREND_VERBLIJF: "Crisisopvang 't Baken (demo)",
    PlacementType.THUIS_AMBULANT: "Ambulant team Gooi (demo)",
}
EVENTS = [
    ("crisis", "Crisis: politie-inzet na escalatie thuis"),
    ("crisis", "Crisis: weggelopen, na twee dagen terug"),
    ("incident", "Incident op de groep: agressie naar een groepsleider"),
    ("school", "Schorsing van school"),
    ("school", "Gesprek met school over een passende plek"),
    ("gesprek", "Gesprek met ouders over de zorgen"),
    ("netwerk", "Netwerkberaad met oma en oom"),
    ("wachtlijst", "Aangemeld bij aanbieder; wachtlijst van vier maanden"),
    ("contact_jeugdige", "Gesprek met de jeugdige zelf"),
    ("evaluatiemoment", "Evaluatie met gezin en aanbieder"),
]
# A crisis is the exception on a timeline, not one entry in five: with equal weights half the
# demo region carried "2 or more crises in 90 days", a red line for a child whose team logs
# mostly talks, school and network. Weighted, a handful of children have a recent crisis.
EVENT_WEIGHTS = [1 if kind == "crisis" else 5 for kind, _title in EVENTS]


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def placement_history(
    case: Case, registered: date, actor: User, rng: random.Random, many: bool
) -> None:
    """Placements before the intake, recorded at intake (after the fact)."""
    count = rng.randint(4, 8) if many else rng.randint(0, 2)
    cursor = registered - timedelta(days=rng.randint(200 * max(count, 1), 260 * max(count, 1)))
    recorded = _at(registered, 13)
    for index in range(count):
        kind = rng.choice(RESIDENTIAL)
        placement = start_placement(
            case,
            PlacementInput(
                type=kind.value,
                provider_name=PROVIDERS[kind],
                start_date=cursor,
                in_region=rng.random() > 0.3,
            ),
            actor,
            recorded_at=recorded,
        )
        length = rng.randint(40, 260)
        end = min(cursor + timedelta(days=length), registered - timedelta(days=1))
        last = index == count - 1 or end >= registered - timedelta(days=1)
        unplanned = rng.random() < 0.65
        end_placement(
            placement,
            case,
            actor,
            end_date=end,
            ending="onplanmatig" if unplanned else "planmatig",
            end_reason=rng.choice(list(EndReason)).value if unplanned else None,
            recorded_at=recorded,
        )
        if unplanned:
            log_event(
                case,
                EventContent(kind="crisis", title="Plaatsing liep vast", occurred_on=end),
                actor,
                recorded_at=recorded,
            )
        cursor = end + timedelta(days=rng.choice([0, 0, 3, 10]))
        if last:
            break
    # Many children arrive from a 'temporary' crisis bed that lasts.
    if rng.random() < 0.5:
        start_placement(
            case,
            PlacementInput(
                type="kortdurend_verblijf",
                provider_name=PROVIDERS[PlacementType.KORTDUREND_VERBLIJF],
                start_date=registered - timedelta(days=rng.randint(5, 40)),
            ),
            actor,
            recorded_at=recorded,
        )


def place_now(case: Case, day: date, actor: User, rng: random.Random) -> None:
    """The placement the RET found: running ones end (planned), the new one starts."""
    recorded = _at(day, 10)
    for running in case_placements(case):
        if running.actual_end is None:
            end_placement(
                running,
                case,
                actor,
                end_date=max(day, running.start_date),
                ending="planmatig",
                recorded_at=recorded,
            )
    kind = rng.choice(
        [
            PlacementType.GEZINSHUIS,
            PlacementType.PLEEGZORG,
            PlacementType.MAATWERK,
            PlacementType.VERBLIJF_24UUR,
        ]
    )
    start_placement(
        case,
        PlacementInput(
            type=kind.value,
            provider_name=PROVIDERS[kind],
            start_date=day,
            in_region=rng.random() > 0.2,
            planned_end=day + timedelta(days=365),
        ),
        actor,
        recorded_at=recorded,
    )


def team_events(
    case: Case, registered: date, today: date, actor: User, rng: random.Random, count: int
) -> None:
    span = max((today - registered).days, 1)
    for _ in range(count):
        kind, title = rng.choices(EVENTS, weights=EVENT_WEIGHTS)[0]
        day = registered + timedelta(days=rng.randint(0, span))
        recorded = _at(min(day + timedelta(days=rng.choice([0, 0, 1, 7])), today), 16)
        log_event(
            case, EventContent(kind=kind, title=title, occurred_on=day), actor, recorded_at=recorded
        )
    db.session.flush()
