"""``flask --app caseflow risk recompute|report|backtest``."""

from __future__ import annotations

import json
from datetime import date

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import log_access
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.risk.backtest import BacktestResult, run_backtest
from caseflow.risk.backtest_report import print_proposal, print_split, split_dict
from caseflow.risk.backtest_stats import add_intervals, time_split, tune
from caseflow.risk.config import thresholds
from caseflow.risk.loading import load_raw_cases
from caseflow.risk.services import recompute, report

risk_cli = AppGroup("risk", help="Doorplaatsingsrisico: signalen herberekenen, rapport, backtest.")


def _as_of(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter("Gebruik de vorm JJJJ-MM-DD, bijvoorbeeld 2026-03-01.") from error


@risk_cli.command("recompute")
def recompute_command() -> None:
    """Herbereken de signalen van alle casussen (bijvoorbeeld elke nacht, voor tijdregels)."""
    total = db.session.scalar(select(func.count()).select_from(Case)) or 0
    with click.progressbar(length=total, label="Signalen herberekenen") as bar:
        done = [0]

        def advance(count: int) -> None:
            bar.update(count - done[0])
            done[0] = count

        raised, updated, cleared = recompute(progress=advance)
    db.session.commit()
    click.echo(
        f"{total} casussen: {raised} signalen nieuw, {updated} bijgewerkt, {cleared} vervallen."
    )


@risk_cli.command("report")
@click.option("--json", "as_json", is_flag=True, help="Als JSON.")
@click.option("--as-of", "as_of", default=None, help="Zoals bekend op deze datum (JJJJ-MM-DD).")
@click.option("--ref", "reference", default=None, help="Alleen deze casus.")
def report_command(as_json: bool, as_of: str | None, reference: str | None) -> None:
    """De signalen per casus, berekend uit wat op de datum bekend was."""
    day = _as_of(as_of)
    rows = report(day, reference)
    if reference is not None and not rows:
        raise click.ClickException(f"Casus {reference} bestaat niet.")
    _log_export(rows)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['ref']}")
        for flag in row["flags"]:
            click.echo(f"  [{flag['severity']}] {flag['code']}: {flag['explanation']}")
    if not rows:
        click.echo("Geen signalen.")


def _log_export(rows: list[dict[str, object]]) -> None:
    """One access-log row per case in the report (NEN 7513: which case, exported from the CLI)."""
    refs = [str(row["ref"]) for row in rows]
    ids = db.session.scalars(select(Case.id).where(Case.reference.in_(refs))).all() if refs else []
    for case_id in ids or [None]:
        log_access(AuditEvent.EXPORT, case_id=case_id, object_type="risk_report", reason="cli")
    db.session.commit()


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def print_backtest(result: BacktestResult) -> None:
    click.echo(f"Horizon: {result.horizon_days} dagen")
    click.echo(
        f"Recall: {_pct(result.recall)} ({result.breakdowns_foreseen} van {result.breakdowns} "
        "onplanmatige beëindigingen voorzien)"
    )
    click.echo(
        f"Precisie: {_pct(result.precision)} ({result.flagged_followed} van "
        f"{result.flagged_months} gesignaleerde casusmaanden gevolgd door afbreken)"
    )
    click.echo(
        f"Signaleringsgraad: {_pct(result.flag_rate)} ({result.flagged_months} van "
        f"{result.case_months} casusmaanden)"
    )
    click.echo(
        f"{'regel':<30} {'ernst':<7} {'maanden':>8} {'gevolgd':>8} {'precisie':>9} {'recall':>7}"
    )
    for row in result.rules:
        click.echo(
            f"{row.code:<30} {row.severity:<7} {row.months:>8} {row.followed:>8} "
            f"{_pct(row.precision):>9} {_pct(result.rule_recall(row)):>7}"
        )


HORIZON = click.option("--horizon-days", default=90, show_default=True,
                       type=click.IntRange(1, 3650))
BUDGET = click.option("--flag-rate", "budget", default=0.25, show_default=True,
                      type=click.FloatRange(0.01, 1.0),
                      help="Hoogstens dit deel van de open casussen met een signaal (0-1).")


@risk_cli.command("backtest")
@HORIZON
@click.option("--json", "as_json", is_flag=True, help="Als JSON.")
@click.option("--split-date", default=None,
              help="Drempels kiezen op de jaren vóór deze datum, meten op de jaren erna.")
@BUDGET
def backtest_command(horizon_days: int, as_json: bool, split_date: str | None,
                     budget: float) -> None:
    """Hoe goed voorzagen de signalen de onplanmatige beëindigingen in de eigen data?"""
    split_day = _as_of(split_date) if split_date else None
    cases = list(load_raw_cases().values())
    result = add_intervals(run_backtest(
        cases, horizon_days=horizon_days, today=date.today(), limits=thresholds(),
    ))
    split = None
    if split_day:
        split = time_split(cases, horizon_days=horizon_days, today=date.today(),
                           split_date=split_day, limits=thresholds(), budget=budget)
    if as_json:
        data = result.as_dict()
        if split:
            data["split"] = split_dict(split)
        click.echo(json.dumps(data, indent=2))
        return
    print_backtest(result)
    if split:
        print_split(split)


@risk_cli.command("tune")
@HORIZON
@BUDGET
def tune_command(horizon_days: int, budget: float) -> None:
    """Stel drempels voor met de meeste recall binnen het budget; verandert niets."""
    proposal = tune(load_raw_cases().values(), horizon_days=horizon_days, today=date.today(),
                    start=thresholds(), budget=budget)
    print_proposal(proposal, thresholds(), budget)
