"""``flask --app caseflow retention purge [--dry-run]``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from caseflow.core.formatting import dutch_plural
from caseflow.extensions import db
from caseflow.retention.services import purge, retention_years

retention_cli = AppGroup("retention", help="Bewaartermijn van casussen.")


@retention_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Toon wat vernietigd zou worden; verander niets.")
def purge_command(dry_run: bool) -> None:
    """Vernietig casussen waarvan de bewaartermijn na afsluiten verstreken is."""
    expired = purge(dry_run=dry_run)
    with click.progressbar(expired, label="Casussen", show_pos=True) as items:
        for item in items:
            click.echo(f"  {item.reference} (afgesloten {item.closed_at:%Y-%m-%d})", err=True)
    if dry_run:
        db.session.rollback()
        click.echo(
            dutch_plural("Proefdraai: %(num)d casus zou worden vernietigd (bewaartermijn "
                     "%(years)d jaar).", "Proefdraai: %(num)d casussen zouden worden vernietigd "
                     "(bewaartermijn %(years)d jaar).", len(expired), years=retention_years())
        )
    else:
        db.session.commit()
        click.echo(
            dutch_plural("%(num)d casus vernietigd (bewaartermijn %(years)d jaar).",
                     "%(num)d casussen vernietigd (bewaartermijn %(years)d jaar).",
                     len(expired), years=retention_years())
        )
