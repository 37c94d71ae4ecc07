"""The rules: each a small named function over a case's history as known on ``history.as_of``,
returning zero or more flags with a code, a severity, an explanation a chair can read aloud (with
its numbers) and the evidence (events and placements). Pure functions: no database here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from babel.dates import format_date

from caseflow.risk.config import Thresholds
from caseflow.risk.history import CaseHistory, Event, Placement
from caseflow.timeline.doorplaatsing import counted_placements, unplanned_endings

HOOG, MIDDEN, LAAG, INFORMATIE = "hoog", "midden", "laag", "informatie"
# informatie: raised and kept, shown on the case page only (a rule without measured lift)
SEVERITY_ORDER = {HOOG: 0, MIDDEN: 1, LAAG: 2, INFORMATIE: 3}
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
    # {"msgid", "values"}: the explanation for the reader's language (vocab.explanation)
    message: dict | None = field(default=None, compare=False)


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
    return format_date(value, "medium", locale="nl")  # "5 mrt 2026", as the UI writes it


def N_(msgid: str) -> str:
    """Marks a msgid for extraction; translated when shown (vocab.explanation)."""
    return msgid


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with a plural for extraction (``-k NP_:1,2``); its form follows
    ``count`` (vocab.explanation uses ngettext)."""
    return singular, plural


def _explain(msgid: str | tuple[str, str], **values: object) -> tuple[str, dict]:
    """The Dutch explanation (as the report prints it) and its message: the msgid (and its
    plural) with its numbers and dates (ISO), so a reader sees it in their own language."""
    message: dict = {}
    if isinstance(msgid, tuple):
        singular, plural = msgid
        msgid = singular if values.get("count") == 1 else plural
        message = {"msgid": singular, "plural": plural}
    dutch = msgid % {k: _day(v) if isinstance(v, date) else v for k, v in values.items()}
    stored = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
    return dutch, {"msgid": message.get("msgid", msgid), **message, "values": stored}


# Explanations with a plural: constants, so vocab can also read rows stored before them.
MANY_12M = NP_("%(count)s plaatsing gestart in de laatste %(months)s maanden (sinds %(since)s); "
    "de grens is %(limit)s.",
    "%(count)s plaatsingen gestart in de laatste %(months)s maanden (sinds %(since)s); "
    "de grens is %(limit)s.")
MANY_TOTAL = NP_("%(count)s plaatsing in de geschiedenis van deze casus; de grens is %(limit)s.",
    "%(count)s plaatsingen in de geschiedenis van deze casus; de grens is %(limit)s.")
UNPLANNED = NP_("%(count)s plaatsing onplanmatig beëindigd in de laatste %(months)s maanden, "
    "op %(last)s.",
    "%(count)s plaatsingen onplanmatig beëindigd in de laatste %(months)s maanden, "
    "het laatst op %(last)s.")
CRISES = NP_("%(count)s crisis in de laatste %(days)s dagen; de grens is %(limit)s.",
    "%(count)s crises in de laatste %(days)s dagen; de grens is %(limit)s.")
REGISSEUR = NP_("%(count)s wisseling van casusregisseur in de laatste %(months)s maanden; de grens "
    "is %(limit)s.",
    "%(count)s wisselingen van casusregisseur in de laatste %(months)s maanden; de grens "
    "is %(limit)s.")
PLURALS = (MANY_12M, MANY_TOTAL, UNPLANNED, CRISES, REGISSEUR)


def veel_plaatsingen_12m(h: CaseHistory, t: Thresholds) -> list[Flag]:
    since = months_ago(h.as_of, t.placements_window_months)
    recent = [p for p in counted_placements(h.placements) if p.start_date >= since]
    if len(recent) < t.placements_12m:
        return []
    text, msg = _explain(
        MANY_12M,
        count=len(recent), months=t.placements_window_months, since=since, limit=t.placements_12m,
    )
    return [Flag("veel_plaatsingen_12m", HOOG, text, tuple(_placement(p) for p in recent), msg)]


def veel_plaatsingen_totaal(h: CaseHistory, t: Thresholds) -> list[Flag]:
    counted = counted_placements(h.placements)  # no respite beside a running one, no new tariff
    if len(counted) < t.placements_total:
        return []
    text, msg = _explain(
        MANY_TOTAL,
        count=len(counted), limit=t.placements_total,
    )
    return [Flag("veel_plaatsingen_totaal", MIDDEN, text, tuple(map(_placement, counted)), msg)]


def onplanmatig_beeindigd(h: CaseHistory, t: Thresholds) -> list[Flag]:
    since = months_ago(h.as_of, t.unplanned_window_months)
    broken = [p for p in unplanned_endings(h.placements) if p.actual_end >= since]
    if not broken:
        return []
    last = broken[-1]
    text, msg = _explain(
        UNPLANNED,
        count=len(broken), months=t.unplanned_window_months, last=last.actual_end,
    )
    return [Flag("onplanmatig_beeindigd", HOOG, text, tuple(map(_placement, broken)), msg)]


def tijdelijk_te_lang(h: CaseHistory, t: Thresholds) -> list[Flag]:
    limit = timedelta(weeks=t.short_stay_weeks)
    long = [
        p for p in h.running_placements()
        if p.type == "kortdurend_verblijf" and h.as_of - p.start_date > limit
    ]
    if not long:
        return []
    weeks = (h.as_of - long[0].start_date).days // 7
    text, msg = _explain(
        N_("Kortdurend verblijf loopt al %(weeks)s weken (sinds %(since)s); bedoeld voor "
           "hooguit %(limit)s weken."),
        weeks=weeks, since=long[0].start_date, limit=t.short_stay_weeks,
    )
    return [Flag("tijdelijk_te_lang", MIDDEN, text, tuple(map(_placement, long)), msg)]


