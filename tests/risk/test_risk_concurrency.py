"""Issue 22, point 7: two chairs log a crisis on the same case at the same moment, on two app
servers sharing one PostgreSQL database. Before: in some trials the case got the same active
``crises_recent`` flag twice, in others one of them got a 500 (``pk_risk_case_summary``) and
lost the event. Now: no 500, no lost event, one active flag per (case, code), and the summary
equal to what the flags say. SQLite is an embedded, one-writer database (see README)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from caseflow.auth.models import Role
from caseflow.extensions import db
from caseflow.risk.models import RiskCaseSummary, RiskFlag
from caseflow.risk.summary import aggregate
from caseflow.timeline.models import TimelineEvent
from caseflow.timeline.services import EventContent, log_event
from tests.case_helpers import chair_user, new_case
from tests.conftest import fresh_app
from tests.databases import BACKEND
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.gunicorn_servers import gunicorn_servers
from tests.http_users import Answer, HttpUser

pytestmark = pytest.mark.skipif(
    BACKEND != "postgresql",
    reason="two app servers need a database server; SQLite serialises its writers",
)
TRIALS = 12


@pytest.fixture(scope="module")
def race():
    app = fresh_app("riskrace")
    with app.app_context():
        chairs = [UserFactory(role=Role.PROCESBEGELEIDER.value) for _ in range(2)]
        lead = chair_user()
        references, ids = [], []
        earlier = date.today() - timedelta(days=20)
        for n in range(TRIALS):
            case = new_case(lead, pseudonym=f"Crisiskind {n}")
            # one crisis already: each of the two new ones raises crises_recent on its own
            log_event(case, EventContent(kind="crisis", title="Eerdere crisis",
                                         occurred_on=earlier), lead,
                      recorded_at=datetime.combine(earlier, time(12), tzinfo=UTC))
            references.append(case.reference)
            ids.append(case.id)
        emails = [c.email for c in chairs]
        db.session.commit()
        db.session.remove()
    with gunicorn_servers(app.config["SQLALCHEMY_DATABASE_URI"], count=2) as servers:
        yield app, servers, emails, references, ids
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _log_crisis(user: HttpUser, reference: str, title: str, start: threading.Barrier,
                out: list[Answer]) -> None:
    token = user.csrf_token(f"/cases/{reference}/events/new")
    start.wait(timeout=120)
    out.append(user.post(f"/cases/{reference}/events/new", {
        "csrf_token": token, "kind": "crisis", "title": title,
        "occurred_on": date.today().isoformat(), "precision": "day", "description": "",
    }))


def test_two_chairs_log_a_crisis_at_once_on_two_servers(race):
    app, servers, emails, references, ids = race
    chairs = []
    for email, url in zip(emails, servers.urls, strict=True):
        user = HttpUser(url)
        assert user.login(email, DEFAULT_PASSWORD).status == 302, servers.logs()
        chairs.append(user)
    for reference in references:
        answers: list[Answer] = []
        start = threading.Barrier(2)
        threads = [
            threading.Thread(target=_log_crisis,
                             args=(user, reference, f"Crisis {n} {reference}", start, answers))
            for n, user in enumerate(chairs)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [a.status for a in answers] == [302, 302], [str(a) for a in answers]
    with app.app_context():
        crises = dict(db.session.execute(
            select(TimelineEvent.case_id, func.count()).where(
                TimelineEvent.kind == "crisis", TimelineEvent.case_id.in_(ids)
            ).group_by(TimelineEvent.case_id)).all())
        assert crises == dict.fromkeys(ids, 3)  # no event lost
        active = db.session.execute(
            select(RiskFlag.case_id, RiskFlag.code, func.count()).where(
                RiskFlag.cleared_at.is_(None), RiskFlag.case_id.in_(ids)
            ).group_by(RiskFlag.case_id, RiskFlag.code)).all()
        assert {(case_id, code) for case_id, code, _n in active} >= {
            (case_id, "crises_recent") for case_id in ids}
        assert all(n == 1 for _case, _code, n in active), active
        explanations = db.session.scalars(select(RiskFlag.explanation).where(
            RiskFlag.cleared_at.is_(None), RiskFlag.code == "crises_recent")).all()
        assert all(e.startswith("3 crises") for e in explanations), explanations
        wanted = {row.case_id: tuple(row)[1:3] for row in db.session.execute(aggregate(ids))}
        kept = {row.case_id: (row.worst_rank, row.active_count)
                for row in db.session.scalars(select(RiskCaseSummary).where(
                    RiskCaseSummary.case_id.in_(ids)))}
        assert kept == wanted
        db.session.remove()
