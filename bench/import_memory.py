"""Time and peak memory of ``flask cases import`` of a big file (issue 19: 10,000 cases stream).

    PYTHONPATH=. .venv/bin/python bench/import_memory.py [--cases 10000] [--database URL]

Writes a synthetic caseflow-history/2 file of N cases (every case a realistic history: six
phases, two placements with a tariff, twenty events, two members, an analysis, a decision),
makes an empty database (SQLite file by default, or the PostgreSQL URL given; it is dropped and
created) that knows the file's gemeenten, and runs the real CLI in a child process. The child's
own peak resident memory comes from ``os.wait4`` (its rusage, not ours). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess  # nosec B404 - runs our own CLI
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GEMEENTEN = ("Hilversum", "Huizen", "Gooise Meren", "Wijdemeren", "Blaricum", "Laren")
EVENT_KINDS = ("gesprek", "school", "netwerk", "contact_jeugdige", "incident", "overig")


def synthetic_case(number: int) -> dict:
    year = 2015 + number % 8
    day = lambda month, d: f"{year + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}-{d:02d}"  # noqa: E731
    return {
        "ref": f"GV-{year}-{number:05d}",
        "pseudonym": f"Jeugdige {number}",
        "birth_year": 2006 + number % 10,
        "birth_month": 1 + number % 12,
        "gemeente": GEMEENTEN[number % len(GEMEENTEN)],
        "referrer": "gemeente",
        "problem_areas": ["gedrag", "hechting"],
        "question": "Wat heeft deze jeugdige nodig om ergens te kunnen blijven? " * 2,
        "registered_on": day(1, 5),
        "consent_retrospective": number % 3 == 0,
        "phases": [
            {"id": "f1", "phase": "aanmelding", "on": day(1, 5), "reason": "Aangemeld"},
            {"id": "f2", "phase": "verklarende_analyse", "on": day(1, 20)},
            {"id": "f3", "phase": "ret_bespreking", "on": day(2, 15)},
            {"id": "f4", "phase": "plaatsing", "on": day(3, 1)},
            {"id": "f5", "phase": "blijven_volgen", "on": day(3, 10)},
            {"id": "f6", "phase": "afgesloten", "on": day(14, 1), "reason": "afgerond"},
        ],
        "analysis": {
            "recorded_on": day(2, 10), "question": "Wat is er nodig?",
            "problems": "Veel wisselingen van plek en school. " * 4,
            "strengths": "Sportief; een betrokken oma. " * 3,
            "hypotheses": "Elke wisseling bevestigt dat volwassenen weggaan. " * 3,
            "working_theory": "Eén vaste volwassene eerst.", "goals": "Een vaste plek.",
            "scenarios": "Gezinshuis of pleegzorg.",
        },
        "decisions": [{"kind": "besluit_buiten_vergadering", "on": day(2, 20),
                       "text": "Plaatsing in een gezinshuis."}],
        "placements": [
            {"id": "p1", "type": "gezinshuis", "provider": "Gezinshuis De Linde",
             "start": day(3, 1), "end": day(9, 1), "ended": "onplanmatig", "end_reason": "crisis",
             "tariff": {"kind": "per_dag", "amount": 245.5}},
            {"id": "p2", "type": "pleegzorg", "provider": "Pleegzorg Gooi", "start": day(9, 1),
             "end": day(13, 20), "ended": "planmatig", "tariff": {"kind": "per_dag", "amount": 80}},
        ],
        "events": [
            {"id": f"e{n}", "on": day(3 + n // 2, 1 + n % 27), "kind": EVENT_KINDS[n % 6],
             "title": f"Gebeurtenis {n}",
             "text": "Verslag van wat er gebeurde en wie erbij was. " * 3}
            for n in range(20)
        ],
        "members": [
            {"id": "m1", "role": "casusregisseur", "organisation": "Lokaal team",
             "from": day(1, 5)},
            {"id": "m2", "role": "zorgaanbieder", "organisation": "De Linde", "from": day(3, 1)},
        ],
    }


def write_file(path: Path, count: int) -> int:
    """The file, written a case at a time (the benchmark itself stays small)."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "caseflow-history/2", "source": "BENCH", "cases": [\n')
        for number in range(1, count + 1):
            out.write(("" if number == 1 else ",\n") + json.dumps(synthetic_case(number), indent=1))
        out.write("\n]}\n")
    return path.stat().st_size


def prepare(url: str, env: dict) -> None:
    from sqlalchemy import create_engine, text

    if url.startswith("postgresql"):
        import psycopg

        name = url.rsplit("/", 1)[1]
        admin = url.replace("postgresql+psycopg", "postgresql").rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([str(BIN / "flask"), "--app", "caseflow", "db", "upgrade"], env=env,  # nosec B603
                   cwd=ROOT, check=True, capture_output=True)
    engine = create_engine(url)
    with engine.begin() as conn:
        for name in GEMEENTEN:
            conn.execute(text("INSERT INTO gemeente (name, active) VALUES (:n, true)"), {"n": name})
    engine.dispose()


def run(count: int, url: str | None) -> dict:
    work = Path(tempfile.mkdtemp(prefix="caseflow-import-bench-"))
    url = url or f"sqlite:///{work / 'import.db'}"
    env = {**os.environ, "CASEFLOW_DATABASE_URL": url, "PYTHONPATH": str(ROOT),
           "CASEFLOW_SECRET_KEY": "bench-only-secret-key-0123456789-0123456789"}
    path = work / f"cases-{count}.json"
    size = write_file(path, count)
    prepare(url, env)
    command = [str(BIN / "flask"), "--app", "caseflow", "cases", "import", str(path),
               "--max-mb", str(size // 1_000_000 + 1)]
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE,  # nosec B603
                             stderr=subprocess.DEVNULL, text=True)
    output = child.stdout.read() if child.stdout else ""
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    path.unlink()
    return {
        "cases": count,
        "file_mb": round(size / 1e6, 1),
        "database": url.split(":", 1)[0],
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux: kilobytes
        "exit_code": child.returncode,
        "report": output.strip().splitlines()[:1],
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--database", help="PostgreSQL URL (dropped and created); default SQLite")
    options = parser.parse_args()
    print(json.dumps(run(options.cases, options.database)))
