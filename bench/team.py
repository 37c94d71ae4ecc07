"""SQLite next to PostgreSQL for a team: throughput of the same mixed read/write load.

    PYTHONPATH=. .venv/bin/python bench/team.py [--users 1,2,4,8,16] [--rounds 10]
        [--sqlite PATH] [--postgres URL] [--generate N]

Per database: an empty schema (plus ``flask generate --cases N`` when asked), gunicorn
``-k gthread -w 2 --threads 4`` (the README's production line), then for each number of users
that many threads at once, each logging in through the real form and doing ``rounds`` rounds of
case page → event form → event POST (CSRF) → timeline: four requests, three reads that each
write an access-log row, one write of an event (timeline, risk flags, access log). Prints a
Markdown table: requests per second, median and p95 of a round, requests that failed, events
posted vs stored, and whether ``audit verify`` holds afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy.engine import make_url  # noqa: E402

from caseflow import create_app  # noqa: E402
from caseflow.audit.services import verify_chain  # noqa: E402
from caseflow.extensions import db  # noqa: E402
from tests.conftest import make_test_config  # noqa: E402
from tests.databases import _create_postgres_database, empty_database  # noqa: E402
from tests.gunicorn_servers import gunicorn_servers, server_env  # noqa: E402
from tests.team_load import build_team, run_team, stored_titles  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/caseflow_bench_team"


def prepare(url: str, generate: int) -> None:
    if url.startswith("postgresql"):
        parsed = make_url(url)
        _create_postgres_database(
            parsed.set(database="postgres").render_as_string(False), parsed.database)
    empty_database(url)
    app = create_app(make_test_config(url))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    if generate:
        import subprocess  # nosec B404

        subprocess.run(  # nosec B603
            [str(Path(sys.executable).parent / "flask"), "--app", "caseflow", "generate",
             "--cases", str(generate), "--no-risk"],
            env=server_env(url), cwd=ROOT, check=True, capture_output=True)


def measure(url: str, users: list[int], rounds: int) -> list[dict]:
    app = create_app(make_test_config(url))
    results = []
    with gunicorn_servers(url, count=1) as servers:
        # warm up both workers (templates, caches, connections); not counted
        run_team(servers.urls, build_team(app, users=8, cases=1), rounds=2)
        for count in users:
            team = build_team(app, users=count, cases=2)
            before = set(stored_titles(app))
            started = time.perf_counter()
            tally = run_team(servers.urls, team, rounds)
            seconds = time.perf_counter() - started
            stored = [t for t in stored_titles(app) if t not in before]
            with app.app_context():
                chain = verify_chain().ok
                db.session.remove()
            results.append({
                "users": count, "requests": tally.requests, "seconds": seconds,
                "failed": len(tally.failures), "posted": len(tally.posted),
                "stored": len(stored), "chain": chain,
                "round_ms": sorted(tally.round_ms),
            })
            print(results[-1]["users"], "users:", f"{tally.requests / seconds:.1f} req/s",
                  f"{len(tally.failures)} failed", *tally.failures[:3], file=sys.stderr,
                  flush=True)
        errors = sorted({line for line in servers.logs().splitlines()
                         if "Error:" in line or "[SQL:" in line})
        print(*errors[:5], sep="\n", file=sys.stderr, flush=True)
    with app.app_context():
        db.engine.dispose()
    return results


def table(name: str, results: list[dict]) -> str:
    lines = [f"**{name}**", "",
             "| users | requests | req/s | round p50 / p95 ms | failed | events posted / stored "
             "| chain |", "|---|---|---|---|---|---|---|"]
    for r in results:
        ms = r["round_ms"] or [0.0]
        p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
        lines.append(
            f"| {r['users']} | {r['requests']} | {r['requests'] / r['seconds']:.1f} "
            f"| {statistics.median(ms):.0f} / {p95:.0f} | {r['failed']} "
            f"| {r['posted']} / {r['stored']} | {'ok' if r['chain'] else 'BROKEN'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="1,2,4,8,16")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--sqlite", default=str(Path(tempfile.gettempdir()) / "bench-team.db"))
    parser.add_argument("--postgres", default=os.environ.get("BENCH_DATABASE_URL",
                                                             DEFAULT_POSTGRES))
    parser.add_argument("--generate", type=int, default=0, help="cases made by flask generate")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    options = parser.parse_args()
    users = [int(n) for n in options.users.split(",")]
    print(f"load average at start: {os.getloadavg()}", flush=True)
    targets = {"SQLite (WAL)": f"sqlite:///{options.sqlite}", "PostgreSQL": options.postgres}
    if options.only:
        targets = {k: v for k, v in targets.items() if options.only in v}
    for name, url in targets.items():
        prepare(url, options.generate)
        print(table(f"{name}, {options.generate or 2} cases", measure(url, users,
                                                                        options.rounds)))
        print(flush=True)
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
