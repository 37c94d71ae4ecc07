"""Demo risk flags: three synthetic children whose histories make every rule fire (on top of the
random demo cases), then one bulk recompute of all flags."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.cases.models import Case, Gemeente
from caseflow.cases.records import AnalysisContent, add_member, record_analysis, record_decision
from caseflow.cases.services import Intake, move_case, register_case
from caseflow.cases.vocab import DecisionKind, MemberRole
from caseflow.cases.workflow import Trigger
from caseflow.extensions import db
from caseflow.risk.services import recompute
from caseflow.timeline.placements import PlacementInput, end_placement, start_placement
from caseflow.timeline.services import EventContent, log_event

ANALYSIS = AnalysisContent(
    question="Wat is nodig om ergens te kunnen blijven?",
    problems="Steeds nieuwe plekken; escalaties bij elke overgang.",
    strengths="Sportief; goede band met een oom.",
    hypotheses_child="Overgangen voelen onveilig; afwijzing wordt uitgelokt.",
    hypotheses_family="Weinig netwerk rond moeder.",
    hypotheses_care="Geen vaste regie; informatie gaat verloren bij overdracht.",
    working_theory="Eén vaste plek met voorspelbare overgangen gaat voor.",
    goals="Binnen drie maanden een plek om te blijven.",
    scenarios="1. Gezinshuis in de regio. 2. Kleinschalige groep met vaste mentor.",
    made_with_family=True,
    behavioural_scientist_involved=True,
)


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _register(name: str, areas: list[str], age: int, days_ago: int, actor: User,
              regisseur: User, region: str, gemeente: Gemeente) -> Case:
    today = date.today()
    registered = today - timedelta(days=days_ago)
    return register_case(
        Intake(
            pseudonym=name, birth_year=today.year - age, birth_month=1, gemeente=gemeente,
            referrer_type="gi", question="Opnieuw een plaatsing vastgelopen; wat nu?",
            problem_areas=areas, registered_on=registered, casusregisseur=regisseur,
        ),
        actor, region=region, at=_at(registered, 9),
    )


def _to_ret(case: Case, chair: User, analysed: date) -> None:
    move_case(case, Trigger.START_ANALYSE, chair, at=_at(analysed - timedelta(days=10)))
    record_analysis(case, ANALYSIS, chair, at=_at(analysed))
    move_case(case, Trigger.NAAR_RET, chair, at=_at(analysed + timedelta(days=5)))


# Advice says what the child needs, not "zoek een plek" (the attitude the seeds want to leave).
DEMO_ADVICE = (
    "Advies RET: wat heeft dit kind nodig? Eén vaste volwassene die blijft, ook als het misgaat, "
    "en overgangen die vooraf worden voorbereid; het verblijf wordt daarop gekozen."
)


def _to_placement(case: Case, chair: User, day: date) -> None:
    record_decision(case, DecisionKind.BESLUIT_BUITEN_VERGADERING, DEMO_ADVICE, chair,
                    at=_at(day, 9))
    move_case(case, Trigger.NAAR_PLAATSING, chair, at=_at(day, 11))


def _place(case: Case, actor: User, type_: str, start: date, *, in_region: bool = True):
    return start_placement(
        case, PlacementInput(type=type_, provider_name=f"{type_.replace('_', ' ')} (demo)",
                             start_date=start, in_region=in_region),
        actor, recorded_at=_at(start, 15),
    )


def _break(case: Case, placement, actor: User, day: date) -> None:
    end_placement(placement, case, actor, end_date=day, ending="onplanmatig",
                  end_reason="aanbieder_stopt", recorded_at=_at(day, 16))
    _event(case, actor, "crisis", "Plaatsing liep vast", day)


def _event(case: Case, actor: User, kind: str, title: str, day: date) -> None:
    log_event(case, EventContent(kind=kind, title=title, occurred_on=day), actor,
              recorded_at=_at(day, 17))


def load_demo_risk(chair: User, workers: list[User], region: str) -> int:
    """Add the three histories, then recompute every case's flags; returns the active count."""
    today = date.today()
    ago = lambda days: today - timedelta(days=days)  # noqa: E731
    gemeente = db.session.scalar(select(Gemeente).order_by(Gemeente.name).limit(1))
    first, second = workers[0], workers[-1]

    # Mirthe: 'gehop' — many placements, breakdowns, a short stay that lasts, out of the region,
    # 14 with behaviour problems, two recent crises, the regisseur changed twice.
    mirthe = _register("Mirthe", ["gedrag", "trauma"], 14, 300, chair, first, region, gemeente)
    p0 = _place(mirthe, chair, "kortdurend_verblijf", ago(345))  # a crisis bed, then foster care
    end_placement(p0, mirthe, chair, end_date=ago(330), ending="planmatig",
                  recorded_at=_at(ago(330), 14))
    p1 = _place(mirthe, chair, "pleegzorg", ago(330))
    _to_ret(mirthe, chair, ago(280))
    _break(mirthe, p1, chair, ago(250))
    _to_placement(mirthe, chair, ago(240))
    p2 = _place(mirthe, chair, "verblijf_24uur", ago(180), in_region=False)
    add_member(mirthe, second, MemberRole.CASUSREGISSEUR, chair, since=ago(150))
    _break(mirthe, p2, chair, ago(100))
    _place(mirthe, chair, "gezinshuis", ago(90), in_region=False)
    _place(mirthe, chair, "kortdurend_verblijf", ago(70))  # beside the gezinshuis: no placement
    add_member(mirthe, first, MemberRole.CASUSREGISSEUR, chair, since=ago(60))
    _event(mirthe, chair, "crisis", "Crisis: politie-inzet na escalatie op de groep", ago(30))
    _event(mirthe, chair, "crisis", "Crisis: weggelopen, na een dag terug", ago(12))

    # Olivier: in 'plaatsing' for months without a place; on a waiting list since long.
    olivier = _register("Olivier", ["ass", "thuiszitten"], 11, 250, chair, first, region, gemeente)
    _to_ret(olivier, chair, ago(220))
    _to_placement(olivier, chair, ago(150))
    _event(olivier, chair, "wachtlijst", "Aangemeld bij aanbieder; wachtlijst", ago(140))

    # Vera: placed before any analysis; in 'blijven volgen' without contact for months.
    vera = _register("Vera", ["hechting"], 10, 200, chair, second, region, gemeente)
    _place(vera, chair, "gezinshuis", ago(190))
    _to_ret(vera, chair, ago(170))
    _to_placement(vera, chair, ago(150))
    move_case(vera, Trigger.START_VOLGEN, chair, at=_at(ago(120)), follow_up_weeks=6)

    raised, _updated, _cleared = recompute()
    return raised


