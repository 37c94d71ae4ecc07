"""Are the signals worth a chair's attention? (issue 22, point 5; a measurement, not a test)

For each seed: a fresh database, ``flask generate --cases N --seed S --no-risk`` (breakdowns drawn
from the hazard of docs/generator-hazard.md), then ``flask risk backtest --json --horizon-days 90``.
Targets, for the signals shown as hoog or midden: recall >= 70%, flag rate (share of open cases
with a signal on an average day) <= 25%, precision >= 3x the base rate (lift >= 3).

    PYTHONPATH=. .venv/bin/python bench/risk_quality.py [--cases 5000] [--seeds 1,2,3,4,5]

Databases: SQLite files in /tmp unless RISK_QUALITY_DATABASE_URL (with ``{seed}`` in it) is set.
Prints a markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess  # nosec B404 - runs our own flask commands
import sys
import time
from pathlib import Path

TARGETS = {"recall": (">=", 0.70), "flag_rate": ("<=", 0.25), "lift": (">=", 3.0)}
FLASK = str(Path(sys.executable).with_name("flask"))


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([FLASK, "--app", "caseflow", *args], env=env, check=True,  # nosec B603
                          capture_output=True, text=True)
    return done.stdout


def measure(seed: int, cases: int, horizon: int) -> dict:
    url = os.environ.get("RISK_QUALITY_DATABASE_URL",
                         "sqlite:////tmp/caseflow_risk_quality_{seed}.db").format(seed=seed)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    env = {**os.environ, "CASEFLOW_DATABASE_URL": url,
           "CASEFLOW_SECRET_KEY": os.environ.get("CASEFLOW_SECRET_KEY", "bench-risk-quality")}
    started = time.monotonic()
    run(["db", "upgrade"], env)
    run(["generate", "--cases", str(cases), "--seed", str(seed), "--reads-per-case", "0",
         "--no-risk"], env)
    result = json.loads(run(["risk", "backtest", "--json", "--horizon-days", str(horizon)], env))
    result["seconds"] = time.monotonic() - started
    return result


def met(name: str, value: float | None) -> bool:
    op, target = TARGETS[name]
    return value is not None and (value >= target if op == ">=" else value <= target)


def fmt(name: str, value: float | None, interval: list[float] | None = None) -> str:
    if value is None:
        return "–"
    text = f"{value:.2f}×" if name == "lift" else f"{value * 100:.0f}%"
    if interval:
        low, high = interval
        text += f" ({low:.2f}–{high:.2f})" if name == "lift" else \
            f" ({low * 100:.0f}–{high * 100:.0f})"
    return text + ("" if met(name, value) else " ✗")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--seeds", default="1,2,3,4,5")
    parser.add_argument("--horizon-days", type=int, default=90)
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    rows = []
    print(f"{args.cases} cases per seed, horizon {args.horizon_days} days\n")
    print("| seed | recall (90% CI) | flag rate | precision | base rate | lift | baseline 3+/12m "
          "recall · lift · flag rate | heaviest flaggers | s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for seed in seeds:
        r = measure(seed, args.cases, args.horizon_days)
        rows.append(r)
        iv = r.get("intervals", {})
        b = r["baseline"]
        shown = [x for x in r["rules"] if x["severity"] in ("hoog", "midden") and x["months"]]
        heavy = sorted(shown, key=lambda x: -(x["flag_rate"] or 0))[:3]
        heaviest = ", ".join(f"{x['code']} {x['flag_rate'] * 100:.0f}%" for x in heavy)
        print(f"| {seed} | {fmt('recall', r['recall'], iv.get('recall'))} | "
              f"{fmt('flag_rate', r['flag_rate'], iv.get('flag_rate'))} | "
              f"{r['precision'] * 100:.0f}% | {r['base_rate'] * 100:.0f}% | "
              f"{fmt('lift', r['lift'], iv.get('lift'))} | "
              f"{b['recall'] * 100:.0f}% · {b['lift'] or 0:.2f}× · {b['flag_rate'] * 100:.0f}% | "
              f"{heaviest} | {r['seconds']:.0f} |", flush=True)
    verdict = {name: all(met(name, r[name]) for r in rows) for name in TARGETS}
    print("\nTargets met on every seed: " + ", ".join(
        f"{name} {TARGETS[name][0]} {TARGETS[name][1]}: {'yes' if ok else 'NO'}"
        for name, ok in verdict.items()))


if __name__ == "__main__":
    main()
