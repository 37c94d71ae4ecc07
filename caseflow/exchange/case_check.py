"""The semantic checks of one case whose shape the schema accepted: the phase graph, dates in
order and as the region knew them, overlapping placements, known gemeenten."""

from __future__ import annotations

from datetime import date
from typing import Any

from caseflow.cases.workflow import Phase, allowed_edges
from caseflow.core.dates import IMPORT_MESSAGES, date_problem
from caseflow.exchange import known as known_then
from caseflow.exchange.fact_items import check_facts
from caseflow.exchange.search_check import check_searches
from caseflow.exchange.validator import Context, Issue, Result, item_id
from caseflow.outcome import exchange as outcome_exchange
from caseflow.timeline.models import OVERLAP_ALLOWED
from caseflow.timeline.placements import _overlaps


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _before(day: date, previous: date, entry: dict[str, Any], previous_precision: Any) -> bool:
    """Whether a phase lies before the previous one; when either is known only by its month,
    the same month is not "before" (a month is stored as its first day)."""
    if "month" in (entry.get("precision"), previous_precision):
        return (day.year, day.month) < (previous.year, previous.month)
    return day < previous


def history_date_issue(
    case: dict[str, Any], day: date, today: date, *, future: bool = True
) -> str | None:
    """The one date rule (``caseflow.core.dates``) for a date of the case in the document:
    not before its birth year, not in the future."""
    birth_year = case.get("birth_year")
    problem = date_problem(
        day, birth_year if isinstance(birth_year, int) else None, today=today, future=future
    )
    return IMPORT_MESSAGES[problem] if problem else None


