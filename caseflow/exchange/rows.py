"""Turn validated cases into rows and insert them per table, a batch of cases at a time."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_babel import force_locale
from sqlalchemy import func, insert, select

from caseflow.cases.models import (
    Case,
    CaseDecision,
    CaseMember,
    CaseProblemArea,
    ExplanatoryAnalysis,
    PhaseTransition,
)
from caseflow.cases.vocab import PHASE_LABELS
from caseflow.cases.workflow import TRANSITIONS, Phase, _sources
from caseflow.exchange.models import ExchangeCase, ExchangeItem, ImportedMember
from caseflow.exchange.notes import notes_of
from caseflow.exchange.validator import ExistingCase, Issue, item_id
from caseflow.extensions import db
from caseflow.outcome import exchange as outcome_exchange
from caseflow.timeline.models import (
    FOLLOW_UP_KINDS,
    DatePrecision,
    EventKind,
    EventSource,
    Placement,
    TimelineEvent,
    TimelineEventRevision,
    timeline_event_organisation,
)
from caseflow.timeline.services import DEFAULT_FOLLOW_UP_WEEKS
from caseflow.timeline.vocab import END_REASON_LABELS, PLACEMENT_TYPE_LABELS

KIND_OF = {
    "phases": "phase",
    "placements": "placement",
    "events": "event",
    "members": "member",
    "decisions": "decision",
    "goals": "goal",
    "evaluations": "evaluation",
}
TRIGGER_OF = {
    (Phase(source), Phase(t["dest"])): str(t["trigger"])
    for t in TRANSITIONS
    for source in _sources(t)
}
# Imported history keeps what the region had: every analysis field but recorded_on may be absent
# (stored empty; the screens say "niet vastgelegd").
ANALYSIS_DEFAULTS = {
    "question": "",
    "problems": "",
    "strengths": "",
    "hypotheses": "",
    "working_theory": "",
    "goals": "",
    "scenarios": "",
    "hypotheses_child": "",
    "hypotheses_family": "",
    "hypotheses_care": "",
    "made_with_family": False,
    "behavioural_scientist_involved": False,
}
DERIVED_KINDS = (EventKind.FASE.value, EventKind.PLAATSING.value)


@dataclass
class CasePlan:
    case: dict[str, Any]
    existing: ExistingCase | None
    index: int
    items: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)
    analysis: tuple[str, dict[str, Any]] | None = None
    # Every item's id by position, known or new: the notes name their item by it.
    ids: dict[str, list[str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts = {key: len(values) for key, values in self.items.items()}
        counts["analyses"] = 1 if self.analysis else 0
        return counts


def plan_case(case: dict[str, Any], existing: ExistingCase | None, index: int) -> CasePlan:
    plan = CasePlan(case, existing, index)
    for key, kind in KIND_OF.items():
        known = existing.item_ids.get(kind, set()) if existing else set()
        seen: set[str] = set()
        chosen = []
        for item in case.get(key, []):
            key_id = item_id(item, seen)
            seen.add(key_id)
            plan.ids.setdefault(key, []).append(key_id)
            if key_id not in known:
                chosen.append((key_id, item))
        plan.items[key] = chosen
    analysis = case.get("analysis")
    if analysis:
        key_id = item_id(analysis, set())
        known = existing.item_ids.get("analysis", set()) if existing else set()
        if key_id not in known:
            plan.analysis = (key_id, analysis)
    return plan


def organisation_warnings(
    case: dict[str, Any], index: int, organisations: dict[str, int]
) -> list[Issue]:
    warnings = []
    for number, member in enumerate(case.get("members", [])):
        if member["organisation"].strip().lower() not in organisations:
            warnings.append(
                Issue(
                    f"cases[{index}].members[{number}].organisation",
                    f"organisatie '{member['organisation']}' is niet bekend in caseflow; "
                    "opgeslagen als naam, zonder koppeling",
                )
            )
    referrer = case.get("referrer_organisation")
    if referrer and referrer.strip().lower() not in organisations:
        warnings.append(
            Issue(
                f"cases[{index}].referrer_organisation",
                f"organisatie '{referrer}' is niet bekend in caseflow; opgeslagen als naam",
            )
        )
    return warnings


def native_object_ids(case_ids: list[int]) -> dict[str, list[tuple[int, int]]]:
    """(case id, object id) of the items made in caseflow itself, per item kind."""
    queries = {
        "event": select(TimelineEvent.case_id, TimelineEvent.id).where(
            TimelineEvent.kind.not_in(DERIVED_KINDS)
        ),
        "member": select(CaseMember.case_id, CaseMember.id),
        "decision": select(CaseDecision.case_id, CaseDecision.id),
        "analysis": select(ExplanatoryAnalysis.case_id, ExplanatoryAnalysis.id),
    }
    result = {}
    for kind, query in queries.items():
        model_case_id = query.selected_columns[0]
        rows = db.session.execute(query.where(model_case_id.in_(case_ids))).tuples().all()
        result[kind] = list(rows)
    return result


def noon(day: date, offset: int = 0) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC) + timedelta(seconds=offset)


def follow_up_due(phase: str, since: datetime, weeks: int | None, dates: list[date]) -> date | None:
    """As ``caseflow.timeline.services.refresh_follow_up``, computed from the file."""
    if phase != Phase.BLIJVEN_VOLGEN.value or not weeks:
        return None
    start = max([since.date(), *dates])
    return start + timedelta(weeks=weeks)


def follow_up_dates(events: list[dict[str, Any]]) -> list[date]:
    return [
        date.fromisoformat(e["on"])
        for e in events
        if e["kind"] in FOLLOW_UP_KINDS and not e.get("retracted_reason")
    ]


def _precision(item: dict[str, Any]) -> str | None:
    """A phase's or an analysis's precision as stored: None for a day (the usual case)."""
    value = item.get("precision")
    return None if value in (None, DatePrecision.DAY.value) else value


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# Columns that tell the inserted rows of a table apart, to read their new ids back in one query.
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "casus": ("reference",),
    "phase_transition": ("case_id", "at"),
    "placement": ("case_id", "start_date", "type", "provider_name"),
    "timeline_event": ("case_id", "occurred_on", "kind", "title"),
    "imported_member": ("case_id", "since", "role", "organisation_name"),
    "casus_decision": ("case_id", "decided_at", "kind"),
    "explanatory_analysis": ("case_id", "version_number"),
}


def _insert(model: Any, rows: list[dict[str, Any]], returning: bool = False) -> list[int]:
    """One executemany (batched by insertmanyvalues); with ``returning``, the new ids in the order
    of ``rows``, read back in one query (RETURNING with parameter order would go row by row)."""
    if not rows:
        return []
    table = model.__table__
    before = db.session.scalar(select(func.max(table.c.id))) if returning else None
    db.session.execute(insert(table), rows)
    if not returning:
        return []
    keys = ROW_KEYS[table.name]
    scope = "case_id" if "case_id" in table.c else keys[0]
    query = (
        select(table.c.id, *(table.c[k] for k in keys))
        .where(table.c.id > (before or 0), table.c[scope].in_({row[scope] for row in rows}))
        .order_by(table.c.id)
    )
    found: dict[tuple, list[int]] = defaultdict(list)
    for row_id, *values in db.session.execute(query):
        found[tuple(values)].append(row_id)
    return [found[tuple(row[k] for k in keys)].pop(0) for row in rows]


class Writer:
    def __init__(
        self,
        *,
        now: datetime,
        actor_id: int | None,
        organisations: dict[str, int],
        gemeenten: dict[str, int],
    ) -> None:
        self.now, self.actor_id = now, actor_id
        self.organisations, self.gemeenten = organisations, gemeenten
        with force_locale("nl"):
            self.phase_labels = {str(k): str(v) for k, v in PHASE_LABELS.items()}
            self.type_labels = {str(k): str(v) for k, v in PLACEMENT_TYPE_LABELS.items()}
            self.reason_labels = {str(k): str(v) for k, v in END_REASON_LABELS.items()}

    def _event(self, case_id: int, kind: str, title: str, on: date, **extra: Any) -> dict:
        """An imported event is known from its own time (``recorded_at``, default noon of the day
        it happened); the import's time is kept apart as ``imported_at``."""
        return {
            "case_id": case_id,
            "kind": kind,
            "title": title[:200],
            "description": extra.pop("description", ""),
            "occurred_on": on,
            "precision": extra.pop("precision", DatePrecision.DAY.value),
            "recorded_at": extra.pop("recorded_at", None) or noon(on),
            "imported_at": self.now,
            "recorded_by_id": self.actor_id,
            "source": EventSource.IMPORT.value,
            "phase_transition_id": extra.pop("phase_transition_id", None),
            "placement_id": extra.pop("placement_id", None),
            "revision_count": 1,
            **extra,
        }

    def write(self, plans: list[CasePlan]) -> list[int]:
        new = [p for p in plans if p.existing is None]
        case_rows = []
        for plan in new:
            case = plan.case
            phases = case["phases"]
            last = phases[-1]
            since = noon(date.fromisoformat(last["on"]), len(phases) - 1)
            referrer = (case.get("referrer_organisation") or "").strip().lower()
            weeks = case.get("follow_up_weeks")
            if weeks is None and last["phase"] == Phase.BLIJVEN_VOLGEN:
                weeks = DEFAULT_FOLLOW_UP_WEEKS
            case_rows.append(
                {
                    "reference": case["ref"],
                    "pseudonym": case["pseudonym"].strip(),
                    "birth_year": case["birth_year"],
                    "birth_month": case["birth_month"],
                    "gemeente_id": self.gemeenten[case["gemeente"].strip().lower()],
                    "referrer_type": case["referrer"],
                    "referrer_organisation_id": self.organisations.get(referrer),
                    "question": case["question"],
                    "current_situation": case.get("current_situation", ""),
                    "registered_on": _day(case.get("registered_on")) or _day(phases[0]["on"]),
                    "phase": last["phase"],
                    "phase_since": since,
                    "closing_reason": last.get("closing_reason"),
                    "closed_at": since if last["phase"] == Phase.AFGESLOTEN else None,
                    "created_by_id": self.actor_id,
                    "follow_up_weeks": weeks,
                    "follow_up_due_on": follow_up_due(
                        last["phase"], since, weeks, follow_up_dates(case.get("events", []))
                    ),
                    "version": 1,
                }
            )
        for plan, case_id in zip(new, _insert(Case, case_rows, returning=True), strict=True):
            plan.case_id = case_id  # type: ignore[attr-defined]
        for plan in plans:
            if plan.existing is not None:
                plan.case_id = plan.existing.case_id  # type: ignore[attr-defined]
                self._advance_existing(plan)
        _insert(
            ExchangeCase,
            [
                {
                    "case_id": p.case_id,  # type: ignore[attr-defined]
                    "consent_retrospective": p.case.get("consent_retrospective"),
                    "referrer_organisation_name": (
                        None
                        if (p.case.get("referrer_organisation") or "").strip().lower()
                        in self.organisations
                        else p.case.get("referrer_organisation")
                    ),
                    "imported_at": self.now,
                    "imported_by_id": self.actor_id,
                    "notes": notes_of(p.case, p.ids) or None,
                }
                for p in new
            ],
        )
        self._update_notes([p for p in plans if p.existing is not None])
        _insert(
            CaseProblemArea,
            [
                {"case_id": p.case_id, "area": area}  # type: ignore[attr-defined]
                for p in new
                for area in sorted(set(p.case["problem_areas"]))
            ],
        )
        items: list[dict[str, Any]] = []
        self._phases(plans, items)
        self._placements(plans, items)
        self._events(plans, items)
        self._others(plans, items)
        outcome_exchange.write(self, plans, items)
        _insert(ExchangeItem, items)
        return [p.case_id for p in plans]  # type: ignore[attr-defined]

    def _update_notes(self, plans: list[CasePlan]) -> None:
        """With --update: the file's notes are added to the case's, a key's newer value wins
        (a note the file no longer has stays: a later file may carry only what is new)."""
        noted = {p.case_id: notes_of(p.case, p.ids) for p in plans}  # type: ignore[attr-defined]
        noted = {case_id: notes for case_id, notes in noted.items() if notes}
        if not noted:
            return
        rows = {
            row.case_id: row
            for row in db.session.scalars(
                select(ExchangeCase).where(ExchangeCase.case_id.in_(noted))
            )
        }
        for case_id, notes in noted.items():
            row = rows.get(case_id)
            if row is None:  # a case made in caseflow: it has notes now, it was not imported
                db.session.execute(  # Core: the ORM would fill in imported_at's default
                    insert(ExchangeCase).values(case_id=case_id, imported_at=None, notes=notes)
                )
            else:
                row.notes = {**(row.notes or {}), **notes}  # a new dict: the JSON column sees it
        db.session.flush()

    def _advance_existing(self, plan: CasePlan) -> None:
        phases = plan.items["phases"]
        if not phases:
            return
        case = db.session.get(Case, plan.existing.case_id)  # type: ignore[union-attr]
        last = phases[-1][1]
        offset = len(plan.existing.moves) + len(phases)  # type: ignore[union-attr]
        case.phase = last["phase"]
        case.phase_since = noon(date.fromisoformat(last["on"]), offset)
        case.closing_reason = last.get("closing_reason")
        case.closed_at = case.phase_since if last["phase"] == Phase.AFGESLOTEN else None

    def _phases(self, plans: list[CasePlan], items: list[dict]) -> None:
        rows, meta = [], []
        for plan in plans:
            current = plan.existing.moves[-1][1] if plan.existing else None
            start = len(plan.existing.moves) if plan.existing else 0
            for number, (key, entry) in enumerate(plan.items["phases"]):
                target = Phase(entry["phase"])
                on = date.fromisoformat(entry["on"])
                rows.append(
                    {
                        "case_id": plan.case_id,  # type: ignore[attr-defined]
                        "from_phase": current.value if current else None,
                        "to_phase": target.value,
                        "trigger": TRIGGER_OF.get((current, target)) if current else None,
                        "at": noon(on, start + number),
                        "by_id": None,
                        "reason": (entry.get("reason") or "").strip(),
                        "closing_reason": entry.get("closing_reason"),
                        "imported": True,
                        "imported_at": self.now,
                        "precision": _precision(entry),
                    }
                )
                meta.append((plan, key, current, target, on, rows[-1]))
                current = target
        ids = _insert(PhaseTransition, rows, returning=True)
        events = []
        for transition_id, (plan, key, source, target, on, row) in zip(ids, meta, strict=True):
            precision = row["precision"] or DatePrecision.DAY.value
            if source is None:
                title = "Aanmelding geregistreerd"
            else:
                title = f"Fase: {self.phase_labels[source]} → {self.phase_labels[target]}"
            events.append(
                self._event(
                    plan.case_id,  # type: ignore[attr-defined]
                    EventKind.FASE.value,
                    title,
                    on,
                    description=row["reason"] if source else "",
                    phase_transition_id=transition_id,
                    recorded_at=row["at"],
                    precision=precision,
                )
            )
            items.append(self._item(plan, "phase", key, transition_id))
        _insert(TimelineEvent, events)

    def _item(self, plan: CasePlan, kind: str, key: str, object_id: int) -> dict[str, Any]:
        return {
            "case_id": plan.case_id,  # type: ignore[attr-defined]
            "kind": kind,
            "external_id": key,
            "object_id": object_id,
        }

    def _placements(self, plans: list[CasePlan], items: list[dict]) -> None:
        rows, meta = [], []
        for plan in plans:
            for key, item in plan.items["placements"]:
                end = _day(item.get("end"))
                start = date.fromisoformat(item["start"])
                rows.append(
                    {
                        "case_id": plan.case_id,  # type: ignore[attr-defined]
                        "type": item["type"],
                        "provider_name": item["provider"].strip(),
                        "in_region": item.get("in_region", True),
                        "start_date": start,
                        "planned_end": _day(item.get("planned_end")),
                        "actual_end": end,
                        "ending": item.get("ended") if end else None,
                        "end_reason": item.get("end_reason"),
                        "end_note": item.get("end_note", ""),
                        # known from the file's own dates: its recorded_on, else when it happened
                        "ended_recorded_at": (
                            noon(_day(item.get("end_recorded_on")) or end) if end else None
                        ),
                        "recorded_at": noon(_day(item.get("recorded_on")) or start),
                        "recorded_by_id": self.actor_id,
                        "imported": True,
                        "imported_at": self.now,
                        **outcome_exchange.tariff_columns(item, self.gemeenten),
                    }
                )
                meta.append((plan, key, rows[-1]))
        ids = _insert(Placement, rows, returning=True)
        events = []
        for placement_id, (plan, key, row) in zip(ids, meta, strict=True):
            label = self.type_labels[row["type"]]
            provider = row["provider_name"]
            events.append(
                self._event(
                    row["case_id"],
                    EventKind.PLAATSING.value,
                    f"Plaatsing gestart: {label} ({provider})",
                    row["start_date"],
                    description="binnen de regio" if row["in_region"] else "buiten de regio",
                    placement_id=placement_id,
                    recorded_at=row["recorded_at"],
                )
            )
            if row["actual_end"]:
                how = (
                    "volgens plan"
                    if row["ending"] == "planmatig"
                    else f"onplanmatig: {self.reason_labels[row['end_reason']]}"
                )
                events.append(
                    self._event(
                        row["case_id"],
                        EventKind.PLAATSING.value,
                        f"Plaatsing beëindigd ({how}): {label} ({provider})",
                        row["actual_end"],
                        description=row["end_note"],
                        placement_id=placement_id,
                        recorded_at=row["ended_recorded_at"],
                    )
                )
            items.append(self._item(plan, "placement", key, placement_id))
        _insert(TimelineEvent, events)

    def _events(self, plans: list[CasePlan], items: list[dict]) -> None:
        rows, meta = [], []
        for plan in plans:
            for key, item in plan.items["events"]:
                rows.append(self._event_row(plan.case_id, item))  # type: ignore[attr-defined]
                meta.append((plan, key, item))
        ids = _insert(TimelineEvent, rows, returning=True)
        links, revisions = [], []
        for event_id, (plan, key, item) in zip(ids, meta, strict=True):
            links += [
                {"event_id": event_id, "organisation_id": o}
                for o in self._organisation_ids(item.get("organisations", []))
            ]
            revisions += self._revision_rows(event_id, item)
            items.append(self._item(plan, "event", key, event_id))
        if links:
            db.session.execute(insert(timeline_event_organisation), links)
        _insert(TimelineEventRevision, revisions)

    def _organisation_ids(self, names: list[str]) -> list[int]:
        found = {self.organisations.get(n.strip().lower()) for n in names} - {None}
        return sorted(found)  # type: ignore[type-var]

    def _event_row(self, case_id: int, item: dict[str, Any]) -> dict[str, Any]:
        """An event as the region knew it: recorded on its ``recorded_on`` (else the day it
        happened, or its first revision's), retracted on its ``retracted_on`` (else as soon as
        it was known: a retracted legacy item never counts)."""
        versions = item.get("revisions") or []
        first = versions[0] if versions else item
        recorded = noon(
            _day(item.get("recorded_on")) or _day(first.get("recorded_on"))
            or date.fromisoformat(first["on"])
        )
        retracted = item.get("retracted_reason")
        retracted_on = _day(item.get("retracted_on"))
        return self._event(
            case_id,
            item["kind"],
            item["title"].strip(),
            date.fromisoformat(item["on"]),
            description=(item.get("text") or "").strip(),
            precision=item.get("precision", DatePrecision.DAY.value),
            recorded_at=recorded,
            revision_count=max(1, len(versions)),
            last_revised_at=noon(_day(versions[-1]["recorded_on"])) if len(versions) > 1 else None,
            retracted_at=(max(noon(retracted_on), recorded) if retracted_on else recorded)
            if retracted
            else None,
            retraction_reason=retracted,
        )

    def _revision_rows(self, event_id: int, item: dict[str, Any]) -> list[dict[str, Any]]:
        """Every version of a revised event, oldest first (number 1 is what was first recorded),
        as ``caseflow.timeline.services.revise_event`` keeps them."""
        versions = item.get("revisions") or []
        if len(versions) < 2:
            return []
        return [
            {
                "event_id": event_id,
                "number": number,
                "kind": version["kind"],
                "title": version["title"].strip()[:200],
                "description": (version.get("text") or "").strip(),
                "occurred_on": date.fromisoformat(version["on"]),
                "precision": version.get("precision", DatePrecision.DAY.value),
                "organisation_ids": self._organisation_ids(version.get("organisations", [])),
                "placement_id": None,
                "recorded_at": noon(date.fromisoformat(version["recorded_on"])),
                "recorded_by_id": None,
                "change_note": (version.get("note") or "").strip(),
                "imported_at": self.now,
            }
            for number, version in enumerate(versions, start=1)
        ]

    def _others(self, plans: list[CasePlan], items: list[dict]) -> None:
        members, decisions, analyses = [], [], []
        member_meta, decision_meta, analysis_meta = [], [], []
        for plan in plans:
            case_id = plan.case_id  # type: ignore[attr-defined]
            for key, item in plan.items["members"]:
                members.append(
                    {
                        "case_id": case_id,
                        "role": item["role"],
                        "organisation_name": item["organisation"].strip(),
                        "organisation_id": self.organisations.get(
                            item["organisation"].strip().lower()
                        ),
                        "since": date.fromisoformat(item["from"]),
                        "until": _day(item.get("until")),
                    }
                )
                member_meta.append((plan, key))
            for key, item in plan.items["decisions"]:
                decisions.append(
                    {
                        "case_id": case_id,
                        "kind": item["kind"],
                        "text": item["text"].strip(),
                        "decided_at": noon(date.fromisoformat(item["on"])),
                        "decided_by_id": None,
                    }
                )
                decision_meta.append((plan, key))
            if plan.analysis:
                key, item = plan.analysis
                version = _next_version(plan)
                earlier = plan.case.get("analysis_versions") or []
                for number, old in enumerate(earlier, start=version):
                    analyses.append(self._analysis_row(case_id, number, old))
                    analysis_meta.append((plan, None))  # earlier versions have no item id
                analyses.append(self._analysis_row(case_id, version + len(earlier), item))
                analysis_meta.append((plan, key))
        for model, rows, meta, kind in (
            (ImportedMember, members, member_meta, "member"),
            (CaseDecision, decisions, decision_meta, "decision"),
            (ExplanatoryAnalysis, analyses, analysis_meta, "analysis"),
        ):
            ids = _insert(model, rows, returning=True)
            items += [
                self._item(p, kind, k, i)
                for i, (p, k) in zip(ids, meta, strict=True)
                if k is not None
            ]

    def _analysis_row(self, case_id: int, version: int, item: dict[str, Any]) -> dict[str, Any]:
        """One version of the analysis, known from its ``recorded_on``."""
        return {
            "case_id": case_id,
            "version_number": version,
            "recorded_at": noon(date.fromisoformat(item["recorded_on"])),
            "recorded_by_id": None,
            "imported_at": self.now,
            **ANALYSIS_DEFAULTS,
            **{k: v for k, v in item.items() if k in ANALYSIS_DEFAULTS},
            "precision": _precision(item),
        }


def _next_version(plan: CasePlan) -> int:
    if plan.existing is None:
        return 1
    last = db.session.scalar(
        select(func.max(ExplanatoryAnalysis.version_number)).where(
            ExplanatoryAnalysis.case_id == plan.existing.case_id
        )
    )
    return (last or 0) + 1
