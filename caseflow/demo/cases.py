"""Demo cases: about forty synthetic children spread over every phase, with histories built
through the real services (backdated), so that every history replays through the state machine.

All names are invented first names; no case resembles a real child or family.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from caseflow.auth.models import Organisation, User
from caseflow.cases.models import Case, Gemeente
from caseflow.cases.records import AnalysisContent, add_member, record_analysis, record_decision
from caseflow.cases.services import Intake, move_case, register_case
from caseflow.cases.vocab import DecisionKind
from caseflow.cases.workflow import ClosingReason, Phase, Trigger
from caseflow.demo.histories import place_now, placement_history, team_events
from caseflow.demo.outcome import record_walk_evaluation
from caseflow.demo.team import Team
from caseflow.extensions import db

PSEUDONYMS = (
    "Noor",
    "Daan",
    "Sem",
    "Lotte",
    "Milan",
    "Fenna",
    "Jayden",
    "Sara",
    "Bram",
    "Yara",
    "Luuk",
    "Amira",
    "Thijs",
    "Zoë",
    "Ravi",
    "Lieke",
    "Mees",
    "Ilse",
    "Senna",
    "Tygo",
    "Jade",
    "Finn",
    "Roos",
    "Kian",
    "Evi",
    "Jesse",
    "Nina",
    "Stijn",
    "Liv",
    "Ayoub",
    "Femke",
    "Gijs",
    "Mila",
    "Owen",
    "Isa",
    "Ruben",
    "Hanna",
    "Teun",
    "Saar",
    "Levi",
    "Loïs",
    "Joep",
)

QUESTIONS = {
    "trauma": "Na meerdere uithuisplaatsingen lukt het niet meer om een passende plek te vinden; "
    "de jeugdige reageert met heftige angst en agressie op overgangen.",
    "ass": "Thuis loopt de situatie vast; de jeugdige met autisme zit al maanden thuis zonder "
    "school en de ouders zijn overbelast.",
    "lvb": "Jeugdige met LVB wordt uitgebuit door oudere jongeren; de huidige groep kan de "
    "veiligheid niet bieden.",
    "ggz": "Herhaalde crisisopnames; na ontslag volgt telkens binnen weken een nieuwe crisis.",
    "gedrag": "Ernstige gedragsproblemen op de groep; de aanbieder heeft aangekondigd te stoppen.",
    "huiselijk_geweld": "Onveiligheid thuis en zorgen over de broertjes en zusjes; de "
    "betrokken partijen zijn het niet eens over de aanpak.",
}

# Target phases, with the number of demo cases in each (about forty in total).
SPREAD = (
    (Phase.AANMELDING, 5),
    (Phase.VERKLARENDE_ANALYSE, 6),
    (Phase.RET_BESPREKING, 6),
    (Phase.PLAATSING, 6),
    (Phase.BLIJVEN_VOLGEN, 9),
    (Phase.EVALUATIE, 4),
    (Phase.AFGESLOTEN, 6),
)

FORWARD = (
    Trigger.START_ANALYSE,
    Trigger.NAAR_RET,
    Trigger.NAAR_PLAATSING,
    Trigger.START_VOLGEN,
    Trigger.NAAR_EVALUATIE,
)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _analysis(area: str) -> AnalysisContent:
    return AnalysisContent(
        question="Wat heeft deze jeugdige nodig om ergens te kunnen blijven?",
        problems=QUESTIONS.get(area, QUESTIONS["gedrag"]),
        strengths="Sterke band met oma; sportief; een leerkracht met wie het klikt.",
        hypotheses_child="Onveilige hechting: nabijheid voelt bedreigend, dus afwijzing wordt "
        "uitgelokt voordat die komt.",
        hypotheses_family="Ouders hebben eigen trauma en weinig netwerk; hulp wordt als "
        "controle ervaren.",
        hypotheses_care="Elke nieuwe plek begint opnieuw; er is geen vaste regie en de "
        "informatie gaat bij overdracht verloren.",
        working_theory="Stabiliteit van één vaste volwassene en voorspelbare overgangen zijn "
        "belangrijker dan de 'juiste' behandelplek.",
        goals="Binnen drie maanden een plek waar de jeugdige kan blijven; school weer opstarten.",
        scenarios="1. Gezinshuis dicht bij oma. 2. Thuis met intensieve ambulante hulp. "
        "3. Kleinschalige groep met vaste mentor.",
        made_with_family=True,
        behavioural_scientist_involved=True,
    )


# How long ago cases in each phase were registered (days): recent intakes, older follow-ups.
REGISTERED_DAYS_AGO = {
    Phase.AANMELDING: (3, 40),
    Phase.VERKLARENDE_ANALYSE: (20, 120),
    Phase.RET_BESPREKING: (40, 200),
    Phase.PLAATSING: (60, 300),
    Phase.BLIJVEN_VOLGEN: (120, 600),
    Phase.EVALUATIE: (200, 650),
    Phase.AFGESLOTEN: (150, 700),
}


def load_demo_cases(region_code: str, chair: User, coordinator: User, workers: list[User]) -> int:
    """``workers``: the region's professionals (GI, gemeenten, care providers, school, Veilig
    Thuis); each ends up on a handful of cases (caseflow/demo/team.py)."""
    # Synthetic demo data: a seeded generator, never used for anything secret.
    rng = random.Random(2026)  # nosec B311
    team = Team(workers, random.Random(23))  # nosec B311
    gemeenten = list(db.session.scalars(select(Gemeente).order_by(Gemeente.name)))
    organisations = list(db.session.scalars(select(Organisation).order_by(Organisation.name)))
    today = date.today()
    plan = [
        (today - timedelta(days=rng.randint(*REGISTERED_DAYS_AGO[target])), target, index)
        for target, how_many in SPREAD
        for index in range(how_many)
    ]
    # Register in date order, so references run in the order the aanmeldingen came in.
    for count, (registered, target, index) in enumerate(sorted(plan)):
        area = rng.choice(list(QUESTIONS))
        # Drawn in the order they always were, so the demo's children stay who they were.
        birth_year, birth_month = today.year - rng.randint(9, 17), rng.randint(1, 12)
        gemeente = rng.choice(gemeenten)
        regisseur, members = team.assign(gemeente.name)
        case = register_case(
            Intake(
                pseudonym=PSEUDONYMS[count % len(PSEUDONYMS)],
                birth_year=birth_year,
                birth_month=birth_month,
                gemeente=gemeente,
                referrer_type=rng.choice(
                    ["gemeente", "gi", "huisarts", "zorgaanbieder", "veilig_thuis", "onderwijs"]
                ),
                referrer_organisation=rng.choice(organisations),
                question=QUESTIONS[area],
                problem_areas=sorted(
                    {area, rng.choice(["trauma", "hechting", "gedrag", "thuiszitten"])}
                ),
                current_situation="Verblijft tijdelijk bij een crisisopvang.",
                registered_on=registered,
                casusregisseur=regisseur,
            ),
            chair,
            region=region_code,
            at=_at(registered, 9),
        )
        for member, role in members:
            add_member(case, member, role, chair, since=registered)
        placement_history(case, registered, regisseur, rng, many=(count % 3 == 0))
        _walk(case, target, registered, today, area, chair, coordinator, rng, loop=(index == 0))
        team_events(case, registered, today, regisseur, rng, count=rng.randint(6, 20))
    return len(plan)


def _walk(
    case: Case,
    target: Phase,
    start: date,
    today: date,
    area: str,
    chair: User,
    coordinator: User,
    rng: random.Random,
    loop: bool,
) -> None:
    """Move a new case forward to ``target`` at believable dates between intake and today."""
    steps = _steps_to(target, loop)
    span = max((today - start).days - 1, len(steps) + 1)
    days = sorted(rng.sample(range(1, span), len(steps))) if steps else []
    for (trigger, extra), offset in zip(steps, days, strict=True):
        when = start + timedelta(days=offset)
        actor = chair if offset % 2 else coordinator
        if trigger is Trigger.NAAR_RET:
            record_analysis(case, _analysis(area), actor, at=_at(when, 8))
        if trigger is Trigger.NAAR_PLAATSING:
            record_decision(
                case,
                DecisionKind.BESLUIT_BUITEN_VERGADERING,
                "Advies RET: wat heeft dit kind nodig? Rust, één vaste volwassene en het contact "
                "met oma houden; een kleinschalige woonvorm dicht bij het eigen netwerk kan dat "
                "bieden.",
                chair,
                at=_at(when, 9),
            )
        if trigger is Trigger.START_VOLGEN and rng.random() < 0.75:
            place_now(case, when, chair, rng)
        elif trigger is Trigger.START_VOLGEN:
            record_decision(
                case,
                DecisionKind.GEEN_PLAATSING_NODIG,
                "Thuis met intensieve ambulante begeleiding; geen verblijf nodig.",
                chair,
                at=_at(when, 9),
            )
        if trigger is Trigger.NAAR_EVALUATIE:
            record_walk_evaluation(case, when, actor, rng)
        move_case(
            case,
            trigger,
            actor,
            reason=extra.get("reason", ""),
            closing_reason=extra.get("closing_reason"),
            at=_at(when, 11),
        )


def _steps_to(target: Phase, loop: bool) -> list[tuple[Trigger, dict]]:
    if target is Phase.AFGESLOTEN:
        if loop:  # closed early: not the right place for this case
            return [
                (
                    Trigger.AFSLUITEN,
                    {
                        "closing_reason": ClosingReason.NIET_ONTVANKELIJK,
                        "reason": "Past binnen het reguliere aanbod.",
                    },
                )
            ]
        path = [(t, {}) for t in FORWARD]
        return path + [
            (
                Trigger.AFSLUITEN,
                {
                    "closing_reason": ClosingReason.AFGEROND,
                    "reason": "Doelen behaald; stabiel thuis.",
                },
            )
        ]
    order = [
        Phase.AANMELDING,
        Phase.VERKLARENDE_ANALYSE,
        Phase.RET_BESPREKING,
        Phase.PLAATSING,
        Phase.BLIJVEN_VOLGEN,
        Phase.EVALUATIE,
    ]
    path = [(t, {}) for t in FORWARD[: order.index(target)]]
    if loop and target in (Phase.PLAATSING, Phase.BLIJVEN_VOLGEN):
        crisis = {"reason": "Crisis: de plaatsing is vastgelopen; terug naar de RET."}
        path += [(Trigger.TERUG_NAAR_RET, crisis), (Trigger.NAAR_PLAATSING, {})]
        if target is Phase.BLIJVEN_VOLGEN:
            path.append((Trigger.START_VOLGEN, {}))
    return path