def buiten_regio(h: CaseHistory, t: Thresholds) -> list[Flag]:
    current = h.current_placement()
    if current is None or current.in_region:
        return []
    text, msg = _explain(
        N_("De huidige plaatsing (sinds %(since)s) is buiten de regio."), since=current.start_date
    )
    return [Flag("buiten_regio", MIDDEN, text, (_placement(current),), msg)]


def _searching_long(h: CaseHistory, limit: timedelta, limit_weeks: int) -> list[Flag]:
    """lang_wachten, read from the search for a place: open longer than the limit, no placement
    started since it began."""
    since = next((
        day for day in h.open_searches
        if h.as_of - day > limit and not any(p.start_date >= day for p in h.placements)
    ), None)
    if since is None:
        return []
    text, msg = _explain(
        N_("De zoektocht naar een plek loopt al %(weeks)s weken (sinds %(since)s) zonder "
           "gestarte plaatsing; de grens is %(limit)s weken."),
        weeks=(h.as_of - since).days // 7, since=since, limit=limit_weeks,
    )
    return [Flag("lang_wachten", MIDDEN, text, (), msg)]


def lang_wachten(h: CaseHistory, t: Thresholds) -> list[Flag]:
    limit = timedelta(weeks=t.waiting_weeks)
    since = h.phase_since
    in_phase = h.phase == "plaatsing" and since is not None and h.as_of - since > limit
    if in_phase and not any(p.start_date >= since for p in h.placements):
        weeks = (h.as_of - since).days // 7
        text, msg = _explain(
            N_("Al %(weeks)s weken in de fase plaatsing (sinds %(since)s) zonder gestarte "
               "plaatsing; de grens is %(limit)s weken."),
            weeks=weeks, since=since, limit=t.waiting_weeks,
        )
        return [Flag("lang_wachten", MIDDEN, text, (), msg)]
    waiting = [
        e for e in h.events
        if e.kind == "wachtlijst" and h.as_of - e.occurred_on > limit
        and not any(p.start_date >= e.occurred_on for p in h.placements)
    ]
    if not waiting:
        return _searching_long(h, limit, t.waiting_weeks)
    weeks = (h.as_of - waiting[0].occurred_on).days // 7
    text, msg = _explain(
        N_("Wachtlijst staat al %(weeks)s weken open (sinds %(since)s) zonder gestarte "
           "plaatsing; de grens is %(limit)s weken."),
        weeks=weeks, since=waiting[0].occurred_on, limit=t.waiting_weeks,
    )
    return [Flag("lang_wachten", MIDDEN, text, tuple(_event(e) for e in waiting), msg)]


def age_on(h: CaseHistory, day: date) -> int:
    return day.year - h.birth_year - (1 if day.month < h.birth_month else 0)


def oudere_jeugdige_gedrag(h: CaseHistory, t: Thresholds) -> list[Flag]:
    current = h.current_placement()
    if current is None or t.behaviour_area not in h.problem_areas:
        return []
    age = age_on(h, current.start_date)
    if age < t.older_age:
        return []
    text, msg = _explain(
        N_("%(age)s jaar bij de start van de huidige plaatsing (%(start)s) en "
           "gedragsproblemen; vanaf %(limit)s jaar is de kans op afbreken groter."),
        age=age, start=current.start_date, limit=t.older_age,
    )
    return [Flag("oudere_jeugdige_gedrag", LAAG, text, (_placement(current),), msg)]


def crises_recent(h: CaseHistory, t: Thresholds) -> list[Flag]:
    since = h.as_of - timedelta(days=t.crisis_window_days)
    crises = [e for e in h.events if e.kind == "crisis" and e.occurred_on >= since]
    if len(crises) < t.crises:
        return []
    text, msg = _explain(
        CRISES,
        count=len(crises), days=t.crisis_window_days, limit=t.crises,
    )
    return [Flag("crises_recent", HOOG, text, tuple(_event(e) for e in crises), msg)]


def geen_analyse_voor_plaatsing(h: CaseHistory, t: Thresholds) -> list[Flag]:
    current = h.current_placement()
    if current is None:
        return []
    if any(recorded.date() <= current.start_date for recorded in h.analyses):
        return []
    text, msg = _explain(
        N_("De huidige plaatsing startte op %(start)s zonder verklarende analyse die vóór die "
           "datum was vastgelegd."),
        start=current.start_date,
    )
    return [Flag("geen_analyse_voor_plaatsing", MIDDEN, text, (_placement(current),), msg)]


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
    text, msg = _explain(
        N_("Blijven volgen: contact was nodig op %(due)s (ritme %(weeks)s weken), nu %(days)s "
           "dagen over tijd."),
        due=due, weeks=weeks, days=(h.as_of - due).days,
    )
    last = [e for e in h.events if e.kind in FOLLOW_UP]
    evidence = (Evidence("event", last[-1].id, last[-1].id),) if last else ()
    return [Flag("volgen_verlopen", MIDDEN, text, evidence, msg)]


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
    text, msg = _explain(
        REGISSEUR,
        count=len(days), months=t.regisseur_window_months, limit=t.regisseur_changes,
    )
    return [Flag("wisseling_regisseur", LAAG, text, tuple(_event(e) for e in evidence), msg)]


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
    """Every rule's flags, with the region's severity per code (``Thresholds.severities``); a
    closed case (or one not yet registered then) raises none."""
    if history.phase is None or history.closed:
        return []
    flags = [flag for rule in RULES for flag in rule(history, thresholds)]
    if not thresholds.severities:
        return flags
    return [replace(f, severity=thresholds.severity_of(f.code, f.severity)) for f in flags]
