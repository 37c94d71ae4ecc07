"""Turn a planned case into table rows (dicts) with ids handed out up front."""

from __future__ import annotations

import random
from datetime import date, timedelta

from caseflow.cases.models import (
    Case,
    CaseMember,
    CaseProblemArea,
    ExplanatoryAnalysis,
    PhaseTransition,
)
from caseflow.cases.vocab import MemberRole
from caseflow.cases.workflow import Phase
from caseflow.generate.access_log import CREATE, PHASE_MOVE, READ, entry, seconds
from caseflow.generate.bulk import Ids, Rows
from caseflow.generate.history import (
    TITLES,
    TRIGGER_OF,
    USER_KINDS,
    CasePlan,
    at_day,
    event_count,
)
from caseflow.generate.searches import add_searches
from caseflow.generate.staff import Staff
from caseflow.timeline.models import (
    FOLLOW_UP_KINDS,
    DatePrecision,
    EventKind,
    EventSource,
    Placement,
    TimelineEvent,
)
from caseflow.timeline.services import DEFAULT_FOLLOW_UP_WEEKS

CASE = Case.__table__
EVENT = TimelineEvent.__table__
PLACEMENT = Placement.__table__
TRANSITION = PhaseTransition.__table__
MEMBER = CaseMember.__table__


def _recorded(rng: random.Random, day: date, today: date):
    delay = min(rng.choice((0, 0, 0, 1, 2, 5, 14)), max(0, (today - day).days))
    stamp = at_day(day + timedelta(days=delay), rng.randint(8, 17))
    return stamp.replace(minute=rng.randint(0, 59), second=rng.randint(0, 59))


def _event(ids: Ids, case_id: int, kind: str, title: str, day: date, recorded, by: int | None,
           source: str, **extra) -> dict:
    return {
        "id": ids.take(EVENT), "case_id": case_id, "kind": kind, "title": title,
        "description": extra.pop("description", ""), "occurred_on": day,
        "precision": DatePrecision.DAY.value, "recorded_at": recorded, "recorded_by_id": by,
        "source": source, "phase_transition_id": extra.pop("phase_transition_id", None),
        "placement_id": extra.pop("placement_id", None), "revision_count": 1,
    }


