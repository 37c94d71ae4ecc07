"""Turn validated cases into rows and insert them per table, a batch of cases at a time."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import force_locale
from sqlalchemy import insert, select

from caseflow.cases.models import Case, CaseProblemArea
from caseflow.cases.vocab import PHASE_LABELS
from caseflow.cases.workflow import Phase
from caseflow.core.dates import noon
from caseflow.exchange.bulk_insert import insert_rows
from caseflow.exchange.case_plan import CasePlan
from caseflow.exchange.fact_items import write_facts
from caseflow.exchange.file_dates import follow_up_dates, follow_up_due, iso_day
from caseflow.exchange.models import ExchangeCase, ExchangeItem
from caseflow.exchange.notes import notes_of
from caseflow.exchange.record_rows import write_records
from caseflow.exchange.search_items import write_searches
from caseflow.exchange.timeline_rows import write_events, write_phases, write_placements
from caseflow.extensions import db
from caseflow.outcome import exchange as outcome_exchange
from caseflow.timeline.models import DatePrecision, EventSource
from caseflow.timeline.services import DEFAULT_FOLLOW_UP_WEEKS
from caseflow.timeline.vocab import END_REASON_LABELS, PLACEMENT_TYPE_LABELS


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
        # Sibling refs of the written cases, linked once the whole file is in (fact_items).
        self.pending_siblings: list[tuple[int, list[str]]] = []
        with force_locale("nl"):
            self.phase_labels = {str(k): str(v) for k, v in PHASE_LABELS.items()}
            self.type_labels = {str(k): str(v) for k, v in PLACEMENT_TYPE_LABELS.items()}
            self.reason_labels = {str(k): str(v) for k, v in END_REASON_LABELS.items()}

    def timeline_event(self, case_id: int, kind: str, title: str, on: date, **extra: Any) -> dict:
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
                    "registered_on": iso_day(case.get("registered_on")) or iso_day(phases[0]["on"]),
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
        for plan, case_id in zip(new, insert_rows(Case, case_rows, returning=True), strict=True):
            plan.case_id = case_id  # type: ignore[attr-defined]
        for plan in plans:
            if plan.existing is not None:
                plan.case_id = plan.existing.case_id  # type: ignore[attr-defined]
                self._advance_existing(plan)
        insert_rows(
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
        insert_rows(
            CaseProblemArea,
            [
                {"case_id": p.case_id, "area": area}  # type: ignore[attr-defined]
                for p in new
                for area in sorted(set(p.case["problem_areas"]))
            ],
        )
        items: list[dict[str, Any]] = []
        write_phases(self, plans, items)
        write_placements(self, plans, items)
        write_events(self, plans, items)
        write_records(self, plans, items)
        outcome_exchange.write(self, plans, items)
        write_searches(self, plans, items)
        self.pending_siblings += write_facts(self, plans)
        insert_rows(ExchangeItem, items)
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

    def exchange_item(self, plan: CasePlan, kind: str, key: str, object_id: int) -> dict[str, Any]:
        return {
            "case_id": plan.case_id,  # type: ignore[attr-defined]
            "kind": kind,
            "external_id": key,
            "object_id": object_id,
        }
