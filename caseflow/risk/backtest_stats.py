"""What the backtest's figures are worth: 90% bootstrap intervals (cases resampled with a fixed
seed), the time split (thresholds chosen before a date, measured after) and the tuner that
proposes thresholds maximising recall within a flag-rate budget. Proposes only: nothing here
changes a threshold."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from caseflow.risk.backtest import (
    BASELINE,
    BacktestResult,
    Frame,
    apply_limits,
    build_frame,
    ratio,
    score,
)
from caseflow.risk.config import Thresholds
from caseflow.risk.history import RawCase
from caseflow.risk.rules import CODES

SEED = 20261203
RESAMPLES = 300
ORDER = [*CODES, BASELINE]


def _figures(t: list[float]) -> dict[str, dict[str, float | None]]:
    months, flagged, flagged_followed, followed, breakdowns, foreseen = t[:6]
    base = followed / months if months else None
    precision = flagged_followed / flagged if flagged else None
    out = {"signal": {
        "recall": foreseen / breakdowns if breakdowns else None, "precision": precision,
        "base_rate": base, "lift": ratio(precision, base),
        "flag_rate": flagged / months if months else None,
    }}
    for position, code in enumerate(ORDER):
        r_months, r_followed, r_foreseen = t[6 + 3 * position: 9 + 3 * position]
        r_precision = r_followed / r_months if r_months else None
        out[code] = {
            "recall": r_foreseen / breakdowns if breakdowns else None,
            "precision": r_precision, "lift": ratio(r_precision, base),
            "flag_rate": r_months / months if months else None,
        }
    return out


def _quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    position = q * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def add_intervals(result: BacktestResult, *, resamples: int = RESAMPLES, seed: int = SEED,
                  level: float = 0.90) -> BacktestResult:
    """Percentile intervals of every figure, resampling cases (a case's months stay together)."""
    cases = result.per_case
    if not cases:
        return result
    # Resampling for intervals, not secrecy.
    rng = random.Random(seed)  # nosec B311
    kinds = Counter(cases)
    distinct = list(kinds)
    index = {vector: i for i, vector in enumerate(distinct)}
    of_case = [index[v] for v in cases]
    draws: dict[str, dict[str, list[float]]] = {}
    for _ in range(resamples):
        counts = Counter(rng.choices(of_case, k=len(cases)))
        totals = [0] * len(distinct[0])
        for i, n in counts.items():
            for column, value in enumerate(distinct[i]):
                if value:
                    totals[column] += n * value
        for group, figures in _figures(totals).items():
            for name, value in figures.items():
                if value is not None:
                    draws.setdefault(group, {}).setdefault(name, []).append(value)
    tail = (1 - level) / 2
    result.intervals = {
        group: {name: [_quantile(v, tail), _quantile(v, 1 - tail)] for name, v in figures.items()}
        for group, figures in draws.items()
    }
    return result


# What the tuner may try, per threshold, and the rule each one moves.
GRID: dict[str, tuple[str, tuple[int, ...]]] = {
    "placements_12m": ("veel_plaatsingen_12m", (2, 3, 4, 5, 6)),
    "placements_total": ("veel_plaatsingen_totaal", (3, 4, 5, 6, 8, 10)),
    "unplanned_window_months": ("onplanmatig_beeindigd", (2, 3, 6, 9, 12, 24)),
    "short_stay_weeks": ("tijdelijk_te_lang", (4, 8, 12, 16, 26)),
    "waiting_weeks": ("lang_wachten", (6, 8, 12, 16, 26, 52)),
    "older_age": ("oudere_jeugdige_gedrag", (10, 12, 14, 16)),
    "crises": ("crises_recent", (1, 2, 3, 4)),
    "crisis_window_days": ("crises_recent", (30, 60, 90, 180)),
    "regisseur_changes": ("wisseling_regisseur", (1, 2, 3, 4)),
    "default_follow_up_weeks": ("volgen_verlopen", (4, 6, 8, 12, 16, 26)),
}


@dataclass
class Proposal:
    limits: Thresholds
    result: BacktestResult
    steps: list[tuple[str, int, BacktestResult]]  # each accepted change and what it gave


def _better(a: BacktestResult, b: BacktestResult | None, budget: float) -> bool:
    """Within budget beats over it; within, more recall (then less flagging); over, less."""
    if b is None:
        return True
    a_in, b_in = (a.flag_rate or 0) <= budget, (b.flag_rate or 0) <= budget
    if a_in != b_in:
        return a_in
    if a_in:
        return ((a.recall or 0), -(a.flag_rate or 0)) > ((b.recall or 0), -(b.flag_rate or 0))
    return (a.flag_rate or 0) < (b.flag_rate or 0)


def tune_frame(frame: Frame, start: Thresholds, budget: float,
               severities: Mapping[str, str] | None = None, rounds: int = 3) -> Proposal:
    """Coordinate search over GRID from ``start``: one threshold at a time, keep what helps."""
    limits = start
    apply_limits(frame, limits)
    best = score(frame, severities)
    steps: list[tuple[str, int, BacktestResult]] = []
    for _round in range(rounds):
        changed = False
        for name, (code, values) in GRID.items():
            chosen = getattr(limits, name)
            for value in values:
                if value == getattr(limits, name):
                    continue
                apply_limits(frame, replace(limits, **{name: value}), [code])
                trial = score(frame, severities)
                if _better(trial, best, budget):
                    best, chosen, changed = trial, value, True
            if chosen != getattr(limits, name):
                steps.append((name, chosen, best))
            limits = replace(limits, **{name: chosen})
            apply_limits(frame, limits, [code])
        if not changed:
            break
    return Proposal(limits, best, steps)


def tune(cases: Iterable[RawCase], *, horizon_days: int, today: date, start: Thresholds,
         budget: float, until: date | None = None,
         severities: Mapping[str, str] | None = None) -> Proposal:
    frame = build_frame(cases, horizon_days=horizon_days, today=today, until=until)
    return tune_frame(frame, start, budget, severities)


@dataclass
class Split:
    split_date: date
    proposal: Proposal  # chosen on the years before
    after_default: BacktestResult  # measured after, with the thresholds as configured
    after_tuned: BacktestResult  # measured after, with the thresholds chosen before


def time_split(cases: list[RawCase], *, horizon_days: int, today: date, split_date: date,
               limits: Thresholds, budget: float,
               severities: Mapping[str, str] | None = None) -> Split:
    proposal = tune(cases, horizon_days=horizon_days, today=today, start=limits, budget=budget,
                    until=split_date, severities=severities)
    after = build_frame(cases, horizon_days=horizon_days, today=today, since=split_date)
    apply_limits(after, limits)
    default = add_intervals(score(after, severities))
    apply_limits(after, proposal.limits)
    tuned = add_intervals(score(after, severities))
    return Split(split_date, proposal, default, tuned)