def case_rows(rng: random.Random, ids: Ids, rows: Rows, staff: Staff, plan: CasePlan,
              facts: dict, reference: str, today: date, log: list[int],
              reads_per_case: int) -> tuple[int, list[tuple[date, int]]]:
    """Add the rows of one case; return its id and the days it went to a RET meeting."""
    case_id = ids.take(CASE)
    coordinator = rng.choice(staff.coordinators)
    regisseurs = rng.sample(staff.professionals, 2)
    switch_on = None
    if rng.random() < 0.2 and (plan.last_day - plan.registered_on).days > 60:
        half = (plan.last_day - plan.registered_on).days // 2
        switch_on = plan.registered_on + timedelta(days=half)
    current_regisseur = regisseurs[1] if switch_on else regisseurs[0]
    members = [(regisseurs[0], MemberRole.CASUSREGISSEUR.value, plan.registered_on, switch_on)]
    if switch_on:
        members.append((regisseurs[1], MemberRole.CASUSREGISSEUR.value, switch_on, None))
    others = [p for p in rng.sample(staff.professionals, 4) if p not in regisseurs]
    for user_id, role in zip(others, facts["member_roles"], strict=False):
        members.append((user_id, role, plan.registered_on + timedelta(days=rng.randint(0, 30)),
                        None))
    for user_id, role, since, until in members:
        since = min(since, today)
        rows.add(MEMBER, {
            "id": ids.take(MEMBER), "case_id": case_id, "user_id": user_id, "role": role,
            "since": since, "until": until if until is None else max(until, since),
            "added_by_id": coordinator, "created_at": at_day(since), "updated_at": at_day(since),
        })

    phase = plan.phase
    last = plan.moves[-1]
    closed = phase is Phase.AFGESLOTEN
    rows.add(CASE, {
        "id": case_id, "reference": reference, "pseudonym": f"Jeugdige {reference[-6:]}",
        "birth_year": plan.registered_on.year - facts["birth_year_offset"],
        "birth_month": facts["birth_month"], "gemeente_id": rng.choice(staff.gemeenten),
        "referrer_type": facts["referrer_type"],
        "referrer_organisation_id": rng.choice(staff.organisations),
        "question": "Welke passende plek en begeleiding heeft deze jeugdige nodig?",
        "current_situation": "Gegenereerde casus voor belastingtests.",
        "registered_on": plan.registered_on, "phase": phase.value,
        "phase_since": at_day(last.on, 11),
        "closing_reason": last.closing_reason if closed else None,
        "closed_at": at_day(last.on, 11) if closed else None,
        "casusregisseur_id": current_regisseur, "created_by_id": coordinator,
        "follow_up_weeks": None, "follow_up_due_on": None, "version": 1,
        "created_at": at_day(plan.registered_on), "updated_at": at_day(last.on, 11),
    })
    case_row = rows.by_table[CASE][-1]
    for area in facts["areas"]:
        rows.add(CaseProblemArea.__table__, {"case_id": case_id, "area": area})

    ret_days: list[tuple[date, int]] = []
    analyses = 0
    for move in plan.moves:
        transition_id = ids.take(TRANSITION)
        trigger = TRIGGER_OF.get((move.source, move.dest)) if move.source else None
        rows.add(TRANSITION, {
            "id": transition_id, "case_id": case_id,
            "from_phase": move.source.value if move.source else None,
            "to_phase": move.dest.value, "trigger": trigger, "at": at_day(move.on, 11),
            "by_id": coordinator, "reason": "" if move.source else "Aanmelding geregistreerd",
            "closing_reason": move.closing_reason, "proposal_id": None, "imported": False,
        })
        title = "Aanmelding geregistreerd" if move.source is None else f"Fase: {move.dest.value}"
        rows.add(EVENT, _event(ids, case_id, EventKind.FASE.value, title, move.on,
                               at_day(move.on, 11), coordinator, EventSource.SYSTEM.value,
                               phase_transition_id=transition_id))
        log.append(entry(seconds(move.on, 11), case_id, coordinator,
                         CREATE if move.source is None else PHASE_MOVE))
        if move.dest is Phase.RET_BESPREKING:
            ret_days.append((move.on, case_id))
        if move.source is Phase.VERKLARENDE_ANALYSE and move.dest is Phase.RET_BESPREKING:
            analyses += 1
            rows.add(ExplanatoryAnalysis.__table__,
                     _analysis(ids, case_id, analyses, move.on, current_regisseur))

    placed = []
    for stay in plan.stays:
        placement_id = ids.take(PLACEMENT)
        placed.append((placement_id, stay))
        ended_at = at_day(stay.end, 15) if stay.end else None
        rows.add(PLACEMENT, {
            "id": placement_id, "case_id": case_id, "type": stay.type,
            "provider_name": stay.provider[1], "provider_id": stay.provider[0],
            "in_region": stay.in_region,
            "start_date": stay.start, "planned_end": stay.planned_end, "actual_end": stay.end,
            "ending": stay.ending, "end_reason": stay.end_reason, "end_note": "",
            "ended_recorded_at": ended_at, "recorded_at": at_day(stay.start, 14),
            "recorded_by_id": current_regisseur, "imported": False,
        })
        rows.add(EVENT, _event(ids, case_id, EventKind.PLAATSING.value, "Plaatsing gestart",
                               stay.start, at_day(stay.start, 14), current_regisseur,
                               EventSource.SYSTEM.value, placement_id=placement_id))
        if stay.end:
            rows.add(EVENT, _event(ids, case_id, EventKind.PLAATSING.value, "Plaatsing beëindigd",
                                   stay.end, ended_at, current_regisseur,
                                   EventSource.SYSTEM.value, placement_id=placement_id))

    for day, kind in plan.events:
        if day <= today:
            rows.add(EVENT, _event(ids, case_id, kind.value, TITLES[kind], day,
                                   _recorded(rng, day, today), current_regisseur,
                                   EventSource.USER.value))
    searched = add_searches(rng, ids, rows, case_id, plan, placed, staff.providers, today,
                            current_regisseur)
    end_day = last.on if closed else today
    span = max(1, (end_day - plan.registered_on).days)
    follow_up_last = None
    authors = [m[0] for m in members]
    for _ in range(max(0, event_count(rng) - len(plan.moves) - 2 * len(plan.stays) - searched)):
        day = plan.registered_on + timedelta(days=rng.randrange(span))
        kind = rng.choice(USER_KINDS)
        author = rng.choice(authors)
        rows.add(EVENT, _event(ids, case_id, kind.value, TITLES[kind], day,
                               _recorded(rng, day, today), author, EventSource.USER.value))
        if kind.value in FOLLOW_UP_KINDS and (follow_up_last is None or day > follow_up_last):
            follow_up_last = day
    if phase is Phase.BLIJVEN_VOLGEN:
        since = last.on
        start = max(since, follow_up_last) if follow_up_last else since
        case_row["follow_up_weeks"] = DEFAULT_FOLLOW_UP_WEEKS
        case_row["follow_up_due_on"] = start + timedelta(weeks=DEFAULT_FOLLOW_UP_WEEKS)

    # Reads on a random day of the case's life, between 07:00:00 and 19:59:59.
    first, randrange, choice = seconds(plan.registered_on), rng.randrange, rng.choice
    for _ in range(reads_per_case):
        stamp = first + randrange(span) * 86_400 + randrange(7 * 3_600, 20 * 3_600)
        log.append(entry(stamp, case_id, choice(authors), READ))
    return case_id, ret_days


def _analysis(ids: Ids, case_id: int, number: int, day: date, author: int) -> dict:
    return {
        "id": ids.take(ExplanatoryAnalysis.__table__), "case_id": case_id,
        "version_number": number,
        "question": "Wat heeft deze jeugdige nodig om veilig op te groeien?",
        "problems": "Gegenereerd.", "strengths": "Gegenereerd.", "hypotheses_child": "",
        "hypotheses_family": "", "hypotheses_care": "", "working_theory": "Gegenereerd.",
        "goals": "Gegenereerd.", "scenarios": "Gegenereerd.", "made_with_family": True,
        "behavioural_scientist_involved": True, "recorded_at": at_day(day, 9),
        "recorded_by_id": author,
    }
