"""The monitor's year view in-process (issue 24 point 6): ``python bench/monitor_year.py
[--rebuild] [--clear] [ROUNDS]`` logs in as the bench chair with Flask's test client and prints,
for the bare route B0, the first screen ``/monitor?period=year&year=<last year>`` (what
``bench/run.py`` loads as monitor_year) and the periods side by side ``/monitor/jaren``, the
queries of one request, best/median wall and median CPU time of ROUNDS warm requests, and the
ratio to B0. ``--clear`` empties the summary first (the direct aggregate, as before the
summary); ``--rebuild`` rebuilds it as the daily job does and prints how long that took;
``--rebuild-only`` (what ``bench/run.py`` runs) only that. Environment as for
``bench/profile.py`` (CASEFLOW_DATABASE_URL, CASEFLOW_SECRET_KEY, PYTHONPATH; the bench
account from ``python bench/login.py setup``)."""

from __future__ import annotations

import datetime as dt
import sys
import time

from sqlalchemy import delete

from bench.app import app
from bench.case_page import measure
from bench.login import logged_in_client
from caseflow.extensions import db


def _summary(clear: bool, rebuild: bool) -> None:
    from caseflow.monitor import summary
    from caseflow.monitor.summary_models import MonitorSummaryBuild, MonitorSummaryCell

    with app.app_context():
        if clear:
            db.session.execute(delete(MonitorSummaryCell))
            db.session.execute(delete(MonitorSummaryBuild))
            db.session.commit()
        if rebuild:
            started = time.perf_counter()
            cells = summary.rebuild(dt.date.today())
            db.session.commit()
            print(f"summary rebuilt: {cells} cells in {time.perf_counter() - started:.1f} s")


def main(argv: list[str]) -> None:
    rounds = int(next((a for a in argv if a.isdigit()), "20"))
    _summary("--clear" in argv, "--rebuild" in argv or "--rebuild-only" in argv)
    if "--rebuild-only" in argv:
        return
    year = dt.date.today().year - 1
    client = logged_in_client()
    pages = {
        "B0": "/bench/b0",
        "monitor_year": f"/monitor?period=year&year={year}",
        "monitor_jaren": f"/monitor/jaren?period=year&year={year}",
    }
    found = {name: measure(client, path, rounds) for name, path in pages.items()}
    print(f"{rounds} warm requests each")
    print("| page | queries | best wall ms | median wall ms | median CPU ms | ×B0 (median) |")
    print("|---|---|---|---|---|---|")
    base = found["B0"]
    for name, row in found.items():
        ratio = base["median_ms"] / row["median_ms"]
        print(
            f"| {name} | {row['queries']} | {row['best_ms']:.1f} | {row['median_ms']:.1f} | "
            f"{row['cpu_ms']:.1f} | {ratio:.3f} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
