"""The rules: each a small named function over a case's history as known on ``history.as_of``,
returning zero or more flags with a code, a severity, an explanation a chair can read aloud (with
its numbers) and the evidence (events and placements). Pure functions: no database here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from caseflow.risk.config import Thresholds
from caseflow.risk.history import CaseHistory, Event, Placement
from caseflow.timeline.doorplaatsing import counted_placements, unplanned_endings

HOOG, MIDDEN, LAAG = "hoog", "midden", "laag"
SEVERITY_ORDER = {HOOG: 0, MIDDEN: 1, LAAG: 2}
FOLLOW_UP = frozenset({"evaluatiemoment", "contact_jeugdige"})  # as timeline FOLLOW_UP_KINDS


@dataclass(frozen=True)
class Evidence:
    type: str  # "event" or "placement"
    id: int
    event_id: int | None  # the timeline row to link to

    def as_dict(self) -> dict[str, object]:
        return {"type": self.type, "id": self.id, "event_id": self.event_id}


@dataclass(frozen=True)
class Flag:
    code: str
    severity: str
    explanation: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)


def months_ago(day: date, months: int) -> date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def _placement(p: Placement) -> Evidence:
    return Evidence("placement", p.id, p.event_id)


def _event(e: Event) -> Evidence:
    return Evidence("event", e.id, e.id)


def _day(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def veel_plaatsingen_12m(h: CaseHistory, t: Thresholds) -> list[Flag]:
    since = months_ago(h.as_of, t.placements_window_months)
    recent = [p for p in counted_placements(h.placements) if p.start_date >= since]
    if len(recent) < t.placements_12m:
        return []
    text = (
        f"{len(recent)} plaatsingen gestart in de laatste {t.placements_window_months} maanden "
        f"(sinds {_day(since)}); de grens is {t.placements_12m}."
    )
    return [Flag("veel_plaatsingen_12m", HOOG, text, tuple(_placement(p) for p in recent))]


def veel_plaatsingen_totaal(h: CaseHistory, t: Thresholds) -> list[Flag]:
    counted = counted_placements(h.placements)  # no respite beside a running one, no new tariff
    if len(counted) < t.placements_total:
        return []
    text = (
        f"{len(counted)} plaatsingen in de geschiedenis van deze casus; "
        f"de grens is {t.placements_total}."
    )
    return [Flag("veel_plaatsingen_totaal", MIDDEN, text, tuple(map(_placement, counted)))]


def onplanmatig_beeindigd(h: CaseHistory, t: Thresholds) -> list[Flag]:
    since = months_ago(h.as_of, t.unplanned_window_months)
    broken = [p for p in unplanned_endings(h.placements) if p.actual_end >= since]
    if not broken:
        return []
    last = broken[-1]
    text = (
        f"{len(broken)} plaatsing(en) onplanmatig beëindigd in de laatste "
        f"{t.unplanned_window_months} maanden, het laatst op {_day(last.actual_end)}."
    )
    return [Flag("onplanmatig_beeindigd", HOOG, text, tuple(map(_placement, broken)))]


def tijdelijk_te_lang(h: CaseHistory, t: Thresholds) -> list[Flag]:
    limit = timedelta(weeks=t.short_stay_weeks)
    long = [
        p for p in h.running_placements()
        if p.type == "kortdurend_verblijf" and h.as_of - p.start_date > limit
    ]
    if not long:
        return []
    weeks = (h.as_of - long[0].start_date).days // 7
    text = (
        f"Kortdurend verblijf loopt al {weeks} weken (sinds {_day(long[0].start_date)}); "
        f"bedoeld voor hooguit {t.short_stay_weeks} weken."
    )
    return [Flag("tijdelijk_te_lang", MIDDEN, text, tuple(map(_placement, long)))]


def buiten_regio(h: CaseHistory, t: Thresholds) -> list[Flag]:
    current = h.current_placement()
    if current is None or current.in_region:
        return []
    text = f"De huidige plaatsing (sinds {_day(current.start_date)}) is buiten de regio."
    return [Flag("buiten_regio", MIDDEN, text, (_placement(current),))]


def lang_wachten(h: CaseHistory, t: Thresholds) -> list[Flag]:
    limit = timedelta(weeks=t.waiting_weeks)
    since = h.phase_since
    in_phase = h.phase == "plaatsing" and since is not None and h.as_of - since > limit
    if in_phase and not any(p.start_date >= since for p in h.placements):
        weeks = (h.as_of - since).days // 7
        text = (
            f"Al {weeks} weken in de fase plaatsing (sinds {_day(since)}) zonder "
            f"gestarte plaatsing; de grens is {t.waiting_weeks} weken."
        )
        return [Flag("lang_wachten", MIDDEN, text)]
    waiting = [
        e for e in h.events
        if e.kind == "wachtlijst" and h.as_of - e.occurred_on > limit
        and not any(p.start_date >= e.occurred_on for p in h.placements)
    ]
    if not waiting:
        return []
    weeks = (h.as_of - waiting[0].occurred_on).days // 7
    text = (
        f"Wachtlijst staat al {weeks} weken open (sinds {_day(waiting[0].occurred_on)}) zonder "
        f"gestarte plaatsing; de grens is {t.waiting_weeks} weken."
    )
    return [Flag("lang_wachten", MIDDEN, text, tuple(_event(e) for e in waiting))]


def age_on(h: CaseHistory, day: date) -> int:
    return day.year - h.birth_year - (1 if day.month < h.birth_month else 0)


def oudere_jeugdige_gedrag(h: CaseHistory, t: Thresholds) -> list[Flag]:
    current = h.current_placement()
    if current is None or t.behaviour_area not in h.problem_areas:
        return []
    age = age_on(h, current.start_date)
    if age < t.older_age:
        return []
    text = (
        f"{age} jaar bij de start van de huidige plaatsing ({_day(current.start_date)}) en "
        f"gedragsproblemen; vanaf {t.older_age} jaar is de kans op afbreken groter."
    )
    return [Flag("oudere_jeugdige_gedrag", LAAG, text, (_placement(current),))]


def crises_recent(h: CaseHistory, t: Thresholds) -> list[Flag]:
    since = h.as_of - timedelta(days=t.crisis_window_days)
    crises = [e for e in h.events if e.kind == "crisis" and e.occurred_on >= since]
    if len(crises) < t.crises:
        return []
    text = (
        f"{len(crises)} crises in de laatste {t.crisis_window_days} dagen; "
        f"de grens is {t.crises}."
    )
    return [Flag("crises_recent", HOOG, text, tuple(_event(e) for e in crises))]


def geen_analyse_voor_plaatsing(h: CaseHistory, t: Thresholds) -> list[Flag]:
    current = h.current_placement()
    if current is None:
        return []
    if any(recorded.date() <= current.start_date for recorded in h.analyses):
        return []
    text = (
        f"De huidige plaatsing startte op {_day(current.start_date)} zonder verklarende analyse "
        "die vóór die datum was vastgelegd."
    )
    return [Flag("geen_analyse_voor_plaatsing", MIDDEN, text, (_placement(current),))]


def follow_up_due(h: CaseHistory, t: Thresholds) -> date | None:
    """As ``timeline.services.refresh_follow_up``, from what was known then."""
    if h.phase != "blijven_volgen" or h.phase_since is None:
        return None
    weeks = h.follow_up_weeks or t.default_follow_up_weeks
    contacts = [e.occurred_on for e in h.events if e.kind in FOLLOW_UP]
    start = max([h.phase_since, *contacts])
    return start + timedelta(weeks=weeks)


def volgen_verlopen(h: CaseHistory, t: Thresholds) -> list[Flag]:
    due = follow_up_due(h, t)
    if due is None or h.as_of <= due:
        return []
    weeks = h.follow_up_weeks or t.default_follow_up_weeks
    text = (
        f"Blijven volgen: contact was nodig op {_day(due)} (ritme {weeks} weken), "
        f"nu {(h.as_of - due).days} dagen over tijd."
    )
    last = [e for e in h.events if e.kind in FOLLOW_UP]
    evidence = (Evidence("event", last[-1].id, last[-1].id),) if last else ()
    return [Flag("volgen_verlopen", MIDDEN, text, evidence)]


def wisseling_regisseur(h: CaseHistory, t: Thresholds) -> list[Flag]:
    """Changes = each casusregisseur after the first (from the memberships); a history without
    memberships (e.g. imported) counts its wisseling_regisseur events after the first."""
    since = months_ago(h.as_of, t.regisseur_window_months)
    events = [e for e in h.events if e.kind == "wisseling_regisseur"]
    if h.regisseur_since:
        days = [day for _id, day in h.regisseur_since[1:] if day >= since]
        evidence = [e for e in events if e.occurred_on in set(days)]
    else:
        evidence = [e for e in events[1:] if e.occurred_on >= since]
        days = [e.occurred_on for e in evidence]
    if len(days) < t.regisseur_changes:
        return []
    text = (
        f"{len(days)} wisselingen van casusregisseur in de laatste {t.regisseur_window_months} "
        f"maanden; de grens is {t.regisseur_changes}."
    )
    return [Flag("wisseling_regisseur", LAAG, text, tuple(_event(e) for e in evidence))]


Rule = Callable[[CaseHistory, Thresholds], list[Flag]]
RULES: tuple[Rule, ...] = (
    veel_plaatsingen_12m,
    veel_plaatsingen_totaal,
    onplanmatig_beeindigd,
    tijdelijk_te_lang,
    buiten_regio,
    lang_wachten,
    oudere_jeugdige_gedrag,
    crises_recent,
    geen_analyse_voor_plaatsing,
    volgen_verlopen,
    wisseling_regisseur,
)
CODES: tuple[str, ...] = tuple(rule.__name__ for rule in RULES)
SEVERITY = {
    "veel_plaatsingen_12m": HOOG, "veel_plaatsingen_totaal": MIDDEN,
    "onplanmatig_beeindigd": HOOG, "tijdelijk_te_lang": MIDDEN, "buiten_regio": MIDDEN,
    "lang_wachten": MIDDEN, "oudere_jeugdige_gedrag": LAAG, "crises_recent": HOOG,
    "geen_analyse_voor_plaatsing": MIDDEN, "volgen_verlopen": MIDDEN, "wisseling_regisseur": LAAG,
}


def evaluate(history: CaseHistory, thresholds: Thresholds) -> list[Flag]:
    """Every rule's flags; a closed case (or one not yet registered then) raises none."""
    if history.phase is None or history.closed:
        return []
    return [flag for rule in RULES for flag in rule(history, thresholds)]
