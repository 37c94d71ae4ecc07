"""Profile one page in-process: ``python bench/profile.py PATH [--pyinstrument]``: total time,
query count and the slowest SQL; with ``--pyinstrument`` also a call tree of a repeat request.
(The bench account must exist: ``python bench/login.py setup``.)"""

from __future__ import annotations

import sys
import time

from sqlalchemy import event

from bench.app import app
from bench.login import logged_in_client
from caseflow.extensions import db


def main(path: str, tree: bool = False) -> None:
    client = logged_in_client()
    timings: list[tuple[float, str]] = []

    with app.app_context():
        engine = db.engine

    def before(conn, _cursor, statement, *_args):
        conn.info["t"] = time.perf_counter()

    def after(conn, _cursor, statement, *_args):
        timings.append((time.perf_counter() - conn.info["t"], statement))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    started = time.perf_counter()
    response = client.get(path)
    total = time.perf_counter() - started
    print(f"{path}: {response.status_code}, {total * 1000:.0f} ms, {len(timings)} queries, "
          f"{sum(t for t, _ in timings) * 1000:.0f} ms in SQL")
    for seconds, statement in sorted(timings, reverse=True)[:5]:
        print(f"  {seconds * 1000:7.1f} ms  {' '.join(statement.split())[:300]}")
    if tree:
        from pyinstrument import Profiler

        client.get(path)  # warm
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(5):
                client.get(path)
        print(profiler.output_text(unicode=False, color=False, show_all=("--all" in sys.argv)))


if __name__ == "__main__":
    main(sys.argv[1], "--pyinstrument" in sys.argv[2:])
