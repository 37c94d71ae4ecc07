"""`make test`: the whole suite on SQLite, then on PostgreSQL when it is reachable, then a summary.

PostgreSQL comes from CASEFLOW_TEST_DATABASE_URL, by default the local server on 127.0.0.1:5432.
Set CASEFLOW_TEST_REQUIRE_POSTGRES=1 (CI does) to fail instead of skipping when it is down.
"""

from __future__ import annotations

import os
import subprocess
import sys

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/caseflow_test"
WORKERS = os.environ.get("CASEFLOW_TEST_WORKERS", "2")


def postgres_reachable(url: str) -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        import psycopg
        from sqlalchemy.engine import make_url
    except ImportError as error:
        return f"psycopg ontbreekt ({error})"
    parsed = make_url(url)
    try:
        psycopg.connect(
            host=parsed.host or "127.0.0.1",
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            password=parsed.password,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]
    return None


def run_pytest(label: str, env: dict[str, str]) -> int:
    print(f"\n=== caseflow tests on {label} ===", flush=True)
    command = [sys.executable, "-m", "pytest", "-n", WORKERS, *sys.argv[1:]]
    return subprocess.call(command, env=env)


def main() -> int:
    results: list[tuple[str, str]] = []
    base_env = {k: v for k, v in os.environ.items() if k != "CASEFLOW_TEST_DATABASE_URL"}
    code = run_pytest("SQLite", base_env)
    results.append(("SQLite", "passed" if code == 0 else f"FAILED (exit {code})"))
    failed = code != 0

    url = os.environ.get("CASEFLOW_TEST_DATABASE_URL", DEFAULT_POSTGRES)
    reason = postgres_reachable(url)
    if reason is None:
        code = run_pytest("PostgreSQL", {**base_env, "CASEFLOW_TEST_DATABASE_URL": url})
        results.append(("PostgreSQL", "passed" if code == 0 else f"FAILED (exit {code})"))
        failed = failed or code != 0
    else:
        required = os.environ.get("CASEFLOW_TEST_REQUIRE_POSTGRES") == "1"
        results.append(("PostgreSQL", f"{'FAILED' if required else 'skipped'}: {reason}"))
        failed = failed or required

    print("\n=== summary ===")
    for backend, outcome in results:
        print(f"  {backend:<11} {outcome}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
