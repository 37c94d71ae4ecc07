"""``make bench``: generate a region on PostgreSQL, serve it with gunicorn (gthread, 2 workers),
load every page with wrk at 1/8/32 connections, time writes and the bulk commands, and write
``bench/results/<date>-<cases>.json`` plus a Markdown table of ratios to B0 (and B1 for lists).

Only loopback traffic; every wrk run is bounded by --duration. Environment:
BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/caseflow_bench).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess  # nosec B404 - runs our own tools
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PORT = 8731
BASE = f"http://127.0.0.1:{PORT}"
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/caseflow_bench"


def sh(*args: str, env: dict, capture: bool = False) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run(args, env=env, cwd=ROOT, check=True, text=True,  # nosec B603
                         capture_output=capture)
    return time.perf_counter() - started, (out.stdout if capture else "")


def recreate(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = url.replace("postgresql+psycopg", "postgresql").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def pick(url: str) -> dict:
    plain = url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain) as conn:
        ref, events = conn.execute(
            # An open case: a chair opening a case closed over a year ago gets the break-glass
            # page instead (the 50,000-case run of 2026-12-04 measured that page by mistake).
            "SELECT c.reference, count(*) FROM casus c JOIN timeline_event e ON e.case_id = c.id "
            "WHERE c.phase <> 'afgesloten' "
            "GROUP BY c.reference ORDER BY abs(count(*) - 300), c.reference LIMIT 1").fetchone()
        (pages,) = conn.execute("SELECT count(*) / 25 FROM casus").fetchone()
    return {"reference": ref, "events": events, "deep_page": max(1, int(pages * 0.8))}


def pages(info: dict) -> dict[str, str]:
    ref, retro = info["reference"], info.get("retrospective")
    year = dt.date.today().year - 1
    return {
        "B0": "/bench/b0",
        "B1": "/bench/b1",
        "start": "/",
        "case_list": "/cases",
        "case_list_filtered": "/cases?phase=blijven_volgen&sort=-phase_since",
        "case_list_deep": f"/cases?status=all&page={info['deep_page']}",
        "case_page": f"/cases/{ref}",
        "timeline": f"/cases/{ref}/timeline",
        "timeline_svg": f"/cases/{ref}/timeline.svg",
        "board": "/board",
        "risk_overview": "/risk",
        "monitor_year": f"/monitor?period=year&year={year}",
        "monitor_jaren": f"/monitor/jaren?period=year&year={year}",
        **({"retro_report": f"/retrospectives/{retro}/verslag"} if retro else {}),
    }


def import_cases(url: str, env: dict, count: int) -> float:
    """Seconds for ``flask cases import`` of ``count`` exported cases into an empty database that
    knows the region's gemeenten (the importer refuses unknown ones)."""
    path = Path("/tmp") / f"caseflow-bench-export-{count}.json"  # nosec B108 - local benchmark
    sh(str(BIN / "python"), "bench/fixtures.py", "export", str(count), str(path), env=env)
    target = url.rsplit("/", 1)[0] + "/caseflow_bench_import"
    recreate(target)
    import_env = {**env, "CASEFLOW_DATABASE_URL": target}
    flask = [str(BIN / "flask"), "--app", "caseflow"]
    sh(*flask, "db", "upgrade", env=import_env, capture=True)
    plain = {u: u.replace("postgresql+psycopg", "postgresql") for u in (url, target)}
    with psycopg.connect(plain[url]) as source, psycopg.connect(plain[target]) as sink:
        names = source.execute("SELECT name, active FROM gemeente").fetchall()
        sink.cursor().executemany("INSERT INTO gemeente (name, active) VALUES (%s, %s) "
                                  "ON CONFLICT DO NOTHING", names)
    seconds, _ = sh(*flask, "cases", "import", str(path), env=import_env, capture=True)
    path.unlink()
    return seconds


