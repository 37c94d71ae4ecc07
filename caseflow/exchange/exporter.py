"""Write cases in the ``caseflow-history/2`` format: the same shape the importer reads, so an
export imported into an empty database exports the same document again (ids and times aside).

Lookups are per table for all exported cases at once, never a query per case. Lists are sorted by
their content (dates first), so the output does not depend on database ids.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select

from caseflow.cases.models import (
    Case,
    CaseDecision,
    ExplanatoryAnalysis,
    PhaseTransition,
)
from caseflow.database import utcnow
from caseflow.exchange import FORMAT, known, notes
from caseflow.exchange.case_plan import DERIVED_KINDS
from caseflow.exchange.export_items import (
    ExportIds,
    analysis_of,
    analysis_version,
    events_of,
    grouped_by_case,
    members_of,
    placements_of,
    precision_of,
)
from caseflow.exchange.export_pseudonyms import pseudonymised
from caseflow.exchange.fact_items import export_facts
from caseflow.exchange.models import ExchangeCase
from caseflow.exchange.search_items import export_searches
from caseflow.extensions import db
from caseflow.outcome import exchange as outcome_exchange
from caseflow.region.settings import region_code
from caseflow.timeline.models import Placement, TimelineEvent


def export_cases(cases: list[Case], *, pseudonymise: bool = False) -> dict[str, Any]:
    case_ids = [case.id for case in cases]
    ids = ExportIds(case_ids)
    transitions = grouped_by_case(
        select(PhaseTransition)
        .where(PhaseTransition.case_id.in_(case_ids))
        .order_by(PhaseTransition.at, PhaseTransition.id),
        case_ids,
    )
    placements = grouped_by_case(
        select(Placement).where(Placement.case_id.in_(case_ids), Placement.retracted_at.is_(None)),
        case_ids,
    )
    events = grouped_by_case(
        select(TimelineEvent).where(
            TimelineEvent.case_id.in_(case_ids), TimelineEvent.kind.not_in(DERIVED_KINDS)
        ),
        case_ids,
    )
    analyses = grouped_by_case(
        select(ExplanatoryAnalysis)
        .where(ExplanatoryAnalysis.case_id.in_(case_ids))
        .order_by(ExplanatoryAnalysis.version_number.desc()),
        case_ids,
    )
    decisions = grouped_by_case(
        select(CaseDecision).where(CaseDecision.case_id.in_(case_ids)), case_ids
    )
    extras = {
        row.case_id: row
        for row in db.session.scalars(
            select(ExchangeCase).where(ExchangeCase.case_id.in_(case_ids))
        )
    }
    revisions = known.revisions(case_ids)
    today = date.today()
    omitted = known.upcoming_items(cases, events, today, detail=not pseudonymise)
    members = members_of(case_ids, ids)
    consents = retrospective_consents(case_ids)
    outcome = outcome_exchange.export(case_ids, ids)
    funders = outcome_exchange.gemeente_names()
    facts = export_facts(case_ids)
    searches = export_searches(case_ids, ids)
    documents = []
    unnamed_notes = 0
    for number, case in enumerate(sorted(cases, key=lambda c: c.reference), start=1):
        extra = extras.get(case.id)
        document = {
            "ref": case.reference,
            "pseudonym": case.pseudonym,
            "birth_year": case.birth_year,
            "birth_month": case.birth_month,
            "gemeente": case.gemeente.name,
            "referrer": case.referrer_type,
            "referrer_organisation": (
                case.referrer_organisation.name
                if case.referrer_organisation
                else (extra.referrer_organisation_name if extra else None)
            ),
            "problem_areas": case.problem_areas,
            "question": case.question,
            "current_situation": case.current_situation,
            "registered_on": case.registered_on.isoformat(),
            "consent_retrospective": consents.get(
                case.id, extra.consent_retrospective if extra else None
            ),
            "follow_up_weeks": case.follow_up_weeks,
            "phases": [
                {
                    "id": ids("phase", t.id),
                    "phase": t.to_phase,
                    "on": t.at.date().isoformat(),
                    "reason": t.reason,
                    "closing_reason": t.closing_reason,
                    **precision_of(t),
                }
                for t in transitions.get(case.id, [])
            ],
            "analysis": analysis_of(analyses.get(case.id, []), ids),
            "analysis_versions": [
                analysis_version(v) for v in reversed(analyses.get(case.id, [])[1:])
            ],
            "decisions": sorted(
                (
                    {
                        "id": ids("decision", d.id),
                        "kind": d.kind,
                        "on": d.decided_at.date().isoformat(),
                        "text": d.text,
                    }
                    for d in decisions.get(case.id, [])
                ),
                key=lambda d: (d["on"], d["kind"], d["text"]),
            ),
            "placements": placements_of(placements.get(case.id, []), ids, funders),
            "events": events_of(
                [e for e in events.get(case.id, []) if e.occurred_on <= today], ids, revisions
            ),
            "members": members.get(case.id, []),
            **outcome.get(case.id, {}),
            **facts.get(case.id, {}),
            **searches.get(case.id, {}),
        }
        if pseudonymise:
            document = pseudonymised(document, case, number)
            # The siblings' refs would name the real cases a pseudonymised file leaves out.
            document.pop("siblings", None)
            unnamed_notes += len(extra.notes or {}) if extra else 0
        elif extra and extra.notes:
            for path in notes.place(document, extra.notes):
                omitted.append(
                    f"{case.reference}: extra veld '{path}' (het onderdeel waar het bij hoort "
                    "gaat niet mee)"
                )
        documents.append(document)
    if unnamed_notes:  # the sender's own fields: free text nobody checked, so not pseudonymised
        omitted.append(f"{unnamed_notes} extra velden uit importbestanden weggelaten")
    exported = {
        "format": FORMAT,
        "exported_at": utcnow().isoformat(timespec="seconds"),
        "source": region_code(),
        "cases": documents,
    }
    if omitted:
        exported["omitted"] = omitted
    return exported


def retrospective_consents(case_ids: list[int]) -> dict[int, bool]:
    """Whether the newest consent for a retrospective is valid today, for the cases that have
    one in the retrospectives domain; the others keep the imported value."""
    from caseflow.retrospectives.consent import valid_consent_case_ids
    from caseflow.retrospectives.models import RetroConsent

    recorded = select(RetroConsent.case_id).where(RetroConsent.case_id.in_(case_ids))
    valid = set(db.session.scalars(valid_consent_case_ids()))
    return {case_id: case_id in valid for case_id in db.session.scalars(recorded.distinct())}


def select_cases(reference: str | None = None) -> list[Case]:
    query = select(Case).order_by(Case.reference)
    if reference:
        query = query.where(Case.reference == reference)
    return list(db.session.scalars(query))


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def log_export(
    cases: list[Case], *, pseudonymise: bool = False, printed: bool = False, actor: Any = None
) -> None:
    """One access-log row per exported case (NEN 7513: which case, by whom, how)."""
    from caseflow.audit.models import AuditEvent
    from caseflow.audit.services import log_access

    for case in cases:
        log_access(
            AuditEvent.PRINT if printed else AuditEvent.EXPORT,
            case_id=case.id,
            object_type="case_history_pdf" if printed else "case_history",
            object_id=case.id,
            reason="pseudonymised" if pseudonymise else None,
            user=actor,
        )
