"""``flask --app caseflow generate --cases N [--seed S]``."""

from __future__ import annotations

import time

import click
from sqlalchemy import text

from caseflow.extensions import db


@click.command("generate")
@click.option("--cases", "count", type=click.IntRange(1, 2_000_000), required=True,
              help="Aantal casussen.")
@click.option("--seed", type=int, default=1, show_default=True, help="Startwaarde (herhaalbaar).")
@click.option("--years", type=click.IntRange(1, 40), default=20, show_default=True,
              help="Over hoeveel jaar de aanmeldingen verspreid liggen.")
@click.option("--reads-per-case", type=click.IntRange(0, 1000), default=20, show_default=True,
              help="Gegenereerde regels in het toegangslogboek per casus (inzien).")
@click.option("--no-risk", is_flag=True, help="Sla het herberekenen van de risicosignalen over.")
def generate_command(count: int, seed: int, years: int, reads_per_case: int, no_risk: bool) -> None:
    """Genereer een synthetische regio met COUNT casussen (voor belastingtests)."""
    from caseflow.generate.runner import generate

    started = time.monotonic()
    with click.progressbar(length=count, label="Casussen genereren") as bar:
        done = [0]

        def advance(value: int) -> None:
            bar.update(value - done[0])
            done[0] = value

        result = generate(count, seed=seed, years=years, reads_per_case=reads_per_case,
                          progress=advance)
    db.session.commit()
    if db.session.get_bind().dialect.name == "postgresql":
        # What autovacuum would do in a live region, at once: fresh statistics (with the old ones
        # a case's access history took 134 ms instead of 0.7 ms at 50,000 cases) and a visibility
        # map, without which index-only scans still read the table.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    click.echo(f"{result.cases} casussen, {result.rows} rijen en {result.access_rows} "
               f"logboekregels in {time.monotonic() - started:.0f} s.")
    if not no_risk:
        from caseflow.risk.services import recompute

        raised, updated, cleared = recompute()
        db.session.commit()
        click.echo(f"Risicosignalen: {raised} nieuw, {updated} bijgewerkt, {cleared} vervallen.")
