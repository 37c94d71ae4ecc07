"""Searches for a place at scale (issue 25.8): for a share of the placements a search before it
(a few refusals, sometimes a waiting list, then the yes of the provider that placed), closed by
that placement; an out-of-region placement mostly with its weighing recorded; and open searches
for cases in ret_bespreking or plaatsing without a running placement (refusals and a request
still unanswered). Every row keeps the model's rules: answers after their request, dates in
order, a request per provider per care type once unless re-asked, a placement after a yes."""

from __future__ import annotations

import random
from datetime import date, timedelta

from caseflow.cases.workflow import Phase
from caseflow.generate.bulk import Ids, Rows
from caseflow.generate.history import CasePlan, Stay, at_day
from caseflow.search.models import Search, SearchRequest, SearchRequestRevision, SearchRevision
from caseflow.search.requests import ANSWER_FIELDS, REQUEST_FIELDS
from caseflow.search.vocab import Answer, CloseKind, RefusalReason, RegionPreference, SettingNeed
from caseflow.timeline.models import (
    DatePrecision,
    EndingKind,
    EventKind,
    EventSource,
    TimelineEvent,
)

SEARCH = Search.__table__
REQUEST = SearchRequest.__table__
SEARCH_REVISION = SearchRevision.__table__
REQUEST_REVISION = SearchRequestRevision.__table__
EVENT = TimelineEvent.__table__
TABLES = [SEARCH, SEARCH_REVISION, REQUEST, REQUEST_REVISION]

SEARCHED_SHARE = 0.45  # of the placements (not kortdurend verblijf or thuis)
OPEN_SHARE = 0.7  # of the cases in ret_bespreking/plaatsing without a running placement
WEIGHED_SHARE = 0.75  # out-of-region placements whose weighing was recorded
NOT_SEARCHED = {"kortdurend_verblijf", "thuis_ambulant", "maatwerk"}
# Refusal reasons as often as RETs hear them: full most of all.
REASONS = (
    ("vol", 5),
    ("te_complex", 3),
    ("doelgroep", 2),
    ("leeftijd", 1),
    ("regio", 1),
    ("financiering", 1),
    ("anders", 1),
)
WEIGHING = (
    "In de regio is geen passende plek; de veiligheid en de passende zorg wegen "
    "zwaarder dan de afstand tot het netwerk."
)
CONTACT = "Wekelijks bezoek van ouders; vervoer via de gemeente; de jeugdbeschermer blijft."


def add_searches(
    rng: random.Random,
    ids: Ids,
    rows: Rows,
    case_id: int,
    plan: CasePlan,
    placed: list[tuple[int, Stay]],
    providers: list[tuple[int, str]],
    today: date,
    author: int,
) -> int:
    """Add the case's searches; return how many timeline events they wrote."""
    events = 0
    last_end = plan.registered_on
    for placement_id, stay in placed:
        start_from = max(last_end, plan.registered_on)
        last_end = stay.end or today
        if stay.type in NOT_SEARCHED or rng.random() >= SEARCHED_SHARE:
            continue
        opened = stay.start - timedelta(days=int(rng.expovariate(1 / 60)) + 7)
        if opened < start_from:
            opened = start_from
        if (stay.start - opened).days < 3:
            continue
        events += _search(
            rng,
            ids,
            rows,
            case_id,
            plan,
            opened,
            today,
            author,
            providers,
            stay=stay,
            placement_id=placement_id,
        )
    running = any(stay.end is None for _id, stay in placed)
    # Still looking: the RET discusses a place, or the last placement broke down unplanned.
    broke_down = bool(placed) and placed[-1][1].ending == EndingKind.ONPLANMATIG.value
    seeking = plan.phase in (Phase.RET_BESPREKING, Phase.PLAATSING) or (
        broke_down and plan.phase is not Phase.AFGESLOTEN
    )
    if seeking and not running and rng.random() < OPEN_SHARE:
        opened = max(plan.last_day, last_end)
        if opened < today:
            events += _search(rng, ids, rows, case_id, plan, opened, today, author, providers)
    return events


