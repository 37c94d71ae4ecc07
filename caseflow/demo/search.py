"""Demo searches for a place (issue 25): several refusals before a yes, one out-of-region choice
with its weighing, and one with kindgericht werven and a request still unanswered (so the
procesbegeleider's start page shows a reminder). Invented providers, no real names."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from caseflow.auth.models import OrganisationKind, User
from caseflow.auth.services import get_or_create_organisation
from caseflow.cases.models import Case
from caseflow.core.clock import region_today
from caseflow.extensions import db
from caseflow.search.requests import Ask, Reply, add_request, answer_request
from caseflow.search.services import OPENING_PHASES, Needs, open_search, open_search_of

PROVIDERS = (
    "De Lindenhoeve Jeugdzorg (demo)",
    "Gezinshuis De Vlinder (demo)",
    "Kliniek Het Baken, jeugd-GGZ (demo)",
    "Woongroep De Kade (demo)",
    "Gezinshuis Het Anker (demo)",
    "Jeugdzorg Noordkust (demo)",
)

# (needs, opened weeks ago, requests: (provider, care type, asked days ago, answer, answered
# days ago, wait weeks, refusal reason))
SCENARIOS = (
    (Needs(care_types=["gezinshuis"], region_preference="in_regio",
           setting_needs=["kleinschalig", "prikkelarm", "nabij_school"],
           school="Het Gooise College (demo)",
           needs_note="Rust, vaste gezichten, dicht bij de huidige school."),
     14, (
        (0, "gezinshuis", 95, "nee", 88, None, "vol"),
        (1, "gezinshuis", 90, "nee", 80, None, "te_complex"),
        (3, "gezinshuis", 75, "wachtlijst", 70, 20, None),
        (4, "gezinshuis", 60, "nee", 41, None, "doelgroep"),
        (1, "gezinshuis", 30, "ja", 12, None, None),
    )),
    (Needs(care_types=["verblijf_24uur"], region_preference="buiten_regio",
           setting_needs=["een_op_een", "kleinschalig"],
           weighing="In de regio is geen plek met één-op-één-begeleiding; dichtbij blijven "
                    "weegt zwaar voor het contact met moeder, maar de veiligheid gaat voor.",
           network_contact="Moeder bezoekt elke week, vervoer via de gemeente; de "
                           "jeugdbeschermer blijft dezelfde."),
     9, (
        (0, "verblijf_24uur", 62, "nee", 55, None, "vol"),
        (2, "verblijf_24uur", 60, "nee", 50, None, "te_complex"),
        (5, "verblijf_24uur", 45, "ja", 30, None, None),
    )),
    (Needs(care_types=["pleegzorg", "gezinshuis"], region_preference="in_regio",
           setting_needs=["gezinsgericht", "broers_zussen"], werving_status="gestart",
           werving_note="Oproep in het netwerk van de familie; twee gesprekken gepland."),
     5, (
        (1, "gezinshuis", 33, "nee", 27, None, "leeftijd"),
        (4, "gezinshuis", 26, None, None, None, None),
        (3, "pleegzorg", 20, "geen_reactie", 6, None, None),
    )),
)


def _ago(days: int, today: date) -> date:
    return today - timedelta(days=days)


def load_demo_searches(actor: User, today: date | None = None) -> int:
    """A search on the first demo cases that seek a place; returns how many were made."""
    today = today or region_today()
    providers = [get_or_create_organisation(name, OrganisationKind.ZORGAANBIEDER)
                 for name in PROVIDERS]
    cases = db.session.scalars(
        select(Case).where(Case.phase.in_(OPENING_PHASES)).order_by(Case.id)
    ).all()
    made = 0
    for case, (needs, weeks, asks) in zip(cases, SCENARIOS, strict=False):
        if open_search_of(case) is not None:
            continue
        opened = max(_ago(weeks * 7, today), case.registered_on)
        search = open_search(case, needs, actor, opened_on=opened)
        asked_before: set[tuple[int, str]] = set()
        for index, care, asked, answer, answered, wait, reason in asks:
            again = (index, care) in asked_before  # asked again after an earlier no
            asked_before.add((index, care))
            item = add_request(search, case, Ask(providers[index].id, care,
                                                 max(_ago(asked, today), opened), again), actor)
            if answer is not None:
                reply = Reply(answer, max(_ago(answered, today), item.requested_on), wait,
                              reason)
                answer_request(item, case, reply, actor)
        made += 1
    db.session.flush()
    return made
