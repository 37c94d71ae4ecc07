"""docs/operator-guide.md as a tested script: every fenced block carries a mark and is run or
checked (tests/operator_guide.py), from an empty PostgreSQL database through the roles, the env
file, ``db upgrade``, the first administrator, the region, a first case, backup, restore drill,
``audit verify``, an upgrade and the cron lines — so the guide can't drift from the code."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from caseflow.exchange.validator import MAX_BYTES
from tests.databases import BACKEND, POSTGRES_URL, WORKER
from tests.operator_guide import (
    KINDS,
    ROOT,
    VENV,
    Block,
    Machine,
    blocks,
    cron_commands,
    directives,
    env_file,
    register_first_case,
    run_bash,
)

ROLES = ("caseflow", "caseflow_owner")  # the guide's names; cluster-wide, so only this test
PASSWORD = "Vier-lange-woorden-op-een-rij-2026"
postgres_only = pytest.mark.skipif(
    BACKEND != "postgresql",
    reason="the guide installs on PostgreSQL (roles, grants, pg_dump/pg_restore)",
)


def _one(kind: str, arg: str = "") -> Block:
    (block,) = [b for b in blocks() if b.kind == kind and b.arg == arg]
    return block


def test_every_block_of_the_guide_has_a_mark():
    found = blocks()
    assert len(found) >= 15
    unmarked = [str(b) for b in found if b.kind not in KINDS]
    assert not unmarked, f"blocks without <!-- guide: … --> mark: {unmarked}"
    assert all(b.arg for b in found if b.kind in {"skip", "sql-file", "check"})


def test_the_install_block_names_files_that_exist_and_parses():
    (block,) = [b for b in blocks() if b.kind == "skip" and "pip" in b.text]
    assert "--require-hashes" in block.text
    for name in re.findall(r"-r (\S+)|-d (\S+)", block.text):
        assert (ROOT / "".join(name)).exists(), name
    assert (ROOT / "wsgi.py").is_file()
    check = subprocess.run(["bash", "-n"], input=block.text, capture_output=True, text=True,
                           check=False)
    assert check.returncode == 0, check.stderr


def test_the_nginx_site_keeps_the_port_redirects_and_logs_no_query():
    site = _one("check", "nginx").text
    assert re.search(r"proxy_set_header Host \$http_host;", site)
    assert "$host;" not in site.replace("$http_host", "")
    plain = re.search(r"server \{[^{}]*listen 80;[^{}]*\}", site)
    assert plain and "return 301 https://" in plain.group(0)
    (limit,) = re.findall(r"client_max_body_size (\d+)m;", site)
    assert int(limit) * 1000 * 1000 == MAX_BYTES
    (log_format,) = re.findall(r"log_format caseflow (.*?);", site, re.S)
    for variable in ("$request ", "$request\"", "$request_uri", "$args", "$query_string"):
        assert variable not in log_format, variable
    assert re.search(r"access_log \S+ caseflow;", site)
    nginx = shutil.which("nginx")
    if nginx is None:
        return  # structure only: nginx is not installed on this machine
    conf = f"events {{}}\nhttp {{\n{site}\n}}\n".replace("listen 443 ssl http2;", "listen 443;")
    result = subprocess.run([nginx, "-t", "-c", "/dev/stdin"], input=conf, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_the_systemd_unit_is_hardened():
    unit = _one("check", "systemd").text
    found = directives(unit)
    for key, value in {"User": "caseflow", "ProtectSystem": "strict", "NoNewPrivileges": "true",
                       "PrivateTmp": "true", "EnvironmentFile": "/etc/caseflow.env"}.items():
        assert found.get(key) == [value], (key, found.get(key))
    assert "wsgi:app" in found["ExecStart"][0] and "--access-logfile -" in found["ExecStart"][0]
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        return  # structure only
    unit_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"caseflow-guide-{WORKER}.service"
    here = unit.replace("/srv/caseflow/app/.venv/", f"{VENV}/")
    unit_file.write_text(here.replace("/srv/caseflow/app", str(ROOT)), encoding="utf-8")
    try:
        result = subprocess.run([analyze, "verify", str(unit_file)], capture_output=True,
                                text=True, check=False, timeout=60)
    finally:
        unit_file.unlink()
    # Only the unit's own complaints count (not those of the machine's other units).
    problems = [line for line in result.stderr.splitlines() if "caseflow-guide" in line]
    assert not problems, result.stderr


# Before section 5's upgrade: the database one migration behind, as after a `git pull` that
# brings one (run as the guide runs migrations: as postgres, acting as the owner).
DOWNGRADE = """cd /srv/caseflow/app
set -a; . /etc/caseflow.env; set +a
sudo -E -u postgres PGOPTIONS='-c role=caseflow_owner' \\
    CASEFLOW_DATABASE_URL='postgresql+psycopg://postgres@/caseflow?host=/var/run/postgresql' \\
    .venv/bin/flask --app caseflow db downgrade