def _search(
    rng: random.Random,
    ids: Ids,
    rows: Rows,
    case_id: int,
    plan: CasePlan,
    opened: date,
    today: date,
    author: int,
    providers: list[tuple[int, str]],
    *,
    stay: Stay | None = None,
    placement_id: int | None = None,
) -> int:
    care = stay.type if stay else rng.choice(("gezinshuis", "verblijf_24uur", "pleegzorg"))
    outside = stay is not None and not stay.in_region
    weighed = outside and rng.random() < WEIGHED_SHARE
    settings = sorted(
        rng.sample(
            [
                SettingNeed.KLEINSCHALIG.value,
                SettingNeed.PRIKKELARM.value,
                SettingNeed.EEN_OP_EEN.value,
                SettingNeed.GEZINSGERICHT.value,
            ],
            rng.choice((0, 1, 1, 2)),
        )
    )
    needs = {
        "care_types": [care],
        "setting_needs": settings,
        "closed_basis": "",
        "school": "",
        "needs_note": "Gegenereerd.",
        "region_preference": RegionPreference.BUITEN_REGIO.value
        if weighed
        else rng.choice((RegionPreference.IN_REGIO.value, RegionPreference.GEEN_VOORKEUR.value)),
        "weighing": WEIGHING if weighed else "",
        "network_contact": CONTACT if weighed else "",
        "werving_status": "gestart" if care == "pleegzorg" and rng.random() < 0.3 else "geen",
        "werving_note": "",
    }
    closed = stay.start if stay else None
    search_id = ids.take(SEARCH)
    rows.add(
        SEARCH,
        {
            "id": search_id,
            "case_id": case_id,
            "opened_on": opened,
            "opened_in_phase": Phase.PLAATSING.value if stay else plan.phase.value,
            **needs,
            "closed_on": closed,
            "close_kind": CloseKind.PLAATSING.value if stay else None,
            "close_note": "",
            "placement_id": placement_id,
            "revision_count": 1,
            "recorded_at": at_day(opened, 9),
            "recorded_by_id": author,
        },
    )
    rows.add(
        SEARCH_REVISION,
        {
            "id": ids.take(SEARCH_REVISION),
            "search_id": search_id,
            "number": 1,
            "content": needs,
            "reason": "",
            "recorded_at": at_day(opened, 9),
            "recorded_by_id": author,
        },
    )
    events = [(opened, "Zoektocht naar een plek gestart")]
    end = closed or today
    span = max(1, (end - opened).days)
    others = [p for p in providers if stay is None or p[0] != stay.provider[0]]
    asked = rng.sample(others, min(len(others), rng.choice((1, 2, 2, 3, 3, 4, 5))))
    for number, provider in enumerate(asked):
        on = opened + timedelta(days=min(span - 1, number * span // (len(asked) + 1)))
        last = number == len(asked) - 1
        if stay is None and last:
            answer = None  # the open one (a reminder on the searcher's start page)
        elif rng.random() < 0.12:
            answer = Answer.GEEN_REACTIE.value
        elif rng.random() < 0.2:
            answer = Answer.WACHTLIJST.value
        else:
            answer = Answer.NEE.value
        events += _request(
            rng, ids, rows, search_id, case_id, provider, care, on, end, answer, author
        )
    if stay is not None:  # the yes of the provider that placed, before the placement starts
        on = max(opened, stay.start - timedelta(days=rng.randint(2, 21)))
        events += _request(
            rng,
            ids,
            rows,
            search_id,
            case_id,
            stay.provider,
            care,
            on,
            stay.start,
            Answer.JA.value,
            author,
        )
        events.append((stay.start, "Zoektocht naar een plek afgesloten"))
    for day, title in events:
        rows.add(
            EVENT,
            {
                "id": ids.take(EVENT),
                "case_id": case_id,
                "kind": EventKind.ZOEKTOCHT.value,
                "title": title[:200],
                "description": "",
                "occurred_on": day,
                "precision": DatePrecision.DAY.value,
                "recorded_at": at_day(day, 16),
                "recorded_by_id": author,
                "source": EventSource.SYSTEM.value,
                "phase_transition_id": None,
                "placement_id": None,
                "revision_count": 1,
            },
        )
    return len(events)


def _request(
    rng: random.Random,
    ids: Ids,
    rows: Rows,
    search_id: int,
    case_id: int,
    provider: tuple[int, str],
    care: str,
    on: date,
    until: date,
    answer: str | None,
    author: int,
) -> list[tuple[date, str]]:
    answered = None if answer is None else min(until, on + timedelta(days=rng.randint(1, 20)))
    reason = None
    if answer == Answer.NEE.value:
        reason = rng.choices([r for r, _w in REASONS], [w for _r, w in REASONS])[0]
    row = {
        "id": ids.take(REQUEST),
        "search_id": search_id,
        "case_id": case_id,
        "provider_id": provider[0],
        "care_type": care,
        "requested_on": on,
        "reasked": False,
        "answer": answer,
        "answered_on": answered,
        "wait_weeks": rng.randint(4, 40) if answer == Answer.WACHTLIJST.value else None,
        "refusal_reason": reason,
        "refusal_other": "Geen passend aanbod." if reason == RefusalReason.ANDERS.value else "",
        "revision_count": 1,
        "recorded_at": at_day(on, 10),
        "recorded_by_id": author,
    }
    rows.add(REQUEST, row)
    content = {n: row[n] for n in (*REQUEST_FIELDS, *ANSWER_FIELDS)}
    rows.add(
        REQUEST_REVISION,
        {
            "id": ids.take(REQUEST_REVISION),
            "request_id": row["id"],
            "number": 1,
            "content": {n: v.isoformat() if isinstance(v, date) else v for n, v in content.items()},
            "reason": "",
            "recorded_at": at_day(on, 10),
            "recorded_by_id": author,
        },
    )
    found = [(on, f"Aanvraag bij {provider[1]} ({care})")]
    if answered is not None:
        found.append((answered, f"Antwoord van {provider[1]}: {answer}"))
    return found
