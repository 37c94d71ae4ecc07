"""Import a validated ``caseflow-history`` document in bulk: lookups prefetched once, rows
inserted per table with ``insert()`` and lists of dicts (insertmanyvalues), one transaction
(the caller commits). All-or-nothing: any error raises ImportRejected before anything is written.

Imported history is marked as such (``PhaseTransition.imported``, ``Placement.imported``,
``TimelineEvent.source == "import"``) with the import's own time as ``recorded_at``; the guards
that ask for records caseflow keeps itself do not apply to it, the phase graph does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from caseflow.auth.models import Organisation, User
from caseflow.cases.models import Case
from caseflow.core.formatting import dutch_plural
from caseflow.database import utcnow
from caseflow.exchange.case_plan import organisation_warnings, plan_case
from caseflow.exchange.existing_cases import batches_of, build_context
from caseflow.exchange.fact_items import link_siblings
from caseflow.exchange.file_check import Source, check, opener_of
from caseflow.exchange.legacy import normalise_case
from caseflow.exchange.rows import Writer
from caseflow.exchange.stream import (
    CaseStream,
    Opener,
)
from caseflow.exchange.validator import (
    MAX_BYTES,
    Issue,
    Result,
    clean_text,
)
from caseflow.extensions import db


class ImportRejected(Exception):
    def __init__(self, errors: list[Issue], warnings: list[Issue] | None = None) -> None:
        super().__init__(dutch_plural("%(num)d fout", "%(num)d fouten", len(errors)))
        self.errors = errors
        self.warnings = warnings or []


@dataclass
class ImportReport:
    dry_run: bool
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    warnings: list[Issue] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)
    risk_recomputed: bool = False

    def lines(self) -> list[str]:
        verb = "Zou aanmaken" if self.dry_run else "Aangemaakt"
        created = dutch_plural("%(num)d casus", "%(num)d casussen", len(self.created))
        lines = [f"{verb}: {created}"]
        if self.updated:
            lines.append(
                dutch_plural(
                    "Aangevuld: %(num)d bestaande casus",
                    "Aangevuld: %(num)d bestaande casussen",
                    len(self.updated),
                )
            )
        names = {
            "phases": "fasen",
            "placements": "plaatsingen",
            "events": "gebeurtenissen",
            "members": "betrokkenen",
            "decisions": "besluiten",
            "analyses": "analyses",
            "searches": "zoektochten",
        }
        lines += [f"  {names[key]}: {self.counts[key]}" for key in names if self.counts[key]]
        lines += [f"Let op: {warning.located()}" for warning in self.warnings]
        return lines


def prepared_cases(open_file: Opener) -> Iterator[tuple[int, dict[str, Any]]]:
    """The cases of a checked file again, cleaned and read into the canonical shape exactly as
    the check did (``DocumentCheck.case``)."""
    for item in CaseStream(open_file()).cases():
        case = item.case
        clean_text(case)
        normalise_case(case, f"cases[{item.index}]")
        yield item.index, case


def import_history(
    raw: Source,
    actor: User | None,
    *,
    dry_run: bool = False,
    update: bool = False,
    limit: int = MAX_BYTES,
    progress: Callable[[int], None] | None = None,
    checking: Callable[[int], None] | None = None,
    on_checked: Callable[[int], None] | None = None,
) -> ImportReport:
    """Check the whole file (pass one), then store it case batch by case batch (pass two), in
    one transaction the caller commits. ``on_checked`` gets the number of cases in between."""
    result = check(raw, update=update, limit=limit, checking=checking)
    if not result.ok or result.document is None:
        raise ImportRejected(result.errors, result.warnings)
    if on_checked:
        on_checked(result.document["cases"])
    open_file = opener_of(raw, limit)
    assert not isinstance(open_file, Result)  # nosec B101 - the check passed it already
    report = store(
        prepared_cases(open_file), actor, dry_run=dry_run, update=update, progress=progress
    )
    report.warnings[:0] = result.warnings
    return report


def store(
    document: dict[str, Any] | Iterable[tuple[int, dict[str, Any]]],
    actor: User | None,
    *,
    dry_run: bool,
    update: bool,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Store checked cases: a document in memory, or (index, case) pairs streamed from a file,
    a batch of cases at a time."""
    cases = enumerate(document["cases"]) if isinstance(document, dict) else document
    organisations = {
        name.lower(): org_id
        for org_id, name in db.session.execute(select(Organisation.id, Organisation.name))
    }
    report = ImportReport(dry_run=dry_run)
    now = utcnow()
    writer = None
    for batch in batches_of(cases):
        context = build_context({"cases": [case for _i, case in batch]}, update=update)
        plans = []
        for index, case in batch:
            existing = context.existing.get(case["ref"])
            plan = plan_case(case, existing, index)
            plans.append(plan)
            (report.updated if existing else report.created).append(case["ref"])
            for key, count in plan.counts().items():
                report.counts[key] += count
            report.warnings += organisation_warnings(case, index, organisations)
        if not dry_run:
            writer = writer or Writer(
                now=now,
                actor_id=actor.id if actor else None,
                organisations=organisations,
                gemeenten=context.gemeenten,
            )
            report.case_ids += writer.write(plans)
        if progress:
            progress(len(plans))
    if dry_run:
        return report
    if writer is not None:
        report.warnings += link_siblings(writer.pending_siblings, writer.actor_id, now)
    db.session.flush()
    report.risk_recomputed = recompute_risk_flags(report.case_ids)
    return report


def recompute_risk_flags(case_ids: list[int]) -> bool:
    """After an import, recompute the risk flags of the imported cases (exchange builds on risk,
    see the layers in README.md). Returns whether it ran."""
    from caseflow.risk.services import recompute  # risk's rules load lazily, with their config

    if not case_ids:
        return False
    recompute(case_ids)
    return True


def count_cases() -> int:
    return db.session.scalar(select(func.count()).select_from(Case)) or 0


def log_import(report: ImportReport, actor: Any = None) -> None:
    """One access-log row per import run (who imported how many cases; never names)."""
    from caseflow.audit.models import AuditEvent
    from caseflow.audit.services import log_access

    log_access(
        AuditEvent.CREATE,
        object_type="case_import",
        object_id=len(report.created) + len(report.updated),
        reason="update" if report.updated else None,
        user=actor,
    )
