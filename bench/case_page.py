"""The case page alone, in-process: ``python bench/case_page.py [ROUNDS]`` logs in as the bench
chair with Flask's test client and prints, for the case whose event count is closest to 300 (as
``bench/run.py`` picks it, among open cases) and for the bare route B0, the queries of one
request and the best
wall / median CPU time of ROUNDS warm requests, the case page's ratio to B0 and the median
wall time of its one UNION ALL statement, database included (issue 21:
before/after the case page became a list of registered panels). Environment as for
``bench/profile.py`` (CASEFLOW_DATABASE_URL, CASEFLOW_SECRET_KEY, PYTHONPATH; the bench account
from ``python bench/login.py setup``). Run it with PYTHONPATH on another checkout to compare."""

from __future__ import annotations

import os
import statistics
import sys
import time

import psycopg
from sqlalchemy import event

from bench.app import app
from bench.login import logged_in_client
from caseflow.extensions import db


def measure(client, path: str, rounds: int) -> dict[str, float]:
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    client.get(path)  # warm
    event.listen(engine, "before_cursor_execute", record)
    response = client.get(path)
    event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200, (path, response.status_code)
    wall, cpu, union = [], [], []

    def started_sql(conn, _cursor, statement, *_args):
        conn.info["bench_t"] = time.perf_counter()

    def finished_sql(conn, _cursor, statement, *_args):
        if "UNION ALL" in statement:
            union.append((time.perf_counter() - conn.info["bench_t"]) * 1000)

    event.listen(engine, "before_cursor_execute", started_sql)
    event.listen(engine, "after_cursor_execute", finished_sql)
    for _ in range(rounds):
        started, used = time.perf_counter(), time.process_time()
        client.get(path)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    event.remove(engine, "before_cursor_execute", started_sql)
    event.remove(engine, "after_cursor_execute", finished_sql)
    return {"queries": len(statements), "best_ms": min(wall), "median_ms": statistics.median(wall),
            "cpu_ms": statistics.median(cpu),
            "union_ms": statistics.median(union) if union else 0.0}


def pick(url: str) -> dict:
    """Like ``bench/run.py``'s pick, among open cases (a case closed long ago is archived and
    opens only through break-glass)."""
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        ref, events = conn.execute(
            "SELECT c.reference, count(*) FROM casus c JOIN timeline_event e ON e.case_id = c.id "
            "WHERE c.phase <> 'afgesloten' GROUP BY c.reference "
            "ORDER BY abs(count(*) - 300), c.reference LIMIT 1").fetchone()
    return {"reference": ref, "events": events}


def main(rounds: int) -> None:
    info = pick(os.environ["CASEFLOW_DATABASE_URL"])
    client = logged_in_client()
    base = measure(client, "/bench/b0", rounds)
    page = measure(client, f"/cases/{info['reference']}", rounds)
    print(f"case {info['reference']} ({info['events']} events), {rounds} warm requests each")
    print("| page | queries | best wall ms | median wall ms | median CPU ms | ×B0 (median) "
          "| the UNION ALL, median ms |")
    print("|---|---|---|---|---|---|---|")
    for name, row in (("B0", base), ("case_page", page)):
        ratio = base["median_ms"] / row["median_ms"]
        print(f"| {name} | {row['queries']} | {row['best_ms']:.1f} | {row['median_ms']:.1f} | "
              f"{row['cpu_ms']:.1f} | {ratio:.3f} | {row['union_ms']:.1f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
