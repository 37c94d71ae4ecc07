"""Command-line commands: ``flask --app caseflow users …`` and ``flask --app caseflow demo``."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from caseflow.auth.models import OrganisationKind, Role, User
from caseflow.auth.services import (
    AccountError,
    create_user,
    find_organisation,
    get_or_create_organisation,
)
from caseflow.extensions import db

users_cli = AppGroup("users", help="Accounts beheren.")


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Wachtwoord", hide_input=True, confirmation_prompt="Herhaal wachtwoord")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Volledige naam.")
@click.option("--role", required=True, help="Een van: " + ", ".join(r.value for r in Role))
@click.option("--organisation", required=True, help="Naam van de organisatie.")
@click.option(
    "--organisation-kind",
    type=click.Choice([k.value for k in OrganisationKind]),
    help="Maak de organisatie aan met dit soort als ze nog niet bestaat.",
)
@click.option("--password-stdin", is_flag=True, help="Lees het wachtwoord van standaardinvoer.")
def create_user_command(
    email: str,
    name: str,
    role: str,
    organisation: str,
    organisation_kind: str | None,
    password_stdin: bool,
) -> None:
    """Maak een account aan voor EMAIL."""
    if role not in {r.value for r in Role}:
        raise click.UsageError(
            f"Onbekende rol '{role}'. Kies uit: {', '.join(r.value for r in Role)}."
        )
    org = find_organisation(organisation)
    if org is None and organisation_kind is None:
        raise click.UsageError(
            f"Onbekende organisatie '{organisation}'. Geef --organisation-kind mee om haar aan "
            "te maken, of kies een bestaande organisatie."
        )
    password = _read_password(password_stdin)
    try:
        if org is None:
            org = get_or_create_organisation(organisation, organisation_kind or "overig")
        user = create_user(email=email, name=name, role=role, organisation=org, password=password)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Account aangemaakt: {user.email} ({user.role}, {org.name}).")


@users_cli.command("list")
def list_users_command() -> None:
    """Toon alle accounts."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        status = "actief" if user.active else "inactief"
        click.echo(f"{user.email}\t{user.name}\t{user.role}\t{user.organisation.name}\t{status}")


def _account(email: str) -> User:
    from caseflow.auth.services import normalise_email

    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise click.ClickException(f"Geen account met e-mailadres {email}.")
    return user


@users_cli.command("reset-2fa")
@click.argument("email")
def reset_two_factor_command(email: str) -> None:
    """Zet tweestapsverificatie van EMAIL uit (telefoon kwijt); bij de volgende login opnieuw."""
    from caseflow.admin.services import reset_two_factor

    user = _account(email)
    reset_two_factor(None, user)
    db.session.commit()
    click.echo(f"Tweestapsverificatie van {user.email} staat uit; alle sessies zijn beëindigd. "
               "Bij de volgende login stelt de gebruiker een nieuwe authenticator-app in.")


@users_cli.command("reset-password")
@click.argument("email")
def reset_password_command(email: str) -> None:
    """Maak een eenmalige link waarmee EMAIL een nieuw wachtwoord kiest (24 uur geldig)."""
    from flask import url_for

    from caseflow.admin.services import reset_password_link

    user = _account(email)
    try:
        token = reset_password_link(None, user)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    with current_app.test_request_context():
        path = url_for("account.reset_password_form", token=token)
    click.echo(f"Geef {user.email} deze link achter het adres van caseflow (eenmalig, 24 uur "
               f"geldig): https://<caseflow-adres>{path}")


@users_cli.command("rotate-data-key")
def rotate_data_key_command() -> None:
    """Versleutel alle TOTP-geheimen opnieuw met de eerste sleutel in CASEFLOW_DATA_KEY."""
    from caseflow.auth.data_key import DataKeyError, reseal

    count = 0
    try:
        for user in db.session.scalars(select(User).where(User.totp_secret_sealed.is_not(None))):
            user.totp_secret_sealed = reseal(user.totp_secret_sealed)
            count += 1
    except DataKeyError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{count} geheimen opnieuw versleuteld met de eerste sleutel. Een oude sleutel mag "
               "nu uit CASEFLOW_DATA_KEY.")


TWO_FACTOR_NOTE = (
    "Let op: voorzitter en beheerder stellen bij hun eerste login tweestapsverificatie in\n"
    "(een authenticator-app scant de QR-code, of voer de getoonde sleutel in)."
)


@click.command("demo")
@click.option(
    "--on-first-run",
    is_flag=True,
    help="Laad alleen in een lege database; sla anders stil over (voor make run).",
)
def demo_command(on_first_run: bool) -> None:
    """Vul een lege database met een synthetische demoregio."""
    from caseflow.demo import DemoRefused, load_demo

    if current_app.config.get("ENV") == "production":
        raise click.ClickException(
            "flask demo weigert in productie: de demoregio hoort niet in een echte database. "
            "Gebruik een aparte database met CASEFLOW_ENV=development om te oefenen."
        )
    try:
        report = load_demo(skip_if_not_empty=on_first_run)
    except DemoRefused as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(report.message)
    if report.accounts:
        click.echo(report.accounts_table())
        click.echo(TWO_FACTOR_NOTE)


def register_cli(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(__import__("caseflow.exchange.cli", fromlist=["cases_cli"]).cases_cli)
    app.cli.add_command(__import__("caseflow.generate.cli", fromlist=["x"]).generate_command)
    from caseflow.region.cli import gemeenten_cli, region_cli

    app.cli.add_command(region_cli)
    app.cli.add_command(gemeenten_cli)
