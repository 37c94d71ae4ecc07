"""``flask --app caseflow audit verify``: check the access log's hash chain."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from caseflow.audit.services import verify_chain

audit_cli = AppGroup("audit", help="Het toegangslogboek (NEN 7513).")


@audit_cli.command("verify")
def verify_command() -> None:
    """Controleer de hashketen van het toegangslogboek."""
    report = verify_chain()
    if report.ok:
        click.echo(f"Toegangslogboek in orde: {report.rows} regels, keten klopt.")
        return
    click.echo(
        f"Toegangslogboek BESCHADIGD: regel {report.broken_id}: {report.problem}.", err=True
    )
    raise SystemExit(1)
