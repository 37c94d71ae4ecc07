"""In-process cross-check of the wrk figures: ``python bench/pagetimes.py [PAGE ...]`` logs in as
the bench chair with Flask's test client and prints, per page of ``bench/run.py``, the best wall
time and the median CPU time of 15 warm requests (no HTTP server, no wrk: less noise, same app).
Environment as for ``bench/profile.py`` (CASEFLOW_DATABASE_URL, CASEFLOW_SECRET_KEY, PYTHONPATH)."""

from __future__ import annotations

import os
import statistics
import sys
import time

from bench.fixtures import retrospective
from bench.login import logged_in_client
from bench.run import pages, pick

ROUNDS = 15


def main(only: list[str]) -> None:
    info = pick(os.environ["CASEFLOW_DATABASE_URL"])
    info["retrospective"] = retrospective(info["reference"])
    client = logged_in_client()
    for name, path in pages(info).items():
        if only and name not in only:
            continue
        client.get(path)
        wall, cpu = [], []
        for _ in range(ROUNDS):
            started, used = time.perf_counter(), time.process_time()
            response = client.get(path)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
        best, median = min(wall), statistics.median(cpu)
        print(f"| {name} | {response.status_code} | {best:.1f} | {median:.1f} |")


if __name__ == "__main__":
    print("| page | status | best wall ms | median CPU ms |\n|---|---|---|---|")
    main(sys.argv[1:])
