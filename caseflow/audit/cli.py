"""``flask --app caseflow audit verify`` (the chain, its checkpoints and the anchor file) and
``audit checkpoint`` (anchor the head now; the daily job)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from caseflow.audit.anchors import anchor_file, write_checkpoint
from caseflow.audit.integrity import verify_log
from caseflow.audit.ownership import owner_warning
from caseflow.extensions import db

# One deleted row makes every later checkpoint's count differ: show the first problems, not all.
MAX_SHOWN = 50

audit_cli = AppGroup("audit", help="Het toegangslogboek (NEN 7513).")


def _warn_about_owner() -> None:
    warning = owner_warning()
    if warning:
        click.echo(warning, err=True)


@audit_cli.command("verify")
@click.option(
    "--anchor-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Het ankerbestand om mee te vergelijken (standaard CASEFLOW_AUDIT_ANCHOR_FILE of "
    "instance/audit-anchors.log), bijvoorbeeld de kopie bij een back-up.",
)
def verify_command(anchor_file: Path | None) -> None:
    """Controleer de hashketen, de checkpoints en het ankerbestand van het toegangslogboek."""
    report = verify_log(anchor_file)
    _warn_about_owner()
    if report.ok:
        click.echo(
            f"Toegangslogboek in orde: {report.rows} regels, keten klopt; "
            f"{report.checkpoints} checkpoints en {report.file_lines} ankerregels kloppen."
        )
        return
    first, *others = report.problems
    click.echo(f"Toegangslogboek BESCHADIGD: {first}.", err=True)
    for problem in others[:MAX_SHOWN]:
        click.echo(f"  ook: {problem}.", err=True)
    if len(others) > MAX_SHOWN:
        click.echo(f"  en nog {len(others) - MAX_SHOWN} problemen.", err=True)
    raise SystemExit(1)


@audit_cli.command("checkpoint")
def checkpoint_command() -> None:
    """Leg de kop van het toegangslogboek vast (HMAC) in de database en het ankerbestand."""
    anchor = write_checkpoint()
    db.session.commit()
    _warn_about_owner()
    if anchor is None:
        click.echo("Toegangslogboek is leeg: geen checkpoint gemaakt.")
        return
    click.echo(
        f"Checkpoint {anchor.checkpoint} vastgelegd: regel {anchor.head_id}, {anchor.rows} "
        f"regels; ankerregel naar {anchor_file()}."
    )
