"""``flask --app caseflow region setup`` and ``flask --app caseflow gemeenten …``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup

from caseflow.extensions import db
from caseflow.region import gemeenten as services
from caseflow.region.setup import SetupError, setup_region

region_cli = AppGroup("region", help="De regio inrichten.")
gemeenten_cli = AppGroup("gemeenten", help="Gemeenten van de regio beheren.")


def _csv_text(source: str) -> str:
    """A shipped region (``haaglanden``, ``gooi-en-vechtstreek``) or the path of a CSV file."""
    if source in services.SHIPPED:
        return services.shipped_csv(source)
    path = Path(source)
    if not path.is_file():
        raise click.UsageError(
            f"'{source}' is geen bestand en geen meegeleverde regio "
            f"({', '.join(services.SHIPPED)})."
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")  # Excel-NL's "CSV (puntkomma)" without UTF-8


def _fail(message: str) -> None:
    db.session.rollback()
    raise click.ClickException(message)


@region_cli.command("setup")
@click.option("--name", required=True, help="Naam van de regio, bijvoorbeeld Haaglanden.")
@click.option(
    "--code", required=True,
    help="Regiocode (2-6 hoofdletters), het begin van elke referentie.",
)
@click.option("--gemeenten", "source", required=True,
              help="haaglanden, gooi-en-vechtstreek of het pad van een CSV (cbs_code;naam).")
@click.option("--organisation", "organisations", multiple=True,
              help="'Naam; soort[; AGB-code]'; mag vaker.")
@click.option("--organisations-file", type=click.Path(exists=True, dir_okay=False),
              help="Een bestand met één organisatie per regel ('naam; soort[; AGB-code]').")
@click.option("--no-gemeente-organisations", is_flag=True,
              help="Maak niet voor elke gemeente een organisatie 'Gemeente …' aan.")
def setup_command(name: str, code: str, source: str, organisations: tuple[str, ...],
                  organisations_file: str | None, no_gemeente_organisations: bool) -> None:
    """Richt de regio in: naam, code, gemeenten en organisaties (alles of niets)."""
    lines = list(organisations)
    if organisations_file:
        lines += Path(organisations_file).read_text("utf-8-sig").splitlines()
    try:
        result = setup_region(
            None, name=name, code=code, gemeenten_csv=_csv_text(source),
            organisations="\n".join(lines), gemeente_organisations=not no_gemeente_organisations,
        )
    except SetupError as error:
        _fail("Niets opgeslagen:\n  " + "\n  ".join(
            message for messages in error.errors.values() for message in messages
        ))
    db.session.commit()
    click.echo(f"Regio {name} ({code.upper()}) ingericht: {len(result.gemeenten)} gemeenten, "
               f"{len(result.organisations)} nieuwe organisaties.")


@gemeenten_cli.command("list")
@click.option("--all", "show_all", is_flag=True, help="Ook opgeheven gemeenten.")
def list_command(show_all: bool) -> None:
    """Toon CBS-code en naam van de gemeenten."""
    gemeenten = services.all_gemeenten()
    if not gemeenten:  # an empty screen reads as "broken"; say what to do instead
        click.echo("Nog geen gemeenten. Voeg er een toe met 'flask --app caseflow gemeenten "
                   "add GM0402 Hilversum', importeer een CSV (cbs_code;naam) met "
                   "'flask --app caseflow gemeenten import BESTAND' (of een meegeleverde "
                   "regio: 'gemeenten import haaglanden'), of richt de regio in met "
                   "'flask --app caseflow region setup'.")
        return
    if not show_all and not any(gemeente.active for gemeente in gemeenten):
        click.echo("Geen actieve gemeenten; 'gemeenten list --all' toont ook de opgeheven.")
        return
    for gemeente in gemeenten:
        if not gemeente.active and not show_all:
            continue
        line = f"{gemeente.cbs_code or '-'}\t{gemeente.name}"
        if not gemeente.active:
            successor = gemeente.successor.name if gemeente.successor else "-"
            line += f"\topgeheven {gemeente.valid_until or ''} -> {successor}"
        click.echo(line)


@gemeenten_cli.command("add")
@click.argument("code")
@click.argument("naam")
@click.option("--valid-from", type=click.DateTime(["%Y-%m-%d"]), help="Bestaat sinds (JJJJ-MM-DD).")
def add_command(code: str, naam: str, valid_from) -> None:
    """Voeg gemeente NAAM met CBS-code CODE toe (GM0402 Hilversum)."""
    try:
        gemeente, created = services.add_gemeente(
            None, code, naam, valid_from=valid_from.date() if valid_from else None
        )
    except services.GemeenteError as error:
        _fail(str(error))
    db.session.commit()
    status = "Toegevoegd" if created else "Bestond al"
    click.echo(f"{status}: {gemeente.cbs_code} {gemeente.name}")


@gemeenten_cli.command("import")
@click.argument("source")
def import_command(source: str) -> None:
    """Importeer gemeenten uit een CSV (cbs_code;naam) of een meegeleverde regio."""
    result = services.import_csv(None, _csv_text(source))
    if result.errors:
        _fail("Niets geïmporteerd:\n  " + "\n  ".join(result.errors))
    db.session.commit()
    click.echo(f"{len(result.added)} toegevoegd, {len(result.unchanged)} bestonden al.")


@gemeenten_cli.command("retire")
@click.argument("code")
@click.option("--successor", required=True, help="CBS-code van de gemeente die haar opvolgt.")
@click.option("--until", "until", type=click.DateTime(["%Y-%m-%d"]),
              help="Laatste dag van de gemeente (standaard: gisteren).")
def retire_command(code: str, successor: str, until) -> None:
    """Hef gemeente CODE op (herindeling); haar casussen tellen daarna onder de opvolger."""
    try:
        gemeente, follower = services.by_code(code), services.by_code(successor)
        if gemeente is None or follower is None:
            missing = code if gemeente is None else successor
            raise services.GemeenteError(f"Onbekende CBS-code {missing}.")
        last_day = until.date() if until else date.fromordinal(date.today().toordinal() - 1)
        services.retire(None, gemeente, follower, last_day)
    except services.GemeenteError as error:
        _fail(str(error))
    db.session.commit()
    click.echo(f"{gemeente.name} opgeheven per {last_day}; opvolger {follower.name}.")


@region_cli.command("two-factor")
@click.argument("role")
@click.option("--optional/--required", default=None, required=True,
              help="Maak tweestapsverificatie in productie facultatief of weer verplicht.")
@click.option("--reason", required=True, help="Waarom (komt in het toegangslogboek).")
def two_factor_command(role: str, optional: bool, reason: str) -> None:
    """Tweestapsverificatie in productie voor ROLE facultatief (--optional) of verplicht."""
    from caseflow.region.two_factor import TwoFactorPolicyError, set_two_factor_optional

    try:
        changed = set_two_factor_optional(None, role, optional, reason)
    except TwoFactorPolicyError as error:
        _fail(str(error))
    db.session.commit()
    state = "facultatief" if optional else "verplicht"
    click.echo(f"Tweestapsverificatie voor {role}: {state}." if changed
               else f"Tweestapsverificatie voor {role} was al {state}.")
