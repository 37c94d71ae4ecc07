"""Issue 17, point 4: the embedded SQLite database serves a small team. Eight users at once on
gunicorn (2 workers x 4 threads, the README's production line) read case pages and log timeline
events: no request fails with a 500 ("database is locked"), every event posted is stored and the
access log's chain is intact. Runs on PostgreSQL too, against the same expectations."""

from __future__ import annotations

from collections import Counter

import pytest

from caseflow.audit.services import verify_chain
from caseflow.extensions import db
from tests.conftest import fresh_app
from tests.gunicorn_servers import gunicorn_servers
from tests.team_load import build_team, run_team, stored_titles

USERS = 8
ROUNDS = 5


@pytest.fixture
def team_app():
    app = fresh_app("team")
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_eight_users_read_and_write_at_once_without_errors_or_lost_writes(team_app):
    team = build_team(team_app, users=USERS, cases=2)
    url = team_app.config["SQLALCHEMY_DATABASE_URI"]
    with gunicorn_servers(url, count=1) as servers:
        tally = run_team(servers.urls, team, ROUNDS)
    assert not tally.failures, "\n".join(tally.failures[:10]) + "\n" + servers.logs()
    assert len(tally.posted) == USERS * ROUNDS
    stored = Counter(stored_titles(team_app))
    assert stored == Counter(tally.posted)  # each posted event stored exactly once
    with team_app.app_context():
        report = verify_chain()
        assert report.ok, report
        assert report.rows >= USERS * ROUNDS * 3  # a read, an event and a read per round
