"""Issue 17, point 8 (first half): two app servers, one PostgreSQL database. Two gunicorn
instances on different ports share the database and nothing else, and behave as one: a session
started on A works on B, failed logins spread over A and B count together, two deciders moving
the same case at once on A and B give one move and one clean refusal, and the daily jobs run
against the shared database while both serve. SQLite is an embedded, one-server database."""

from __future__ import annotations

import re
import subprocess  # nosec B404 - the daily jobs are run as an operator runs them
import sys
import threading
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from caseflow.audit.services import verify_chain
from caseflow.auth.models import Role
from caseflow.cases.models import Case, PhaseTransition
from caseflow.cases.services import move_case
from caseflow.cases.workflow import Phase, Trigger
from caseflow.extensions import db
from tests.case_helpers import chair_user, new_case
from tests.conftest import fresh_app
from tests.databases import BACKEND
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.gunicorn_servers import gunicorn_servers, server_env
from tests.http_users import Answer, HttpUser
from tests.team_load import build_team, run_team, stored_titles

pytestmark = pytest.mark.skipif(
    BACKEND != "postgresql",
    reason="two app servers need a database server; SQLite is embedded in one (see README)",
)
FLASK = [str(Path(sys.executable).parent / "flask"), "--app", "caseflow"]
MAX_FAILURES = 3  # the servers' login limit, set explicitly so the test does not hang on defaults
RACES = 4


@pytest.fixture(scope="module")
def shared():
    """The database, its fixtures and two servers on it, shared by this module's tests."""
    app = fresh_app("twoservers")
    with app.app_context():
        deciders = [UserFactory(role=Role.PROCESBEGELEIDER.value) for _ in range(2)]
        lead = chair_user()
        races = [new_case(lead, pseudonym=f"Racekind {n}").reference for n in range(RACES)]
        with freeze_time("2001-03-01 10:00:00"):  # closed long past the retention period
            expired = new_case(lead, pseudonym="Verlopen")
            move_case(expired, Trigger.AFSLUITEN, lead, closing_reason="afgerond")
        people = {"deciders": [u.email for u in deciders], "races": races,
                  "expired": expired.id}
        db.session.commit()
        db.session.remove()
    people["team"] = build_team(app, users=4, cases=1)
    env = {"CASEFLOW_LOGIN_MAX_FAILURES": str(MAX_FAILURES)}
    with gunicorn_servers(app.config["SQLALCHEMY_DATABASE_URI"], count=2, env=env) as servers:
        yield app, servers, people
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_session_started_on_a_works_on_b_and_ends_on_both(shared):
    _app, servers, people = shared
    a_url, b_url = servers.urls
    on_a = HttpUser(a_url)
    assert on_a.login(people["team"].emails[0], DEFAULT_PASSWORD).status == 302
    on_b = HttpUser(b_url)
    on_b.use_cookies_of(on_a)
    reference = people["team"].references[0]
    assert on_b.get(f"/cases/{reference}").status == 200, servers.logs()
    assert on_b.post_form("/logout", {}, form_page="/").status == 302
    # the logout on B ends the session for A too: the cookie A still has is not accepted
    again = on_a.get(f"/cases/{reference}")
    assert again.status == 302 and "/login" in again.location, again


def _move(user: HttpUser, reference: str, start: threading.Barrier, out: list[Answer]) -> None:
    token = user.csrf_token(f"/cases/{reference}")
    version = _version(user, reference)
    start.wait(timeout=120)
    out.append(user.post(f"/cases/{reference}/move", {
        "csrf_token": token, "trigger": Trigger.START_ANALYSE.value, "version": version,
    }))


def _version(user: HttpUser, reference: str) -> str:
    match = re.search(r'name="version" value="(\d+)"', user.get(f"/cases/{reference}").body)
    assert match, "no version on the case page"
    return match.group(1)


def test_two_deciders_move_one_case_at_once_on_a_and_b(shared):
    app, servers, people = shared
    deciders = []
    for email, url in zip(people["deciders"], servers.urls, strict=True):
        user = HttpUser(url)
        assert user.login(email, DEFAULT_PASSWORD).status == 302
        deciders.append(user)
    for reference in people["races"]:
        answers: list[Answer] = []
        start = threading.Barrier(2)
        threads = [threading.Thread(target=_move, args=(u, reference, start, answers))
                   for u in deciders]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # one moves (redirect to the case page); the other gets the case page again with
        # "changed meanwhile" next to the form (400, issue 23); no 500
        assert sorted(a.status for a in answers) == [302, 400], [str(a) for a in answers]
        refused = next(a for a in answers if a.status == 400)
        assert "intussen door iemand anders gewijzigd" in refused.body
    with app.app_context():
        for reference in people["races"]:
            case = db.session.scalar(select(Case).where(Case.reference == reference))
            moves = db.session.scalar(select(func.count()).select_from(PhaseTransition).where(
                PhaseTransition.case_id == case.id))
            assert case.phase == Phase.VERKLARENDE_ANALYSE
            assert moves == 2, reference  # intake + exactly one of the two moves
        assert verify_chain().ok
        db.session.remove()


def test_daily_jobs_run_against_the_shared_database_while_both_serve(shared):
    app, servers, people = shared
    team = people["team"]
    env = server_env(app.config["SQLALCHEMY_DATABASE_URI"])
    results: dict[str, subprocess.CompletedProcess[str]] = {}

    def jobs() -> None:
        for job in (["retention", "purge"], ["risk", "recompute"], ["audit", "verify"]):
            results[" ".join(job)] = subprocess.run(  # nosec B603 - fixed commands
                [*FLASK, *job], env=env, capture_output=True, text=True, timeout=300,
                check=False)

    runner = threading.Thread(target=jobs)
    runner.start()
    tally = run_team(servers.urls, team, rounds=4)  # both servers busy while the jobs run
    runner.join()
    for job, result in results.items():
        assert result.returncode == 0, f"{job}: {result.stdout}\n{result.stderr}"
    assert "1 casus vernietigd" in results["retention purge"].stdout
    assert not tally.failures, "\n".join(tally.failures[:10]) + servers.logs()
    assert sorted(stored_titles(app)) == sorted(tally.posted)
    with app.app_context():
        assert db.session.get(Case, people["expired"]) is None
        assert verify_chain().ok
        db.session.remove()


def test_failed_logins_on_a_and_b_count_together(shared):
    # Last in the module: the failures also count against the address (127.0.0.1) the other
    # tests log in from.
    _app, servers, people = shared
    email = people["team"].emails[1]
    users = [HttpUser(url) for url in servers.urls]
    answers = [users[n % 2].login(email, "wrong password!") for n in range(MAX_FAILURES)]
    assert [a.status for a in answers] == [401] * MAX_FAILURES, answers
    # the next try, on the server with fewer failures and with the right password, is refused
    last = users[MAX_FAILURES % 2].login(email, DEFAULT_PASSWORD)
    assert last.status == 429, last
