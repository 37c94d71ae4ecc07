"""Real app servers for concurrency tests: N gunicorn processes on one database.

Usage (the whole API)::

    from tests.gunicorn_servers import gunicorn_servers

    with gunicorn_servers(database_url, count=2) as servers:
        a, b = servers.urls                 # "http://127.0.0.1:PORT", one per process
        ...                                 # drive them with requests/urllib/threads
        assert ok, servers.logs()           # every server's stderr, for the failure message

``gunicorn_servers(database_url, count=1, *, env=None, workers=2, threads=4, timeout=90)``

- Each server is ``gunicorn -k gthread -w WORKERS --threads THREADS wsgi:app`` (the README's
  production line), started from the repository root with ``PYTHONPATH`` set to it, so the
  checkout's ``caseflow`` package is served. The gunicorn of the running interpreter's venv is used.
- The app is configured through ``CASEFLOW_*`` variables (caseflow/config.py): the database URL,
  a test secret key, the cheap Argon2 cost of ``tests/conftest.py:make_test_config`` and no CSRF
  time limit. Every ``CASEFLOW_*`` variable of the calling environment is dropped first;
  ``env`` adds or overrides variables (e.g. ``{"CASEFLOW_LOGIN_MAX_FAILURES": "5"}``).
- The caller creates the schema (``db.create_all()`` or ``flask db upgrade``) *before* starting.
- Each listening socket is bound here (port 0) and handed to gunicorn as ``fd://N``, so there is
  no race for a free port. The context waits (bounded polling) until every server answers
  ``/healthz`` with 200; if one dies or does not answer within ``timeout`` seconds, it raises
  ``RuntimeError`` with the server's stderr.
- On exit every server gets SIGINT (gunicorn's quick shutdown), then SIGKILL (its whole process
  group) if it has not stopped within 20 seconds. ``servers.logs()`` still works after exit.
- ``server_env(database_url, env)`` is the environment the servers get: use it to run ``flask``
  commands (daily jobs) against the same database while they serve.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess  # nosec B404 - tests start their own servers
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

REPO_ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
TEST_SECRET_KEY = "test-secret-key-not-for-production-0123456789"
STOP_SECONDS = 20


@dataclass
class _Server:
    url: str
    process: subprocess.Popen[bytes]
    stderr: IO[bytes]
    captured: str | None = None  # the log, kept when the server stops and its file is closed

    def log(self) -> str:
        if self.captured is not None:
            return self.captured
        self.stderr.flush()
        self.stderr.seek(0)
        text = self.stderr.read().decode("utf-8", "replace")
        self.stderr.seek(0, os.SEEK_END)
        return text


@dataclass
class Servers:
    """What ``gunicorn_servers`` yields: ``urls`` and ``logs()``."""

    _servers: list[_Server] = field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        return [server.url for server in self._servers]

    def logs(self) -> str:
        """Every server's stderr (gunicorn's error log and tracebacks), labelled by URL."""
        return "\n".join(f"--- {s.url} stderr ---\n{s.log()}" for s in self._servers)


TEST_AUDIT_KEY = "test-audit-key-not-for-production-0123456789"
TEST_DATA_KEY = "I3gaa7r7N_84DRvGP6gDFllXpFvWCKd2k3uDDR2oDJo="
_ANCHORS = Path(tempfile.mkdtemp(prefix="caseflow-server-anchors-"))


def _anchor_file(database_url: str) -> Path:
    """One anchor file per database, shared by every server and command on it."""
    return _ANCHORS / (hashlib.sha256(database_url.encode()).hexdigest()[:16] + ".log")


def server_env(database_url: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a server process gets (also handy for running ``flask`` commands)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEFLOW_")}
    env.update(
        {
            "PYTHONPATH": str(REPO_ROOT),
            "CASEFLOW_DATABASE_URL": database_url,
            "CASEFLOW_SECRET_KEY": TEST_SECRET_KEY,
            "CASEFLOW_ARGON2_TIME_COST": "1",
            "CASEFLOW_ARGON2_MEMORY_COST": "8",
            "CASEFLOW_ARGON2_PARALLELISM": "1",
            "CASEFLOW_WTF_CSRF_TIME_LIMIT": "null",
            # The access log's anchors belong to this database, never to the checkout's instance/
            # folder (a `make run` there would make every server test's `audit verify` fail).
            "CASEFLOW_AUDIT_KEY": TEST_AUDIT_KEY,
            "CASEFLOW_DATA_KEY": TEST_DATA_KEY,
            "CASEFLOW_AUDIT_ANCHOR_FILE": str(_anchor_file(database_url)),
        }
    )
    env.update(extra or {})
    return env


def _listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=5) as response:  # nosec B310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop_all(servers: Servers) -> None:
    """Signal every server first, then wait, so N servers stop in the time of one."""
    running = [s for s in servers._servers if s.process.poll() is None]
    for server in running:
        server.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: the test is over
    for server in running:
        try:
            server.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)  # the arbiter and its workers
            server.process.wait(timeout=STOP_SECONDS)
    for server in servers._servers:
        server.captured = server.log()
        server.stderr.close()


@contextmanager
def gunicorn_servers(
    database_url: str,
    count: int = 1,
    *,
    env: Mapping[str, str] | None = None,
    workers: int = 2,
    threads: int = 4,
    timeout: float = 90,
) -> Iterator[Servers]:
    """Start ``count`` gunicorn servers on ``database_url``; see the module docstring."""
    servers = Servers()
    process_env = server_env(database_url, env)
    with ExitStack() as stack:
        stack.callback(_stop_all, servers)  # runs after the sockets below are closed
        for _ in range(count):
            sock = stack.enter_context(_listening_socket())
            port = sock.getsockname()[1]
            stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _stop
            process = subprocess.Popen(  # nosec B603 - fixed argument list
                [
                    str(GUNICORN),
                    "-k", "gthread",
                    "-w", str(workers),
                    "--threads", str(threads),
                    "-b", f"fd://{sock.fileno()}",
                    "--graceful-timeout", "2",
                    "--timeout", "120",
                    "--log-level", "warning",
                    "wsgi:app",
                ],
                cwd=REPO_ROOT,
                env=process_env,
                stdout=stderr,
                stderr=stderr,
                pass_fds=(sock.fileno(),),
                start_new_session=True,
            )
            server = _Server(f"http://127.0.0.1:{port}", process, stderr)
            servers._servers.append(server)
        _wait_until_healthy(servers, timeout)
        yield servers


def _wait_until_healthy(servers: Servers, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    waiting = list(servers._servers)
    while waiting:
        for server in list(waiting):
            if server.process.poll() is not None:
                raise RuntimeError(f"gunicorn on {server.url} exited:\n{server.log()}")
            if _healthy(server.url):
                waiting.remove(server)
        if waiting and time.monotonic() > deadline:
            raise RuntimeError(f"no /healthz answer in {timeout} s:\n{servers.logs()}")
        if waiting:
            time.sleep(0.2)  # polling a port while a server starts, not a wait in an assertion
