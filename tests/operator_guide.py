"""Reads docs/operator-guide.md as a script: its fenced blocks, each after a mark such as
``<!-- guide: run -->``, and the machine mapping that lets them run here as written.

Marks: ``run`` (bash, after :func:`prelude`), ``env`` (the env file), ``sql-file NAME`` (saved
under NAME), ``check nginx`` / ``check systemd`` (checked, not run), ``cron`` (each line's command
run as cron would), ``skip REASON``. tests/test_operator_guide.py runs them in the guide's order.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyotp
from sqlalchemy import select

from tests.helpers import csrf_token

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "operator-guide.md"
VENV = Path(sys.prefix)
KINDS = {"run", "env", "sql-file", "check", "cron", "skip"}
_BLOCK = re.compile(r"^```([a-z]*)\n(.*?)^```$", re.S | re.M)
_MARK = re.compile(r"<!-- guide: ([a-z-]+)(?: (.*?))? -->\s*\Z")
TIMEOUT = 180  # seconds for one block; a hang fails the test instead of blocking it


@dataclass(frozen=True)
class Block:
    line: int  # of the opening fence, for messages
    lang: str
    text: str
    kind: str | None  # None: no mark (the test fails)
    arg: str

    def __str__(self) -> str:
        return f"docs/operator-guide.md:{self.line} ({self.kind or 'no mark'})"


def blocks(text: str | None = None) -> list[Block]:
    """Every fenced block of the guide with the mark on the line(s) before it."""
    text = GUIDE.read_text(encoding="utf-8") if text is None else text
    found = []
    for match in _BLOCK.finditer(text):
        before = text[: match.start()].rstrip("\n")
        mark = _MARK.search(before.rsplit("\n", 1)[-1] + "\n") if before else None
        kind, arg = (mark.group(1), mark.group(2) or "") if mark else (None, "")
        line = text.count("\n", 0, match.start()) + 1
        found.append(Block(line, match.group(1), match.group(2), kind, arg))
    return found


@dataclass(frozen=True)
class Machine:
    """Where the guide's paths are on this machine, and the throwaway database."""

    tmp: Path
    database: str  # the throwaway database's name, for the guide's `caseflow`
    host: str
    port: int

    @property
    def env_file(self) -> Path:
        return self.tmp / "caseflow.env"

    @property
    def backups(self) -> Path:
        return self.tmp / "backups"

    @property
    def state(self) -> Path:
        return self.tmp / "lib"

    @property
    def calls(self) -> Path:
        """What the stand-ins (systemctl, adduser, git pull, pip) were asked to do."""
        return self.tmp / "calls.log"

    def substitute(self, text: str) -> str:
        """The guide's paths and names as they are here (see the module's docstring)."""
        database, host = self.database, f"{self.host}:{self.port}"

        def url(match: re.Match[str]) -> str:
            return f"@{host}/{match.group(1).replace('caseflow', database, 1)}"

        text = re.sub(r"@/(caseflow\w*)\?host=/var/run/postgresql", url, text)
        text = text.replace("caseflow_restore", f"{database}_restore")
        text = re.sub(r"--dbname=caseflow\b", f"--dbname={database}", text)
        text = text.replace("CREATE DATABASE caseflow OWNER", f"CREATE DATABASE {database} OWNER")
        text = re.sub(r"(pg_dump [^\n]*) caseflow$", rf"\1 {database}", text, flags=re.M)
        for guide_path, here in (
            ("/srv/caseflow/app/.venv/", f"{VENV}/"),
            ("/srv/caseflow/caseflow-grants.sql", str(self.tmp / "caseflow-grants.sql")),
            ("/srv/caseflow/app", str(ROOT)),
            ("/etc/caseflow.env", str(self.env_file)),
            ("/var/backups/caseflow", str(self.backups)),
            ("/var/lib/caseflow", str(self.state)),
        ):
            text = text.replace(guide_path, here)
        return re.sub(r"(?<![\w/])\.venv/", f"{VENV}/", text)

    def prelude(self) -> str:
        """bash functions for what this machine lacks: sudo (``-u USER``, ``-E``, ``VAR=val``;
        as postgres over TCP), systemctl/adduser/git pull/pip install recorded, not run, and
        install without ``-o``/``-g`` (there is no caseflow user here)."""
        return f"""
GUIDE_CALLS={self.calls}
record() {{ printf '%s\\n' "$*" >> "$GUIDE_CALLS"; }}
systemctl() {{ record "systemctl $*"; }}
adduser() {{ record "adduser $*"; }}
git() {{ if [ "$1" = pull ]; then record "git $*"; else command git "$@"; fi; }}
install() {{
    local args=()
    while [ $# -gt 0 ]; do
        case "$1" in
            -o|-g) record "install $1 $2 (dropped)"; shift 2;;
            *) args+=("$1"); shift;;
        esac
    done
    command install "${{args[@]}}"
}}
sudo() {{
    local keep= user=root
    while [ $# -gt 0 ]; do
        case "$1" in
            -E) keep=1; shift;;
            -u) user=$2; shift 2;;
            -*) echo "sudo stand-in: unknown option $1" >&2; return 2;;
            *) break;;
        esac
    done
    local assign=()
    while [ $# -gt 0 ] && [[ "$1" == [A-Za-z_]*=* ]]; do assign+=("$1"); shift; done
    if [ "$user" = postgres ]; then
        assign+=(PGHOST={self.host} PGPORT={self.port} PGUSER=postgres)
    fi
    case "$1" in */pip) record "sudo $* (not run: the install block is checked instead)";
        return 0;; esac
    if declare -F "$1" > /dev/null; then "$@"; return; fi
    local drop=()
    if [ -z "$keep" ]; then  # sudo without -E resets the environment
        for name in ${{!CASEFLOW_@}}; do drop+=(-u "$name"); done
    fi
    env "${{drop[@]}}" "${{assign[@]}}" "$@"
}}
"""


