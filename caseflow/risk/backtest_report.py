"""Printing the time split and the tuner's proposal (``flask risk backtest --split-date``,
``flask risk tune``)."""

from __future__ import annotations

from dataclasses import fields

import click

from caseflow.risk.backtest import BacktestResult
from caseflow.risk.backtest_stats import GRID, Proposal, Split
from caseflow.risk.config import Thresholds


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}×"


def line(label: str, result: BacktestResult) -> str:
    return (f"{label:<34} recall {_pct(result.recall):>4}  precisie {_pct(result.precision):>4}"
            f"  lift {_x(result.lift):>5}  signaleringsgraad {_pct(result.flag_rate):>4}")


def changed(limits: Thresholds, start: Thresholds) -> dict[str, int]:
    return {f.name: getattr(limits, f.name) for f in fields(Thresholds)
            if f.name in GRID and getattr(limits, f.name) != getattr(start, f.name)}


def print_proposal(proposal: Proposal, start: Thresholds, budget: float) -> None:
    click.echo(f"Budget: hoogstens {_pct(budget)} van de open casussen met een signaal.")
    click.echo("Afweging (elke stap een drempel, met wat de stap oplevert):")
    for name, value, result in proposal.steps:
        click.echo("  " + line(f"{name} = {value}", result))
    click.echo(line("Voorstel", proposal.result))
    proposed = changed(proposal.limits, start)
    if not proposed:
        click.echo("Geen drempel veranderd: de huidige drempels zijn de beste binnen het budget.")
    else:
        click.echo("Voorgestelde drempels (nog niets veranderd):")
        for name, value in proposed.items():
            click.echo(f"  {name}: {getattr(start, name)} -> {value}")
    if (proposal.result.flag_rate or 0) > budget:
        click.echo("Het budget is met drempels alleen niet te halen.")


def print_split(split: Split) -> None:
    click.echo(f"Tijdsplitsing op {split.split_date.isoformat()}: drempels gekozen op de jaren "
               "ervoor, gemeten op de jaren erna.")
    click.echo(line("ervoor, gekozen drempels", split.proposal.result))
    click.echo(line("erna, huidige drempels", split.after_default))
    click.echo(line("erna, gekozen drempels", split.after_tuned))
    click.echo(line("erna, basislijn 3+ in 12 mnd", baseline_only(split.after_default)))


def baseline_only(result: BacktestResult) -> BacktestResult:
    """The baseline row as if it were the whole signal (for a like-for-like line)."""
    row = result.baseline
    return BacktestResult(
        result.horizon_days, case_months=result.case_months, flagged_months=row.months,
        flagged_followed=row.followed, followed_months=result.followed_months,
        breakdowns=result.breakdowns, breakdowns_foreseen=row.foreseen,
    )


def split_dict(split: Split) -> dict[str, object]:
    return {
        "split_date": split.split_date.isoformat(),
        "chosen_thresholds": changed(split.proposal.limits, Thresholds()),
        "before": split.proposal.result.as_dict(),
        "after_default": split.after_default.as_dict(),
        "after_tuned": split.after_tuned.as_dict(),
    }