"""


def test_the_stand_ins_map_the_guides_machine(tmp_path):
    """sudo without -E drops CASEFLOW_ settings (as the real one does), with -E keeps them, runs
    as postgres over TCP; the guide's paths and the socket URL point at this machine."""
    machine = Machine(tmp=tmp_path, database="caseflow_guide_x", host="127.0.0.1", port=5432)
    script = ("export CASEFLOW_ENV=production\n"
              "sudo -u caseflow env | grep -c CASEFLOW_ || true\n"
              "sudo -E -u caseflow env | grep -c CASEFLOW_\n"
              "sudo -u postgres A=1 env | grep -E '^(A|PGUSER|PGHOST)=' | sort\n"
              "sudo systemctl restart caseflow\n")
    result = run_bash(script, machine, env={"PATH": os.environ["PATH"]})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "1", "A=1", "PGHOST=127.0.0.1", "PGUSER=postgres"]
    assert machine.calls.read_text() == "systemctl restart caseflow\n"
    mapped = machine.substitute(
        "CASEFLOW_DATABASE_URL=postgresql+psycopg://caseflow@/caseflow?host=/var/run/postgresql\n"
        "pg_dump --format=custom --file=/var/backups/caseflow/x.dump caseflow\n"
        "psql --dbname=caseflow; createdb caseflow_restore; cd /srv/caseflow/app; .venv/bin/flask")
    assert "caseflow@127.0.0.1:5432/caseflow_guide_x\n" in mapped
    assert f"--file={tmp_path}/backups/x.dump caseflow_guide_x\n" in mapped
    assert "--dbname=caseflow_guide_x;" in mapped and "createdb caseflow_guide_x_restore" in mapped
    assert f"cd {ROOT};" in mapped and mapped.endswith(f"{VENV}/bin/flask")


