"""The monitor's year view under wrk, as ``bench/run.py`` loads pages, without the rest of a run:
``python bench/monitor_wrk.py [--duration S] [--concurrency 1,8]`` serves ``bench.app`` with
gunicorn (gthread, 2 workers × 4 threads) on 127.0.0.1:8741 and loads B0, the first screen
``/monitor?period=year&year=<last year>`` (``monitor_year``) and ``/monitor/jaren``
(``monitor_jaren``), printing requests per second and the ratio to B0 at each concurrency.
Environment as for ``bench/profile.py``; the summary must be built
(``python bench/monitor_year.py --rebuild-only``) or the pages compute directly."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess  # nosec B404 - runs our own tools
import sys
import time
from pathlib import Path

from bench import run

PORT = 8741
BIN = Path(sys.executable).parent  # the venv this runs in (also from a git worktree)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--concurrency", default="1,8")
    options = parser.parse_args()
    run.BASE = f"http://127.0.0.1:{PORT}"  # run.wrk and run.drain read it
    year = dt.date.today().year - 1
    pages = {
        "B0": "/bench/b0",
        "monitor_year": f"/monitor?period=year&year={year}",
        "monitor_jaren": f"/monitor/jaren?period=year&year={year}",
    }
    env = {**os.environ, "PYTHONPATH": str(run.ROOT)}
    server = subprocess.Popen(  # nosec B603
        [
            str(BIN / "gunicorn"),
            "-k",
            "gthread",
            "-w",
            "2",
            "--threads",
            "4",
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "bench.app:app",
        ],
        cwd=run.ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if (
                subprocess.run(
                    ["curl", "-sf", "-o", "/dev/null", run.BASE + "/bench/b0"],  # nosec
                    check=False,
                ).returncode
                == 0
            ):
                break
            time.sleep(0.2)
        cookie = subprocess.run(  # nosec B603
            [str(BIN / "python"), "bench/login.py", "cookie", run.BASE],
            env=env,
            cwd=run.ROOT,
            check=True,
            text=True,
            capture_output=True,
        ).stdout.strip()
        levels = [int(c) for c in options.concurrency.split(",")]
        found: dict[str, dict] = {}
        for name, path in pages.items():
            subprocess.run(
                [
                    "curl",
                    "-s",
                    "-o",
                    "/dev/null",
                    "-H",
                    f"Cookie: {cookie}",  # nosec
                    run.BASE + path,
                ],
                check=True,
            )
            found[name] = {}
            for c in levels:
                run.drain()
                found[name][c] = run.wrk(path, c, options.duration, cookie)
    finally:
        server.terminate()
        server.wait(timeout=30)
    head = " | ".join(f"rps c={c} (×B0)" for c in levels)
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"| page | {head} | p50/p95 ms c={levels[0]} |")
    print("|---|" + "---|" * (len(levels) + 1))
    for name, per in found.items():
        cells = [
            f"{per[c]['rps']:.1f} ({per[c]['rps'] / found['B0'][c]['rps']:.3f})" for c in levels
        ]
        one = per[levels[0]]
        print(f"| {name} | " + " | ".join(cells) + f" | {one['p50_ms']:.1f}/{one['p95_ms']:.1f} |")


if __name__ == "__main__":
    main()
