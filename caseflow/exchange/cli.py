"""``flask --app caseflow cases import FILE [--dry-run] [--update]`` and
``flask --app caseflow cases export [--ref REF] [--pseudonymise]``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from caseflow.core.formatting import dutch_plural
from caseflow.exchange import FORMAT, FORMATS, csv_template
from caseflow.exchange.csv_convert import Converted
from caseflow.exchange.exporter import export_cases, log_export, select_cases, to_json
from caseflow.exchange.file_check import Source
from caseflow.exchange.files import refuse_spreadsheet
from caseflow.exchange.importer import ImportRejected, import_history, log_import
from caseflow.exchange.validator import MAX_BYTES, too_large
from caseflow.extensions import db

cases_cli = AppGroup("cases", help=f"Casussen importeren en exporteren ({FORMAT}; leest ook "
                     f"{', '.join(f for f in FORMATS if f != FORMAT)}).")


def _source(path: Path) -> tuple[Source, Converted | None]:
    """A JSON file is read twice in chunks (never whole); the CSV template is converted."""
    refuse_spreadsheet(path.name)
    if path.is_dir() or path.suffix.lower() in (".zip", ".csv"):
        converted = csv_template.convert_path(path)
        return converted.raw, converted
    if path.stat().st_size < MAX_BYTES:
        # Up to the upload limit the bytes are read (the hostile-file checks scan them whole,
        # as on the upload page); the cases are still parsed one at a time.
        return path.read_bytes(), None
    return (lambda: path.open("rb")), None


class _Bars:
    """Two progress bars on stderr: bytes checked, then cases stored."""

    def __init__(self, size: int) -> None:
        self.size, self.read, self.cases = max(size, 1), 0, None
        self.checking = click.progressbar(length=self.size, label="Controleren", file=sys.stderr)
        self.checking.__enter__()

    def checked_bytes(self, position: int) -> None:
        self.checking.update(max(position - self.read, 0))
        self.read = max(position, self.read)

    def checked(self, count: int) -> None:
        self.checking.update(self.size - self.read)
        self.checking.__exit__(None, None, None)
        self.cases = click.progressbar(length=max(count, 1), label="Casussen", file=sys.stderr)
        self.cases.__enter__()

    def stored(self, count: int) -> None:
        if self.cases is not None:
            self.cases.update(count)

    def close(self) -> None:
        bar = self.cases or self.checking
        bar.__exit__(None, None, None)


@cases_cli.command("import")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Controleer en toon wat er zou komen; sla niets op.")
@click.option("--update", is_flag=True, help="Vul bestaande casussen aan met wat nieuw is.")
@click.option(
    "--max-mb",
    type=click.IntRange(1, 10_000),
    default=MAX_BYTES // 1_000_000,
    show_default=True,
    help="Grootste JSON-bestand in MB (het wordt per casus gelezen, nooit in zijn geheel).",
)
def import_command(file: Path, dry_run: bool, update: bool, max_mb: int) -> None:
    """Importeer casushistorie uit FILE: JSON in caseflow-history/1 of /2, of het CSV-sjabloon
    (los bestand, map of zip)."""
    limit = max_mb * 1_000_000
    size = file.stat().st_size if file.is_file() else 0
    refused = too_large(size, limit)
    if refused:
        raise click.ClickException(str(refused))
    try:
        source, converted = _source(file)
    except csv_template.CsvProblem as problem:
        raise click.ClickException(str(problem)) from problem
    bars = _Bars(len(source) if isinstance(source, bytes) else size)
    try:
        report = import_history(
            source, None, dry_run=dry_run, update=update, limit=limit, progress=bars.stored,
            checking=bars.checked_bytes, on_checked=bars.checked,
        )
    except ImportRejected as rejected:
        bars.close()
        db.session.rollback()
        errors = converted.locate(rejected.errors) if converted else rejected.errors
        for issue in errors:
            click.echo(f"FOUT {issue.located()}", err=True)
        raise click.ClickException(
            dutch_plural("Import geweigerd: %(num)d fout; er is niets opgeslagen.",
                     "Import geweigerd: %(num)d fouten; er is niets opgeslagen.",
                     len(rejected.errors))
        ) from rejected
    bars.close()
    if converted:
        report.warnings = converted.locate([*converted.warnings, *report.warnings])
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
    """Exporteer casushistorie (caseflow-history/2) naar standaarduitvoer of een bestand."""
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
        click.echo(dutch_plural("%(num)d casus geëxporteerd naar %(file)s.",
                            "%(num)d casussen geëxporteerd naar %(file)s.",
                            len(cases), file=output), err=True)
    else:
        click.echo(text, nl=False)