# The demo region's history is too small to measure a lift on (a handful of breakdowns), so the
# demo's chair adopts the severities measured on a generated region whose breakdowns come from
# the hazard model the rules do not know (docs/generator-hazard.md): `flask generate --cases 2000
# --seed 7 --no-risk`, then `flask risk backtest --json --horizon-days 90`, lifts 3.68
# (veel_plaatsingen_12m), 3.63 (_totaal), 3.13 (oudere_jeugdige_gedrag), 2.47
# (onplanmatig_beeindigd), 1.65 (crises_recent), 1.57 (buiten_regio), 1.43 (volgen_verlopen),
# 0.49 (lang_wachten), passed through risk.settings.derive_severities. Rules the generator never
# raises keep their severity.
MEASURED_SEVERITIES = {
    "veel_plaatsingen_12m": "hoog",
    "veel_plaatsingen_totaal": "hoog",
    "oudere_jeugdige_gedrag": "hoog",
    "onplanmatig_beeindigd": "midden",
    "crises_recent": "laag",
    "buiten_regio": "laag",
    "volgen_verlopen": "informatie",
    "lang_wachten": "informatie",
}
MEASURED_REASON = (
    "Ernst afgeleid uit de lift op een gegenereerde regio van 2.000 casussen (backtest, horizon "
    "90 dagen); de eigen geschiedenis van de demoregio is te klein om op te meten."
)


def adopt_measured_severities(chair: User) -> None:
    """Version 1 of the demo region's risk settings: the default thresholds, measured severities."""
    from caseflow.risk.config import NUMBERS, thresholds
    from caseflow.risk.settings import current_severities, save_settings

    limits = thresholds()
    numbers = {name: getattr(limits, name) for name in NUMBERS}
    save_settings(chair, numbers, {**current_severities(limits), **MEASURED_SEVERITIES},
                  MEASURED_REASON)
