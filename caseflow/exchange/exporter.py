"""Write cases in the ``caseflow-history/2`` format: the same shape the importer reads, so an
export imported into an empty database exports the same document again (ids and times aside).

Lookups are per table for all exported cases at once, never a query per case. Lists are sorted by
their content (dates first), so the output does not depend on database ids.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select

from caseflow.auth.models import Organisation, User
from caseflow.cases.models import (
    Case,
    CaseDecision,
    CaseMember,
    ExplanatoryAnalysis,
    PhaseTransition,
)
from caseflow.database import utcnow
from caseflow.exchange import FORMAT, known, notes
from caseflow.exchange.importer import native_id
from caseflow.exchange.models import ExchangeCase, ExchangeItem, ImportedMember
from caseflow.exchange.rows import DERIVED_KINDS
from caseflow.extensions import db
from caseflow.outcome import exchange as outcome_exchange
from caseflow.region.settings import region_code
from caseflow.timeline.models import Placement, TimelineEvent

ANALYSIS_FIELDS = (
    "question",
    "problems",
    "strengths",
    "hypotheses",
    "hypotheses_child",
    "hypotheses_family",
    "hypotheses_care",
    "working_theory",
    "goals",
    "scenarios",
    "made_with_family",
    "behavioural_scientist_involved",
)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


class _Ids:
    """Stable item ids: the one an item was imported with, else region:kind:database id."""

    def __init__(self, case_ids: list[int]) -> None:
        self.region = region_code()
        self.known: dict[tuple[str, int], str] = {}
        for kind, object_id, external in db.session.execute(
            select(ExchangeItem.kind, ExchangeItem.object_id, ExchangeItem.external_id).where(
                ExchangeItem.case_id.in_(case_ids)
            )
        ):
            self.known[(kind, object_id)] = external

    def __call__(self, kind: str, object_id: int) -> str:
        return self.known.get((kind, object_id)) or self.native(kind, object_id)

    def native(self, kind: str, object_id: int) -> str:
        return native_id(self.region, kind, object_id)


def _grouped(query: Any, case_ids: list[int]) -> dict[int, list[Any]]:
    groups: dict[int, list[Any]] = defaultdict(list)
    for row in db.session.scalars(query):
        groups[row.case_id].append(row)
    return groups


def export_cases(cases: list[Case], *, pseudonymise: bool = False) -> dict[str, Any]:
    case_ids = [case.id for case in cases]
    ids = _Ids(case_ids)
    transitions = _grouped(
        select(PhaseTransition)
        .where(PhaseTransition.case_id.in_(case_ids))
        .order_by(PhaseTransition.at, PhaseTransition.id),
        case_ids,
    )
    placements = _grouped(
        select(Placement).where(
            Placement.case_id.in_(case_ids), Placement.retracted_at.is_(None)
        ),
        case_ids,
    )
    events = _grouped(
        select(TimelineEvent).where(
            TimelineEvent.case_id.in_(case_ids), TimelineEvent.kind.not_in(DERIVED_KINDS)
        ),
        case_ids,
    )
    analyses = _grouped(
        select(ExplanatoryAnalysis)
        .where(ExplanatoryAnalysis.case_id.in_(case_ids))
        .order_by(ExplanatoryAnalysis.version_number.desc()),
        case_ids,
    )
    decisions = _grouped(select(CaseDecision).where(CaseDecision.case_id.in_(case_ids)), case_ids)
    extras = {
        row.case_id: row
        for row in db.session.scalars(
            select(ExchangeCase).where(ExchangeCase.case_id.in_(case_ids))
        )
    }
    revisions = known.revisions(case_ids)
    today = date.today()
    omitted = known.upcoming_items(cases, events, today, detail=not pseudonymise)
    members = _members(case_ids, ids)
    consents = retrospective_consents(case_ids)
    outcome = outcome_exchange.export(case_ids, ids)
    funders = outcome_exchange.gemeente_names()
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
                    **_precision_of(t),
                }
                for t in transitions.get(case.id, [])
            ],
            "analysis": _analysis(analyses.get(case.id, []), ids),
            "analysis_versions": [
                _analysis_version(v) for v in reversed(analyses.get(case.id, [])[1:])
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
            "placements": _placements(placements.get(case.id, []), ids, funders),
            "events": _events(
                [e for e in events.get(case.id, []) if e.occurred_on <= today], ids, revisions
            ),
            "members": members.get(case.id, []),
            **outcome.get(case.id, {}),
        }
        if pseudonymise:
            document = _pseudonymised(document, case, number)
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


def _analysis(versions: list[ExplanatoryAnalysis], ids: _Ids) -> dict[str, Any] | None:
    if not versions:
        return None
    latest = versions[0]
    return {"id": ids("analysis", latest.id), **_analysis_version(latest)}


def _analysis_version(version: ExplanatoryAnalysis) -> dict[str, Any]:
    """One version; the earlier ones go to ``analysis_versions`` (oldest first), without id."""
    return {
        "recorded_on": version.recorded_at.date().isoformat(),
        **_precision_of(version),
        **{name: getattr(version, name) for name in ANALYSIS_FIELDS},
    }


def _precision_of(row: Any) -> dict[str, str]:
    """``precision`` only where a date is less exact than a day (imported history)."""
    return {"precision": row.precision} if row.precision else {}


def _placements(rows: list[Placement], ids: _Ids, funders: dict) -> list[dict[str, Any]]:
    items = [
        {
            "id": ids("placement", p.id),
            "type": p.type,
            "provider": p.provider_name,
            "in_region": p.in_region,
            "start": p.start_date.isoformat(),
            "recorded_on": p.recorded_at.date().isoformat(),
            "end_recorded_on": (
                p.ended_recorded_at.date().isoformat() if p.ended_recorded_at else None
            ),
            "planned_end": _iso(p.planned_end),
            "end": _iso(p.actual_end),
            "ended": p.ending,
            "end_reason": p.end_reason,
            "end_note": p.end_note,
            "tariff": outcome_exchange.tariff_of(p, funders),
        }
        for p in rows
    ]
    return sorted(items, key=lambda p: (p["start"], p["end"] or "9999", p["type"], p["provider"]))


def _events(
    rows: list[TimelineEvent], ids: _Ids, revisions: dict[int, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    items = []
    for e in rows:
        item = {
            "id": ids("event", e.id),
            "on": e.occurred_on.isoformat(),
            "precision": e.precision,
            "kind": e.kind,
            "title": e.title,
            "text": e.description,
            "organisations": sorted(o.name for o in e.organisations),
            "recorded_on": e.recorded_at.date().isoformat(),
            "retracted_reason": e.retraction_reason if e.retracted_at else None,
            "retracted_on": e.retracted_at.date().isoformat() if e.retracted_at else None,
        }
        if e.revision_count > 1 and revisions.get(e.id):
            item["revisions"] = revisions[e.id]
        items.append(item)
    return sorted(items, key=lambda e: (e["on"], e["kind"], e["title"], e["text"], e["id"]))


def _members(case_ids: list[int], ids: _Ids) -> dict[int, list[dict[str, Any]]]:
    result: dict[int, list[dict[str, Any]]] = defaultdict(list)
    native = db.session.execute(
        select(CaseMember, Organisation.name)
        .join(User, User.id == CaseMember.user_id)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(CaseMember.case_id.in_(case_ids))
    )
    for member, organisation in native:
        result[member.case_id].append(
            {
                "id": ids.native("member", member.id),  # imported members have their own table
                "role": member.role,
                "organisation": organisation,
                "from": member.since.isoformat(),
                "until": _iso(member.until),
            }
        )
    for member in db.session.scalars(
        select(ImportedMember).where(ImportedMember.case_id.in_(case_ids))
    ):
        result[member.case_id].append(
            {
                "id": ids("member", member.id),
                "role": member.role,
                "organisation": member.organisation_name,
                "from": member.since.isoformat(),
                "until": _iso(member.until),
            }
        )
    for items in result.values():
        items.sort(key=lambda m: (m["from"], m["role"], m["organisation"], m["until"] or ""))
    return result


# Free-text fields of the format: these go through the de-identification engine. Codes, dates,
# ids and the structured organisation fields stay as they are (organisations are the region's).
FREE_TEXT = frozenset({
    "question", "current_situation", "reason", "closing_reason", "text", "title", "end_note",
    "retracted_reason", "description", "indicator", "view", "professionals", "note",
    *(name for name in ANALYSIS_FIELDS if name != "behavioural_scientist_involved"),
})


def _pseudonymised(document: dict[str, Any], case: Case, number: int) -> dict[str, Any]:
    """Pseudonym, reference and item ids replaced; every free text through the engine (the
    case's pseudonym, every account, member, organisation and gemeente of the region replaced by
    a role or kind label, and whatever deduce finds replaced by its label: nobody checks an
    export, so nothing is left open). Dates, identifiers and organisation fields stay."""
    from caseflow.privacy.engine import get_deidentifier
    from caseflow.privacy.known import region_known_names

    engine = get_deidentifier()
    known = region_known_names(case=case, session_pseudonym=f"Jeugdige {number}")

    def mask(value: Any, key: str | None = None) -> Any:
        if isinstance(value, str):
            return engine.deidentify(value, known).text if key in FREE_TEXT else value
        if isinstance(value, list):
            return [mask(v, key) for v in value]
        if isinstance(value, dict):
            return {k: (v if k in ("id", "ref") else mask(v, k)) for k, v in value.items()}
        return value

    masked = mask(document)
    for key in ("phases", "decisions", "placements", "events", "members"):
        for index, item in enumerate(masked[key], start=1):  # ids may carry the reference
            item["id"] = f"{key[0]}{index}"
    if masked["analysis"]:
        masked["analysis"]["id"] = "a1"
    masked["pseudonym"] = f"Jeugdige {number}"
    masked["ref"] = f"PS-{case.registered_on.year}-{number:04d}"
    return masked


def select_cases(reference: str | None = None) -> list[Case]:
    query = select(Case).order_by(Case.reference)
    if reference:
        query = query.where(Case.reference == reference)
    return list(db.session.scalars(query))


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def log_export(cases: list[Case], *, pseudonymise: bool = False, printed: bool = False) -> None:
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
        )
