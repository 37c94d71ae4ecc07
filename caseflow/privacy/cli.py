"""``flask --app caseflow privacy warm`` (build/load deduce's lookup cache, at install) and
``flask --app caseflow privacy check`` (de-identify stdin, print the text and the spans)."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import AppGroup

privacy_cli = AppGroup("privacy", help="De-identificatie (deduce en caseflows eigen namenlijsten).")


@privacy_cli.command("warm")
def warm_command() -> None:
    """Bouw of laad de opzoekstructuren van deduce (de eerste keer ~1,5 minuut)."""
    from caseflow.privacy.engine import get_deidentifier

    started = time.monotonic()
    engine = get_deidentifier()
    engine.deidentify("Jan de Vries belde op 06-12345678.")
    click.echo(f"deduce gereed in {time.monotonic() - started:.1f} s.")


@privacy_cli.command("check")
@click.option("--region/--no-region", default=True, help="Gebruik de namen die caseflow kent.")
@click.option("--case", "reference", help="Casusreferentie: ook het pseudoniem van die casus.")
def check_command(region: bool, reference: str | None) -> None:
    """Lees tekst van standaardinvoer; toon de gede-identificeerde tekst en wat is vervangen."""
    from caseflow.privacy.engine import get_deidentifier

    text = sys.stdin.read()
    known = None
    if region:
        known = _known(reference)
    result = get_deidentifier().deidentify(text, known)
    click.echo(result.text.rstrip("\n"))
    click.echo("")
    for span in result.spans:
        marker = "OPEN " if span.open else "     "
        click.echo(f"{marker}{span.source:<8} {span.kind:<15} {span.text!r} → {span.label}")
    click.echo(f"{len(result.spans)} vervangen, {len(result.open_spans)} open.")


def _known(reference: str | None):  # noqa: ANN202 - KnownNames, imported lazily (models)
    from caseflow.privacy.known import find_case, region_known_names

    case = None
    if reference:
        case = find_case(reference)
        if case is None:
            raise click.UsageError(f"Onbekende casus '{reference}'.")
    return region_known_names(case, "[jeugdige]" if case else None)
