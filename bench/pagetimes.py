"""In-process cross-check of the wrk figures: ``python bench/pagetimes.py [PAGE ...]`` logs in as
the bench chair with Flask's test client and prints, per page of ``bench/run.py``, the best wall
time and the median CPU time of 15 warm requests (no HTTP server, no wrk: less noise, same app).
Environment as for ``bench/profile.py`` (CASEFLOW_DATABASE_URL, CASEFLOW_SECRET_KEY, PYTHONPATH)."""

from __future__ import annotations

import os
import statistics
import sys
import time

import pyotp
from sqlalchemy import update

from bench.app import app
from bench.fixtures import retrospective
from bench.login import EMAIL, PASSWORD, SECRET
from bench.profile import _token
from bench.run import pages, pick
from caseflow.auth.models import User
from caseflow.extensions import db

ROUNDS = 15


def main(only: list[str]) -> None:
    info = pick(os.environ["CASEFLOW_DATABASE_URL"])
    info["retrospective"] = retrospective(info["reference"])
    with app.app_context():  # a second login in the same 30 s would be a refused TOTP replay
        db.session.execute(update(User).where(User.email == EMAIL).values(totp_last_step=None))
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"csrf_token": _token(client, "/login"), "email": EMAIL,
                                "password": PASSWORD})
    client.post("/login/tweede-stap", data={"csrf_token": _token(client, "/login/tweede-stap"),
                                            "code": pyotp.TOTP(SECRET).now()})
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
