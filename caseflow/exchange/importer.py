"""Import a validated ``caseflow-history`` document in bulk: lookups prefetched once, rows
inserted per table with ``insert()`` and lists of dicts (insertmanyvalues), one transaction
(the caller commits). All-or-nothing: any error raises ImportRejected before anything is written.

Imported history is marked as such (``PhaseTransition.imported``, ``Placement.imported``,
``TimelineEvent.source == "import"``) with the import's own time as ``recorded_at``; the guards
that ask for records caseflow keeps itself do not apply to it, the phase graph does.
"""

from __future__ import annotations

import codecs
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select

from caseflow.auth.models import Organisation, User
from caseflow.cases.models import Case, PhaseTransition
from caseflow.cases.workflow import Phase
from caseflow.database import utcnow
from caseflow.exchange import rows as row_builder
from caseflow.exchange.files import MAX_DEPTH, json_depth
from caseflow.exchange.legacy import normalise_case
from caseflow.exchange.models import ExchangeItem
from caseflow.exchange.positions import lines_of, split_path
from caseflow.exchange.rows import KIND_OF
from caseflow.exchange.stream import (
    CaseStream,
    Opener,
    StreamedCase,
    StreamProblem,
    opener,
    peek_header,
)
from caseflow.exchange.validator import (
    MAX_BYTES,
    Context,
    DocumentCheck,
    ExistingCase,
    Issue,
    Result,
    clean_text,
    too_large,
)
from caseflow.extensions import db
from caseflow.timeline.models import Placement

BATCH = 500


class ImportRejected(Exception):
    def __init__(self, errors: list[Issue], warnings: list[Issue] | None = None) -> None:
        super().__init__(f"{len(errors)} fout(en)")
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
        lines = [f"{verb}: {len(self.created)} casus(sen)"]
        if self.updated:
            lines.append(f"Aangevuld: {len(self.updated)} bestaande casus(sen)")
        names = {
            "phases": "fasen",
            "placements": "plaatsingen",
            "events": "gebeurtenissen",
            "members": "betrokkenen",
            "decisions": "besluiten",
            "analyses": "analyses",
        }
        lines += [f"  {names[key]}: {self.counts[key]}" for key in names if self.counts[key]]
        lines += [f"Let op: {warning.located()}" for warning in self.warnings]
        return lines


