"""``flask --app caseflow cases import FILE [--dry-run] [--update]`` and
``flask --app caseflow cases export [--ref REF] [--pseudonymise]``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from caseflow.exchange import csv_template
from caseflow.exchange.exporter import export_cases, log_export, select_cases, to_json
from caseflow.exchange.files import refuse_spreadsheet
from caseflow.exchange.importer import ImportRejected, import_history, log_import
from caseflow.exchange.validator import MAX_BYTES, parse, too_large
from caseflow.extensions import db

cases_cli = AppGroup("cases", help="Casussen importeren en exporteren (caseflow-history/1).")


def _read(path: Path) -> bytes:
    refuse_spreadsheet(path.name)
    if path.is_dir() or path.suffix.lower() in (".zip", ".csv"):
        return csv_template.to_document_bytes(path)
    return path.read_bytes()


@cases_cli.command("import")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Controleer en toon wat er zou komen; sla niets op.")
@click.option("--update", is_flag=True, help="Vul bestaande casussen aan met wat nieuw is.")
def import_command(file: Path, dry_run: bool, update: bool) -> None:
    """Importeer casushistorie uit FILE (JSON, of CSV-sjabloon als map of zip)."""
    size = file.stat().st_size if file.is_file() else 0
    refused = too_large(size, MAX_BYTES)
    if refused:
        raise click.ClickException(str(refused))
    try:
        raw = _read(file)
    except csv_template.CsvProblem as problem:
        raise click.ClickException(str(problem)) from problem
    parsed = parse(raw)
    cases = len(parsed.document.get("cases") or []) if parsed.document else 0
    with click.progressbar(length=max(cases, 1), label="Casussen", file=sys.stderr) as bar:
        try:
            report = import_history(raw, None, dry_run=dry_run, update=update, progress=bar.update)
        except ImportRejected as rejected:
            db.session.rollback()
            for issue in rejected.errors:
                click.echo(f"FOUT {issue}", err=True)
            raise click.ClickException(
                f"Import geweigerd: {len(rejected.errors)} fout(en); er is niets opgeslagen."
            ) from rejected
    if dry_run:
        db.session.rollback()
        click.echo("Proefimport (--dry-run): er is niets opgeslagen.")
    else:
        log_import(report)
        db.session.commit()
    for line in report.lines():
        click.echo(line)


@cases_cli.command("export")
@click.option("--ref", "reference", help="Alleen deze casus (referentie).")
@click.option("--pseudonymise", is_flag=True, help="Vervang pseudoniem, referentie en namen.")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Schrijf naar dit bestand.")
def export_command(reference: str | None, pseudonymise: bool, output: Path | None) -> None:
    """Exporteer casushistorie (caseflow-history/1) naar standaarduitvoer of een bestand."""
    cases = select_cases(reference)
    if reference and not cases:
        raise click.ClickException(f"Onbekende referentie '{reference}'.")
    text = to_json(export_cases(cases, pseudonymise=pseudonymise))
    log_export(cases, pseudonymise=pseudonymise)
    db.session.commit()
    if output:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        click.echo(f"{len(cases)} casus(sen) geëxporteerd naar {output}.", err=True)
    else:
        click.echo(text, nl=False)
