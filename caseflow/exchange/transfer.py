"""The exchange screens' writing services, one per view: an import run, a case-history export and
its printed (PDF) copy. Each logs what it did itself (the importer's and exporter's log rows), so
a view only loads, authorises, validates, calls one of these and commits."""

from __future__ import annotations

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.exchange.exporter import export_cases, log_export, to_json
from caseflow.exchange.importer import ImportReport, import_history, log_import


def import_file(
    raw: bytes, actor: User, *, dry_run: bool, update: bool, limit: int
) -> ImportReport:
    """Import a history file; a real run (not a dry run) writes its one ``case_import`` row.
    Raises what ``import_history`` raises (nothing is logged then: nothing was stored)."""
    report = import_history(raw, actor, dry_run=dry_run, update=update, limit=limit)
    if not report.dry_run:
        log_import(report, actor)
    return report


def export_history(case: Case, actor: User) -> str:
    """The case's whole history as JSON text, logged as an export of that case."""
    text = to_json(export_cases([case]))
    log_export([case], actor=actor)
    return text


def print_history(case: Case, actor: User) -> bytes:
    """The case's whole history as a PDF, logged as a print of that case."""
    from caseflow.exchange.pdf import render_history_pdf  # WeasyPrint: loaded only when printing

    pdf = render_history_pdf(case)
    log_export([case], printed=True, actor=actor)
    return pdf
