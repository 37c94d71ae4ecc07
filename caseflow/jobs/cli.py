"""``flask --app caseflow jobs run-daily``: the nightly work, by cron or a systemd timer."""

from __future__ import annotations

from smtplib import SMTPException

import click
from flask.cli import AppGroup

from caseflow.jobs.lock import daily_lock
from caseflow.jobs.services import run_daily

jobs_cli = AppGroup("jobs", help="Dagelijkse taken: signalen, bewaartermijn, herinneringen.")


@jobs_cli.command("run-daily")
def run_daily_command() -> None:
    """Voer de dagelijkse taken uit; wat vandaag al gedaan is, wordt overgeslagen."""
    result = run_daily()
    if not result.held:
        click.echo("De dagelijkse taken draaien al elders; deze run doet niets.")
        return
    run = result.run
    for name in result.skipped:
        click.echo(f"{name}: vandaag al gedaan, overgeslagen.")
    for name, counts in result.counts.items():
        shown = ", ".join(f"{key} {value}" for key, value in counts.items())
        click.echo(f"{name}: {shown}.")
    if run.status == "error":
        raise click.ClickException(f"Mislukt ({run.error}); de volgende run probeert het opnieuw.")
    if not result.counts:
        click.echo(f"Alles was vandaag ({run.day:%Y-%m-%d}) al gedaan.")


@jobs_cli.command("send-invitations")
def send_invitations_command() -> None:
    """Mail de RET-overleggen (.ics) aan wie is uitgenodigd, bij wijziging en bij annulering."""
    from caseflow.jobs.invitations import send_invitations

    with daily_lock() as held:
        if not held:
            click.echo("De dagelijkse taken draaien; zij sturen ook de uitnodigingen.")
            return
        try:
            counts = send_invitations()
        except (SMTPException, OSError) as failure:  # what was sent is logged; the rest waits
            raise click.ClickException(
                f"Mislukt ({type(failure).__name__}: {failure}); de volgende run probeert het "
                "opnieuw."
            ) from failure
    shown = ", ".join(f"{key} {value}" for key, value in counts.items())
    click.echo(f"invitations: {shown}.")