def _chunks(values: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def build_context(document: dict[str, Any], *, update: bool) -> Context:
    gemeenten = _gemeenten()
    cases = document.get("cases") if isinstance(document.get("cases"), list) else []
    refs = sorted(
        {c["ref"] for c in cases if isinstance(c, dict) and isinstance(c.get("ref"), str)}
    )
    found: dict[str, int] = {}
    for chunk in _chunks(refs):
        found.update(
            db.session.execute(select(Case.reference, Case.id).where(Case.reference.in_(chunk)))
            .tuples()
            .all()
        )
    existing: dict[str, ExistingCase | None] = dict.fromkeys(found)
    if update and found:
        existing.update(_existing_cases(found))
    return Context(gemeenten=gemeenten, existing=existing, update=update)


def native_id(region: str, kind: str, object_id: int) -> str:
    """The id an item made in caseflow itself carries in an export (stable in this region)."""
    return f"{region}:{kind}:{object_id}"


def _existing_cases(found: dict[str, int]) -> dict[str, ExistingCase]:
    from caseflow.region.settings import region_code

    region = region_code()
    by_id = {case_id: ref for ref, case_id in found.items()}
    states = {
        case_id: ExistingCase(case_id, [], date.min, {k: set() for k in KIND_OF.values()}, [])
        for case_id in by_id
    }
    transitions = db.session.execute(
        select(
            PhaseTransition.case_id,
            PhaseTransition.id,
            PhaseTransition.from_phase,
            PhaseTransition.to_phase,
            PhaseTransition.at,
        )
        .where(PhaseTransition.case_id.in_(by_id))
        .order_by(PhaseTransition.case_id, PhaseTransition.at, PhaseTransition.id)
    )
    for case_id, transition_id, source, dest, at in transitions:
        state = states[case_id]
        state.moves.append((Phase(source) if source else None, Phase(dest)))
        state.last_on = at.date()
        state.item_ids["phase"].add(native_id(region, "phase", transition_id))
    placements = db.session.execute(
        select(
            Placement.case_id,
            Placement.id,
            Placement.type,
            Placement.start_date,
            Placement.actual_end,
        ).where(Placement.case_id.in_(by_id))
    )
    for case_id, placement_id, type_, start, end in placements:
        states[case_id].placements.append((type_, start, end))
        states[case_id].item_ids["placement"].add(native_id(region, "placement", placement_id))
    items = db.session.execute(
        select(ExchangeItem.case_id, ExchangeItem.kind, ExchangeItem.external_id).where(
            ExchangeItem.case_id.in_(by_id)
        )
    )
    for case_id, kind, external_id in items:
        states[case_id].item_ids.setdefault(kind, set()).add(external_id)
    for kind, object_ids in row_builder.native_object_ids(list(by_id)).items():
        for case_id, object_id in object_ids:
            states[case_id].item_ids.setdefault(kind, set()).add(native_id(region, kind, object_id))
    return {by_id[case_id]: state for case_id, state in states.items()}


Source = bytes | Opener  # a file in memory, or a way to open it (read twice, in chunks)


def check(
    source: Source,
    *,
    update: bool = False,
    limit: int = MAX_BYTES,
    checking: Callable[[int], None] | None = None,
) -> Result:
    """Validate a file against the schema, the domain's rules and what the database holds,
    reading it a case at a time. ``checking`` is told how many bytes were read so far."""
    open_file = _opener_of(source, limit)
    if isinstance(open_file, Result):
        return open_file
    tag = peek_header(open_file).get("format")
    context = Context(gemeenten=_gemeenten(), existing={}, update=update)
    checker = DocumentCheck(context, tag)
    handle = open_file()
    stream = CaseStream(handle)
    try:
        for batch in _chunks_of(stream.cases()):
            context.existing.update(_existing_for([item.case for item in batch], update))
            for item in batch:
                checker.case(item.index, item.case, locate=_locator(item))
            if checking:
                checking(handle.tell())
    except StreamProblem as problem:
        return Result(None, [Issue("$", str(problem), line=problem.line)])
    checker.header(stream.header, has_cases=stream.has_cases, cases=stream.header.get("cases"))
    result = checker.finish(has_cases=stream.has_cases)
    result.errors = [_header_line(issue, stream) for issue in result.errors]
    result.document = {"cases": checker.count}  # no document is kept: its size, for the caller
    return result


def _opener_of(source: Source, limit: int) -> Opener | Result:
    if not isinstance(source, bytes | bytearray):
        return source
    refused = too_large(len(source), limit)
    if refused:
        return Result(None, [refused])
    try:
        source.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = source.count(b"\n", 0, error.start) + 1
        message = f"het bestand is geen UTF-8-tekst (regel {line}); sla het op als UTF-8"
        return Result(None, [Issue("$", message, line=line)])
    if not source.strip().lstrip(codecs.BOM_UTF8).strip():
        return Result(None, [Issue("$", "het bestand is leeg; er is niets geïmporteerd")])
    depth = json_depth(bytes(source))  # C speed, before anything recurses
    if depth > MAX_DEPTH:
        message = f"het bestand is te diep genest ({depth} niveaus; hooguit {MAX_DEPTH})"
        return Result(None, [Issue("$", message)])
    return opener(bytes(source))


def _locator(item: StreamedCase) -> Callable[[list[Issue]], list[Issue]]:
    def locate(issues: list[Issue]) -> list[Issue]:
        inner = {issue.path: split_path(issue.path)[2:] for issue in issues}
        lines = lines_of(item.text, inner.values(), item.line)
        return [replace(issue, line=lines.get(inner[issue.path], item.line)) for issue in issues]

    return locate


def _header_line(issue: Issue, stream: CaseStream) -> Issue:
    if issue.line is not None:
        return issue
    key = split_path(issue.path)[0] if issue.path != "$" else None
    return replace(issue, line=stream.header_lines.get(str(key), 1))


def _chunks_of(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _gemeenten() -> dict[str, int]:
    # Names and CBS codes; a retired gemeente's name maps to its successor (with a warning).
    from caseflow.region.gemeenten import names_for_import

    return names_for_import()


def _existing_for(cases: list[Any], update: bool) -> dict[str, ExistingCase | None]:
    return build_context({"cases": cases}, update=update).existing


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
    open_file = _opener_of(raw, limit)
    assert not isinstance(open_file, Result)  # nosec B101 - the check passed it already
    report = store(prepared_cases(open_file), actor, dry_run=dry_run, update=update,
                   progress=progress)
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
    for batch in _chunks_of(cases):
        context = build_context({"cases": [case for _i, case in batch]}, update=update)
        plans = []
        for index, case in batch:
            existing = context.existing.get(case["ref"])
            plan = row_builder.plan_case(case, existing, index)
            plans.append(plan)
            (report.updated if existing else report.created).append(case["ref"])
            for key, count in plan.counts().items():
                report.counts[key] += count
            report.warnings += row_builder.organisation_warnings(case, index, organisations)
        if not dry_run:
            writer = writer or row_builder.Writer(
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


def log_import(report: ImportReport) -> None:
    """One access-log row per import run (who imported how many cases; never names)."""
    from caseflow.audit.models import AuditEvent
    from caseflow.audit.services import log_access

    log_access(
        AuditEvent.CREATE,
        object_type="case_import",
        object_id=len(report.created) + len(report.updated),
        reason="update" if report.updated else None,
    )