def run_bash(script: str, machine: Machine, *, stdin: str = "", env: dict[str, str],
             cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """A block in bash with ``-e`` (a failing command fails the block) after the prelude."""
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", machine.prelude() + machine.substitute(script)],
        input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=TIMEOUT,
        check=False,
    )


def env_file(block: Block, machine: Machine, env: dict[str, str]) -> str:
    """The guide's env file with its placeholders filled: ``<output of: CMD>`` runs CMD,
    ``<… made the same way>`` runs the command before it again."""
    lines, last = [], ""
    for line in machine.substitute(block.text).splitlines():
        placeholder = re.search(r"<(?:output of: (.*)|.*the same way)>$", line)
        if placeholder:
            last = placeholder.group(1) or last
            made = subprocess.run(["bash", "-c", last], capture_output=True, text=True,
                                  env=env, timeout=TIMEOUT, check=True).stdout.strip()
            line = line[: placeholder.start()] + made
        lines.append(line)
    return "\n".join(lines) + "\n"


def cron_commands(block: Block) -> list[tuple[str, str]]:
    """(user, command) of each line of an /etc/cron.d file."""
    entries = []
    for line in block.text.splitlines():
        if line.strip() and not line.startswith("#"):
            fields = line.split(None, 6)
            assert len(fields) == 7, f"not a cron.d line: {line}"
            entries.append((fields[5], fields[6]))
    return entries


def directives(text: str) -> dict[str, list[str]]:
    """``Key=value`` lines of a unit file (continuation lines joined)."""
    found: dict[str, list[str]] = {}
    for line in text.replace("\\\n", " ").splitlines():
        if "=" in line and not line.lstrip().startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def settings(machine: Machine) -> dict[str, str]:
    """The env file as the shell reads it (`set -a; . /etc/caseflow.env`)."""
    shell = subprocess.run(["bash", "-c", f"set -a; . {machine.env_file}; env -0"],
                           capture_output=True, text=True, env={}, check=True)
    pairs = (item.split("=", 1) for item in shell.stdout.split("\0") if "=" in item)
    return {k: v for k, v in pairs if k.startswith("CASEFLOW_")}


def register_first_case(machine: Machine, monkeypatch: Any, password: str) -> str:
    """The chair registers the first case. There is no CLI for that, so through the web form,
    with the Flask test client, in production mode with the guide's env file and database role;
    the chair's account and authenticator are made in-process (the beheerder does it in /admin)."""
    from caseflow import create_app
    from caseflow.auth.models import Role, User
    from caseflow.auth.services import create_user, find_organisation
    from caseflow.cases.models import Gemeente
    from caseflow.extensions import db

    for key, value in settings(machine).items():
        monkeypatch.setenv(key, value)
    app = create_app()
    assert app.config["ENV"] == "production"
    secret = pyotp.random_base32()
    with app.app_context():
        chair = create_user(email="voorzitter@region.example", name="Voorbeeld Voorzitter",
                            role=Role.VOORZITTER,
                            organisation=find_organisation("RET Gooi en Vechtstreek"),
                            password=password)
        chair.totp_secret = secret
        chair.totp_enabled_at = chair.created_at
        db.session.commit()
        gemeente = db.session.scalars(select(Gemeente).where(Gemeente.active)
                                      .order_by(Gemeente.name)).first()
        gemeente_id = gemeente.id
        db.session.remove()
    base = "https://caseflow.region.example"
    client = app.test_client()
    client.environ_base.update(HTTP_REFERER=f"{base}/", wsgi_url_scheme="https")
    client.environ_base["HTTP_HOST"] = "caseflow.region.example"
    answer = client.post("/login", data={"csrf_token": csrf_token(client, "/login"),
                                         "email": "voorzitter@region.example",
                                         "password": password})
    assert answer.status_code == 302 and answer.headers["Location"] == "/login/tweede-stap"
    answer = client.post("/login/tweede-stap", data={
        "csrf_token": csrf_token(client, "/login/tweede-stap"),
        "code": pyotp.TOTP(secret).now()})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    answer = client.post("/cases/new", data={
        "csrf_token": csrf_token(client, "/cases/new"), "pseudonym": "Sam",
        "birth_year": "2012", "birth_month": "4", "gemeente": str(gemeente_id),
        "referrer_type": "gi", "question": "Passende plek gezocht", "problem_areas": "trauma",
        "registered_on": date.today().isoformat(), "referrer_organisation": "0",
        "casusregisseur": "0"})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:3000]
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.email.like("voorz%"))) == "voorzitter"
        db.engine.dispose()
    return answer.headers["Location"].rsplit("/", 1)[-1]
