"""The imported members, decisions and analysis versions as rows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from caseflow.cases.models import CaseDecision, ExplanatoryAnalysis
from caseflow.core.dates import noon
from caseflow.exchange.bulk_insert import insert_rows
from caseflow.exchange.case_plan import CasePlan
from caseflow.exchange.file_dates import iso_day, stored_precision
from caseflow.exchange.models import ImportedMember
from caseflow.extensions import db

if TYPE_CHECKING:
    from caseflow.exchange.rows import Writer


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


def _next_version(plan: CasePlan) -> int:
    if plan.existing is None:
        return 1
    last = db.session.scalar(
        select(func.max(ExplanatoryAnalysis.version_number)).where(
            ExplanatoryAnalysis.case_id == plan.existing.case_id
        )
    )
    return (last or 0) + 1


def write_records(writer: Writer, plans: list[CasePlan], items: list[dict]) -> None:
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
                    "organisation_id": writer.organisations.get(
                        item["organisation"].strip().lower()
                    ),
                    "since": date.fromisoformat(item["from"]),
                    "until": iso_day(item.get("until")),
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
                analyses.append(analysis_row(writer, case_id, number, old))
                analysis_meta.append((plan, None))  # earlier versions have no item id
            analyses.append(analysis_row(writer, case_id, version + len(earlier), item))
            analysis_meta.append((plan, key))
    for model, rows, meta, kind in (
        (ImportedMember, members, member_meta, "member"),
        (CaseDecision, decisions, decision_meta, "decision"),
        (ExplanatoryAnalysis, analyses, analysis_meta, "analysis"),
    ):
        ids = insert_rows(model, rows, returning=True)
        items += [
            writer.exchange_item(p, kind, k, i)
            for i, (p, k) in zip(ids, meta, strict=True)
            if k is not None
        ]


def analysis_row(
    writer: Writer, case_id: int, version: int, item: dict[str, Any]
) -> dict[str, Any]:
    """One version of the analysis, known from its ``recorded_on``."""
    return {
        "case_id": case_id,
        "version_number": version,
        "recorded_at": noon(date.fromisoformat(item["recorded_on"])),
        "recorded_by_id": None,
        "imported_at": writer.now,
        **ANALYSIS_DEFAULTS,
        **{k: v for k, v in item.items() if k in ANALYSIS_DEFAULTS},
        "precision": stored_precision(item),
    }
