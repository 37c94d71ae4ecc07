"""One generated case: a phase walk over the workflow graph, then the rows that walk implies.

The walk only takes edges of ``caseflow.cases.workflow.allowed_edges()`` (checked at import), so
every history replays. Residential placements follow each other without overlap.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from caseflow.cases.vocab import MemberRole, ProblemArea, ReferrerType
from caseflow.cases.workflow import TRANSITIONS, ClosingReason, Phase, allowed_edges
from caseflow.generate import hazard
from caseflow.timeline.models import EndingKind, EndReason, EventKind, PlacementType

P = Phase
# (next phase, weight) per phase, and the mean number of days a case stays in it.
NEXT: dict[Phase, tuple[tuple[Phase, float], ...]] = {
    P.AANMELDING: ((P.VERKLARENDE_ANALYSE, 0.88), (P.AFGESLOTEN, 0.12)),
    P.VERKLARENDE_ANALYSE: ((P.RET_BESPREKING, 0.9), (P.AFGESLOTEN, 0.1)),
    P.RET_BESPREKING: ((P.PLAATSING, 0.75), (P.AFGESLOTEN, 0.25)),
    P.PLAATSING: ((P.BLIJVEN_VOLGEN, 0.85), (P.RET_BESPREKING, 0.15)),
    P.BLIJVEN_VOLGEN: ((P.EVALUATIE, 0.45), (P.VERKLARENDE_ANALYSE, 0.08),
                       (P.RET_BESPREKING, 0.12), (P.AFGESLOTEN, 0.35)),
    P.EVALUATIE: ((P.BLIJVEN_VOLGEN, 0.4), (P.AFGESLOTEN, 0.6)),
    P.AFGESLOTEN: ((P.AANMELDING, 0.05),),
}
MEAN_DAYS = {P.AANMELDING: 14, P.VERKLARENDE_ANALYSE: 40, P.RET_BESPREKING: 21,
             P.PLAATSING: 30, P.BLIJVEN_VOLGEN: 200, P.EVALUATIE: 30, P.AFGESLOTEN: 400}
_EDGES = allowed_edges()
if not all((src, dst) in _EDGES for src, options in NEXT.items() for dst, _w in options):
    raise RuntimeError("generator walks a move the state machine does not allow")
TRIGGER_OF = {(P(s), P(t["dest"])): str(t["trigger"]) for t in TRANSITIONS
              for s in (t["source"] if isinstance(t["source"], list) else [t["source"]])}
CLOSING = (ClosingReason.AFGEROND, ClosingReason.AFGEROND, ClosingReason.OVERGEDRAGEN,
           ClosingReason.INGETROKKEN, ClosingReason.NIET_ONTVANKELIJK, ClosingReason.OVERIG)
# Planned length in months of a placement: (residential, family-based).
PLANNED_MONTHS = {False: (4, 18), True: (9, 36)}
NEXT_STEP_AFTER_PLANNED = 0.35  # a planned ending followed by a next placement (an overgang)
RESIDENTIAL = tuple(t for t in PlacementType if t is not PlacementType.KORTDUREND_VERBLIJF)
USER_KINDS = (EventKind.GESPREK, EventKind.GESPREK, EventKind.CONTACT_JEUGDIGE,
              EventKind.EVALUATIEMOMENT, EventKind.NETWERK, EventKind.SCHOOL, EventKind.INCIDENT,
              EventKind.CRISIS, EventKind.WACHTLIJST, EventKind.BESLUIT, EventKind.ANALYSE,
              EventKind.OVERIG)
TITLES = {
    EventKind.GESPREK: "Gesprek met ouders en casusregisseur",
    EventKind.CONTACT_JEUGDIGE: "Contact met de jeugdige",
    EventKind.EVALUATIEMOMENT: "Evaluatiemoment met het netwerk",
    EventKind.NETWERK: "Netwerkberaad",
    EventKind.SCHOOL: "Overleg met school over onderwijsplek",
    EventKind.INCIDENT: "Incident op de groep",
    EventKind.CRISIS: "Crisisinterventie",
    EventKind.WACHTLIJST: "Aangemeld op wachtlijst",
    EventKind.BESLUIT: "Besluit in multidisciplinair overleg",
    EventKind.ANALYSE: "Aanvulling op de analyse",
    EventKind.OVERIG: "Overige notitie",
}


def at_day(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


@dataclass
class Move:
    source: Phase | None
    dest: Phase
    on: date
    closing_reason: str | None = None


@dataclass
class Stay:
    type: str
    provider: tuple[int, str]
    start: date
    planned_end: date
    end: date | None
    ending: str | None
    end_reason: str | None
    in_region: bool = True


@dataclass
class CasePlan:
    registered_on: date
    moves: list[Move] = field(default_factory=list)
    stays: list[Stay] = field(default_factory=list)
    events: list[tuple[date, EventKind]] = field(default_factory=list)  # waits, crises

    @property
    def phase(self) -> Phase:
        return self.moves[-1].dest

    @property
    def last_day(self) -> date:
        return self.moves[-1].on


def walk(rng: random.Random, registered_on: date, today: date) -> CasePlan:
    """The phase history from registration until today (or until it stays closed)."""
    plan = CasePlan(registered_on, [Move(None, P.AANMELDING, registered_on)])
    current, day = P.AANMELDING, registered_on
    while True:
        stay = max(1, int(rng.expovariate(1 / MEAN_DAYS[current])))
        options = NEXT[current]
        if current is P.AFGESLOTEN and rng.random() > options[0][1]:
            break
        nxt = rng.choices([o for o, _w in options], [w for _o, w in options])[0]
        if day + timedelta(days=stay) >= today:
            break
        day += timedelta(days=stay)
        closing = str(rng.choice(CLOSING)) if nxt is P.AFGESLOTEN else None
        plan.moves.append(Move(current, nxt, day, closing))
        current = nxt
    return plan


def placement_window(plan: CasePlan, today: date) -> tuple[date, date, bool] | None:
    """From the first move into plaatsing to the close (or today, still running)."""
    starts = [m.on for m in plan.moves if m.dest is P.PLAATSING]
    if not starts or not any(m.dest is P.BLIJVEN_VOLGEN for m in plan.moves):
        return None
    closes = [m.on for m in plan.moves if m.dest is P.AFGESLOTEN and m.on > starts[0]]
    end = closes[0] if closes else today
    return starts[0] + timedelta(days=7), end, not closes


def plan_stays(rng: random.Random, plan: CasePlan, providers: list, today: date,
               facts: dict | None = None) -> None:
    """Placements one after another, each ending planned, unplanned (drawn month by month from
    ``hazard.monthly_hazard``) or still running; a breakdown is followed by a new placement
    within a month (a doorplaatsing), a planned ending sometimes by a planned next step."""
    window = placement_window(plan, today)
    if window is None:
        return
    first, end, running = window
    facts = facts or case_facts(rng)
    birth_year = plan.registered_on.year - facts["birth_year_offset"]
    born = date(birth_year, facts["birth_month"], 1)
    child = hazard.draw_child(rng, birth_year, str(ProblemArea.GEDRAG) in facts["areas"])
    waited = int(rng.expovariate(1 / 30))
    if waited > 28:
        plan.events.append((first - timedelta(days=7), EventKind.WACHTLIJST))
    day = first + timedelta(days=waited)
    earlier = 0
    while (end - day).days >= 14:
        kind = str(rng.choice(RESIDENTIAL))
        in_region = rng.random() >= hazard.OUT_OF_REGION_SHARE
        planned = int(rng.uniform(*PLANNED_MONTHS[kind in hazard.FAMILY_BASED]) * 30.4)
        age = (day - born).days / 365.25
        stop, unplanned = day + timedelta(days=planned), False
        for month in range(planned // 30 + 1):
            chance = hazard.monthly_hazard(child, age=age + month / 12, earlier=earlier,
                                           placement_type=kind, in_region=in_region,
                                           waited_days=waited, month=month)
            if rng.random() < chance:
                stop = min(stop, day + timedelta(days=30 * month + rng.randint(1, 30)))
                unplanned = True
                break
        open_ended = stop >= end and running
        if stop >= end:
            stop, unplanned = end, False
        plan.stays.append(Stay(
            type=kind, provider=rng.choice(providers), start=day,
            planned_end=day + timedelta(days=planned),
            end=None if open_ended else stop,
            ending=None if open_ended else
            (EndingKind.ONPLANMATIG.value if unplanned else EndingKind.PLANMATIG.value),
            end_reason=str(rng.choice(list(EndReason))) if unplanned else None,
            in_region=in_region,
        ))
        if unplanned:
            for _ in range(rng.choice((1, 2)) if rng.random() < hazard.PRODROME_CHANCE else 0):
                crisis = stop - timedelta(days=rng.randint(1, 75))
                if crisis > plan.registered_on:
                    plan.events.append((crisis, EventKind.CRISIS))
        if open_ended or stop >= end:
            break
        if not unplanned and rng.random() > NEXT_STEP_AFTER_PLANNED:
            break  # home, or help without a placement
        earlier += 1
        waited = rng.choice((0, 0, 1, 3, 7, 14, 30))
        day = stop + timedelta(days=waited)


def event_count(rng: random.Random) -> int:
    """Events per case: lognormal, mean about 40, a tail past 300."""
    return max(3, int(rng.lognormvariate(3.4, 0.8)))


def case_facts(rng: random.Random) -> dict:
    areas = rng.sample(list(ProblemArea), rng.choice((1, 2, 2, 3, 3, 4)))
    return {
        "birth_year_offset": rng.randint(4, 17),
        "birth_month": rng.randint(1, 12),
        "referrer_type": str(rng.choice(list(ReferrerType))),
        "areas": sorted(str(a) for a in areas),
        "member_roles": [str(r) for r in rng.sample(
            [r for r in MemberRole if r is not MemberRole.CASUSREGISSEUR], rng.choice((1, 2, 2, 3))
        )],
    }