def _admin(sql: list[str]) -> None:
    engine = create_engine(make_url(POSTGRES_URL).set(database="postgres"),
                           isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in sql:
            connection.execute(text(statement))
    engine.dispose()


@pytest.fixture
def machine(tmp_path):
    """A throwaway database name, the guide's two roles made anew, tmp dirs for its paths."""
    url = make_url(POSTGRES_URL)
    database = f"caseflow_guide_{WORKER}".lower()
    clean = [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
             for name in (database, f"{database}_restore")]
    clean += [f'DROP ROLE IF EXISTS "{role}"' for role in ROLES]
    # The roles are the cluster's: another checkout running this test at the same time waits.
    lock = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with lock.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(hashtext('caseflow operator guide'))"))
        _admin(clean)
        yield Machine(tmp=tmp_path, database=database, host=url.host or "127.0.0.1",
                      port=url.port or 5432)
        _admin(clean)
    lock.dispose()  # closing the session releases the lock


def _environment() -> dict[str, str]:
    """This process's environment without caseflow's or libpq's settings: the guide sets them."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("CASEFLOW_", "PG"))}
    return {**keep, "PYTHONPATH": str(ROOT)}


@postgres_only
def test_the_guide_runs_from_an_empty_database_to_backup_restore_and_upgrade(
        machine, monkeypatch):
    secret_key = ROOT / "instance" / "secret_key"
    before = secret_key.stat().st_mtime if secret_key.exists() else None
    environment, output, reference = _environment(), {}, None
    for block in blocks():
        if block.kind == "sql-file":
            (machine.tmp / block.arg).write_text(block.text, encoding="utf-8")
        elif block.kind == "env":
            machine.env_file.write_text(env_file(block, machine, environment), encoding="utf-8")
            machine.env_file.chmod(0o640)
        elif block.kind == "run":
            if "git pull" in block.text:  # the new release brings a migration: step one back
                result = run_bash(DOWNGRADE, machine, env=environment)
                assert result.returncode == 0, f"db downgrade:\n{result.stderr}"
            stdin = f"{PASSWORD}\n" if "--password-stdin" in block.text else ""
            result = run_bash(block.text, machine, stdin=stdin, env=environment)
            assert result.returncode == 0, f"{block}:\n{result.stdout}\n{result.stderr}"
            output[block.line] = result.stdout + result.stderr
            if "region setup" in block.text:
                reference = register_first_case(machine, monkeypatch, PASSWORD)
        elif block.kind == "cron":
            cron_env = {"PATH": "/usr/bin:/bin", "HOME": str(machine.tmp),
                        "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"}
            for user, command in cron_commands(block):
                assert user in {"root", "caseflow"}
                result = run_bash(command, machine, env=cron_env, cwd=machine.tmp)
                assert result.returncode == 0, f"{block}: {command}\n{result.stderr}"
                output[f"cron {command.rsplit('caseflow ', 1)[-1]}"] = result.stdout + result.stderr

    everything = "\n".join(output.values())
    assert reference and re.fullmatch(r"HL-\d{4}-0001", reference), reference
    assert "Account aangemaakt: beheer@region.example" in everything
    assert "beheer@region.example\tNaam Beheerder\tbeheerder\tRET Gooi en Vechtstreek\tactief" \
        in everything  # users list
    assert "token=" in everything and "Geef beheer@region.example deze link" in everything
    drill = next(out for line, out in output.items() if "pg_restore" in _block_at(line))
    assert re.search(r"Toegangslogboek in orde: \d+ regels", drill), drill
    assert " 0 ankerregels" not in drill and "Let op:" not in drill, drill
    assert "Toegangslogboek in orde" in output["cron audit verify"]
    upgrade = next(out for line, out in output.items() if "git pull" in _block_at(line))
    assert "Running upgrade" in upgrade, upgrade
    # The backup folder and the dumps are root's only; the guide's stand-ins were called.
    assert stat.S_IMODE(machine.backups.stat().st_mode) == 0o700
    dumps = sorted(machine.backups.glob("*.dump"))
    assert [d.name for d in dumps] == ["before-upgrade.dump",
                                       f"caseflow-{date.today().isoformat()}.dump"]
    assert {stat.S_IMODE(d.stat().st_mode) for d in dumps} == {0o600}
    calls = machine.calls.read_text()
    assert "systemctl restart caseflow" in calls and "git pull" in calls
    # Owner and runtime role as section 2 says; the case was written by the runtime role.
    owned = create_engine(make_url(POSTGRES_URL).set(database=machine.database))
    with owned.connect() as connection:
        owners = set(connection.scalars(text(
            "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")))
        rights = connection.execute(text(
            "SELECT has_table_privilege('caseflow', 'access_log', 'INSERT'), "
            "has_table_privilege('caseflow', 'access_log', 'DELETE'), "
            "has_table_privilege('caseflow', 'casus', 'UPDATE')")).one()
        cases = connection.scalar(text("SELECT count(*) FROM casus"))
    owned.dispose()
    assert owners == {"caseflow_owner"}
    assert tuple(rights) == (True, False, True) and cases == 1
    # Production mode throughout: no development key written into the checkout.
    assert (secret_key.stat().st_mtime if secret_key.exists() else None) == before


def _block_at(line: int | str) -> str:
    return next((b.text for b in blocks() if b.line == line), "")