def drain(limit_s: float = 120) -> None:
    """Wait until the server has worked off what the previous run left queued (wrk stops at
    its deadline, the server does not): a slow page at 32 connections leaves seconds of work,
    which would otherwise be billed to the next measurement."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        started = time.perf_counter()
        subprocess.run(["curl", "-sf", "-o", "/dev/null", BASE + "/bench/b0"],  # nosec
                       check=True)
        if time.perf_counter() - started < 0.05:
            return


def wrk(path: str, connections: int, duration: int, cookie: str) -> dict:
    args = ["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{duration}s",
            "--timeout", "30s", "-s", str(ROOT / "bench" / "percentiles.lua"),
            "-H", f"Cookie: {cookie}", BASE + path]
    out = subprocess.run(args, check=True, text=True, capture_output=True).stdout  # nosec B603
    values = dict(re.findall(r"(\w+)=(\d+)", out.split("RESULT", 1)[1]))
    requests, seconds = int(values["requests"]), int(values["duration_us"]) / 1e6
    return {"rps": round(requests / seconds, 1), "p50_ms": int(values["p50"]) / 1000,
            "p95_ms": int(values["p95"]) / 1000, "requests": requests,
            "errors": int(values["errors"]) + int(values["non2xx"])}


def table(result: dict) -> str:
    levels = result["concurrency"]
    loads = result["load"]
    head = "| page | " + " | ".join(f"rps c={c} (×B0)" for c in levels)
    head += " | p50/p95 ms c=1 | p95 c=8 / c=1 |\n|---|" + "---|" * (len(levels) + 2) + "\n"
    lines = []
    for name, per in loads.items():
        cells = []
        for c in levels:
            rps = per[str(c)]["rps"]
            ratio = rps / max(loads["B0"][str(c)]["rps"], 0.1)
            b1 = max(loads["B1"][str(c)]["rps"], 0.1)
            extra = f", ×B1 {rps / b1:.3f}" if "case_list" in name else ""
            cells.append(f"{rps:.1f} ({ratio:.3f}{extra})")
        one, eight = per[str(levels[0])], per.get("8", per[str(levels[0])])
        growth = eight["p95_ms"] / one["p95_ms"] if one["p95_ms"] else 0
        lines.append(f"| {name} | " + " | ".join(cells)
                     + f" | {one['p50_ms']:.1f}/{one['p95_ms']:.1f} | {growth:.1f} |")
    b0_ms = 1000 / max(loads["B0"][str(levels[0])]["rps"], 0.1)
    other = [f"| {name} | {seconds:.1f} s |" for name, seconds in result["commands"].items()]
    other += [f"| write: {name} | {ms:.1f} ms (×{ms / b0_ms:.0f} B0 latency) |"
              for name, ms in result["writes"].items()]
    return head + "\n".join(lines) + "\n\n| job | time |\n|---|---|\n" + "\n".join(other) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--reuse", action="store_true", help="keep the generated database")
    parser.add_argument("--reads-per-case", type=int, default=20,
                        help="access-log rows per case made by the generator")
    parser.add_argument("--import-cases", type=int, default=1000)
    options = parser.parse_args()
    load_at_start = list(os.getloadavg())  # other work on the machine shows up here
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "update", "-qq"], check=True)  # nosec B603 B607
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)  # nosec B603 B607
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    # Each database its own anchor file: the access log's checkpoints of the 5,000-case region
    # are not in the 50,000-case one, and `audit verify` rightly calls that a rewritten chain.
    anchors = ROOT / "instance" / f"bench-anchors-{url.rsplit('/', 1)[1]}.log"
    env = {**os.environ, "CASEFLOW_DATABASE_URL": url, "PYTHONPATH": str(ROOT),
           "CASEFLOW_SECRET_KEY": "bench-only-secret-key-0123456789-0123456789",
           "CASEFLOW_AUDIT_ANCHOR_FILE": str(anchors)}
    flask = [str(BIN / "flask"), "--app", "caseflow"]
    commands: dict[str, float] = {}
    if not options.reuse:
        recreate(url)
        anchors.unlink(missing_ok=True)
    sh(*flask, "db", "upgrade", env=env, capture=True)  # a reused database gets new migrations
    if not options.reuse:
        commands["generate"], _ = sh(*flask, "generate", "--cases", str(options.cases),
                                     "--reads-per-case", str(options.reads_per_case),
                                     "--no-risk", env=env, capture=True)
    commands["risk recompute"], _ = sh(*flask, "risk", "recompute", env=env, capture=True)
    commands["audit verify"], verify_out = sh(*flask, "audit", "verify", env=env, capture=True)
    # The monitor's summary, as the daily job rebuilds it every night (docs/monitor-summary.md).
    commands["monitor summary"], _ = sh(str(BIN / "python"), "bench/monitor_year.py",
                                        "--rebuild-only", env=env, capture=True)
    sh(str(BIN / "python"), "bench/login.py", "setup", env=env)
    info = pick(url)
    _, retro = sh(str(BIN / "python"), "bench/fixtures.py", "retrospective", info["reference"],
                  env=env, capture=True)
    info["retrospective"] = int(retro.strip().splitlines()[-1])
    server = subprocess.Popen(  # nosec B603
        [str(BIN / "gunicorn"), "-k", "gthread", "-w", "2", "--threads", "4", "-b",
         f"127.0.0.1:{PORT}", "--log-level", "warning", "bench.app:app"], cwd=ROOT, env=env)
    try:
        for _ in range(50):
            try:
                subprocess.run(["curl", "-sf", BASE + "/bench/b0"], check=True,  # nosec
                               capture_output=True)
                break
            except subprocess.CalledProcessError:
                time.sleep(0.2)
        cookie = subprocess.run([str(BIN / "python"), "bench/login.py", "cookie", BASE],  # nosec
                                env=env, cwd=ROOT, check=True, text=True,
                                capture_output=True).stdout.strip()
        levels = [int(c) for c in options.concurrency.split(",")]
        load: dict[str, dict] = {}
        for name, path in pages(info).items():
            subprocess.run(["curl", "-s", "-o", "/dev/null", "-H", f"Cookie: {cookie}",  # nosec
                            BASE + path], check=True)  # warm up: templates, caches
            load[name] = {}
            for c in levels:
                drain()
                load[name][str(c)] = wrk(path, c, options.duration, cookie)
            print(name, load[name], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    commands[f"import {options.import_cases} cases"] = import_cases(url, env, options.import_cases)
    try:
        _, writes = sh(str(BIN / "python"), "bench/writes.py", env=env, capture=True)
    except subprocess.CalledProcessError as error:
        print("writes failed:", error, file=sys.stderr)
        writes = "{}"
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average": {"start": load_at_start, "end": list(os.getloadavg())},
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "database": url.split("@")[-1], "cases": options.cases, "case": info,
        "concurrency": levels, "duration_s": options.duration, "commands": commands,
        "audit_verify": verify_out.strip(), "writes": json.loads(writes), "load": load,
        "command": "python bench/run.py " + " ".join(sys.argv[1:]),
    }
    result["table"] = table(result)
    out = ROOT / "bench" / "results" / f"{dt.datetime.now(dt.UTC).date()}-{options.cases}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(result["table"])
    print(f"written: {out}")


if __name__ == "__main__":
    main()