class CaseCheck:
    """The semantic checks of one case whose shape the schema accepted."""

    def __init__(self, case: dict[str, Any], path: str, context: Context, result: Result) -> None:
        self.case, self.path, self.context, self.result = case, path, context, result
        ref = case.get("ref")
        self.existing = context.existing.get(ref) if isinstance(ref, str) else None

    def error(self, path: str, message: str) -> None:
        self.result.errors.append(Issue(f"{self.path}.{path}", message))

    def retired_gemeente(self) -> None:
        """Herindeling: a retired gemeente's name is mapped to its successor, with a warning."""
        named = self.case.get("gemeente")
        successor = getattr(self.context.gemeenten, "retired", {}).get(
            named.strip().lower() if isinstance(named, str) else None
        )
        if successor:
            self.result.warnings.append(
                Issue(
                    f"{self.path}.gemeente",
                    f"gemeente '{named}' is opgeheven (herindeling); de casus is ingelezen onder "
                    f"de opvolger '{successor}'",
                )
            )

    def date(self, path: str, value: str | None, *, not_future: bool = True) -> date | None:
        if value is None:
            return None
        day = _day(value)
        if day is None:
            self.error(path, "geen bestaande datum")
        else:
            problem = history_date_issue(self.case, day, self.context.today, future=not_future)
            if problem:
                self.error(path, problem)
        return day

    def run(self) -> None:
        case = self.case
        if "ref" in case and case["ref"] in self.context.existing and not self.context.update:
            self.error(
                "ref",
                "bestaat al in caseflow; importeer met --update om alleen nieuwe onderdelen toe "
                "te voegen",
            )
        if "gemeente" in case and case["gemeente"].strip().lower() not in self.context.gemeenten:
            self.error("gemeente", f"onbekende gemeente '{case['gemeente']}' (niet in de lijst)")
        self.retired_gemeente()
        self.date("registered_on", case.get("registered_on"))
        if "phases" in case:
            self.phases()
        self.placements()
        for key in ("events", "members", "decisions"):
            for number, item in enumerate(case.get(key, [])):
                if item is not None:
                    self.item_dates(key, number, item)
        if case.get("analysis"):
            self.date("analysis.recorded_on", case["analysis"]["recorded_on"])
        known_then.check_case(self)
        outcome_exchange.check_case(self)
        check_facts(self)
        check_searches(self)
        self.ids()

    def new_items(self, kind: str, items: list[dict[str, Any]]) -> list[tuple[int, dict]]:
        """With --update: only the items whose id the existing case does not know yet."""
        known = self.existing.item_ids.get(kind, set()) if self.existing else set()
        seen: set[str] = set()
        fresh = []
        for number, item in enumerate(items):
            if item is None:  # refused by the schema: not checked further
                continue
            key = item_id(item, seen)
            seen.add(key)
            if key not in known:
                fresh.append((number, item))
        return fresh

    def phases(self) -> None:
        phases = self.case["phases"]
        edges = allowed_edges()
        current = self.existing.moves[-1][1] if self.existing else None
        previous_day = self.existing.last_on if self.existing else None
        previous_precision = None
        entries = self.new_items("phase", phases) if self.existing else list(enumerate(phases))
        for number, entry in entries:
            if entry is None:
                break  # after a phase the schema refused, the order cannot be checked
            where = f"phases[{number}]"
            target = Phase(entry["phase"])
            if current is None and target is not Phase.AANMELDING:
                self.error(f"{where}.phase", "een casus begint met de fase 'aanmelding'")
            elif current is not None and (current, target) not in edges:
                self.error(
                    f"{where}.phase",
                    f"van '{current}' naar '{target}' is geen toegestane stap in de fasen",
                )
            day = self.date(f"{where}.on", entry["on"])
            if day and previous_day and _before(day, previous_day, entry, previous_precision):
                self.error(f"{where}.on", "ligt vóór de vorige fase")
            closing = entry.get("closing_reason")
            if target is Phase.AFGESLOTEN and not closing:
                self.error(f"{where}.closing_reason", "verplicht bij afsluiten")
            if target is not Phase.AFGESLOTEN and closing:
                self.error(f"{where}.closing_reason", "hoort alleen bij de fase 'afgesloten'")
            current = target
            if day:
                previous_day, previous_precision = day, entry.get("precision")

    def placements(self) -> None:
        placed: list[tuple[str, str, date, date | None]] = []
        if self.existing:
            placed = [("bestaande plaatsing", t, s, e) for t, s, e in self.existing.placements]
            entries = self.new_items("placement", self.case.get("placements", []))
        else:
            entries = list(enumerate(self.case.get("placements", [])))
        for number, item in entries:
            if item is None:
                continue
            where = f"placements[{number}]"
            start = self.date(f"{where}.start", item["start"])
            end = self.date(f"{where}.end", item.get("end"))
            planned = self.date(f"{where}.planned_end", item.get("planned_end"), not_future=False)
            if start and end and end < start:
                self.error(f"{where}.end", "eindigt vóór de start")
            if start and planned and planned < start:
                self.error(f"{where}.planned_end", "ligt vóór de start")
            if item.get("end") and not item.get("ended"):
                self.error(f"{where}.ended", "verplicht als er een einddatum is")
            if item.get("ended") and not item.get("end"):
                self.error(f"{where}.end", "verplicht als 'ended' is ingevuld")
            if item.get("ended") == "onplanmatig" and not item.get("end_reason"):
                self.error(f"{where}.end_reason", "verplicht bij een onplanmatig einde")
            if item.get("end_reason") and item.get("ended") != "onplanmatig":
                self.error(f"{where}.end_reason", "hoort alleen bij een onplanmatig einde")
            if start is None or (end is not None and end < start):
                continue
            if item["type"] not in OVERLAP_ALLOWED:
                for label, other_type, other_start, other_end in placed:
                    if other_type in OVERLAP_ALLOWED:
                        continue
                    if _overlaps(other_start, other_end, start, end):
                        self.error(
                            f"{where}.start",
                            f"overlapt met {label} ({other_type} vanaf {other_start}); alleen "
                            "kortdurend verblijf mag overlappen",
                        )
                        break
            placed.append((f"placements[{number}]", item["type"], start, end))

    def item_dates(self, key: str, number: int, item: dict[str, Any]) -> None:
        where = f"{key}[{number}]"
        if key == "members":
            since = self.date(f"{where}.from", item["from"])
            until = self.date(f"{where}.until", item.get("until"), not_future=False)
            if since and until and until < since:
                self.error(f"{where}.until", "eindigt vóór de start")
        else:
            self.date(f"{where}.on", item["on"])

    def ids(self) -> None:
        for key in ("phases", "placements", "events", "members", "decisions", "goals", "searches"):
            seen: dict[str, int] = {}
            for number, item in enumerate(self.case.get(key, [])):
                if item is None or "id" not in item:
                    continue
                if item["id"] in seen:
                    self.error(f"{key}[{number}].id", f"komt al voor bij {key}[{seen[item['id']]}]")
                seen.setdefault(item["id"], number)
