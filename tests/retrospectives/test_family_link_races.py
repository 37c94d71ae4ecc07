"""The family's personal link under real concurrency (issue 18): twenty submissions of one link
released at once against two gunicorn servers on one database (PostgreSQL with
CASEFLOW_TEST_DATABASE_URL, else a SQLite file). Exactly one is carried out; the others get the
"link no longer works" page (404), nothing answers 500, and one consent is recorded."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from caseflow.audit.models import AccessLogEntry
from caseflow.extensions import db
from caseflow.retrospectives import family_link
from caseflow.retrospectives.family_models import FamilyLink
from caseflow.retrospectives.models import RetroConsent
from tests.case_helpers import chair_user
from tests.conftest import fresh_app
from tests.gunicorn_servers import gunicorn_servers
from tests.retro_helpers import case_with_history
from tests.test_security_races import PARALLEL, Browser, _all_at_once


def test_one_family_link_is_used_by_exactly_one_of_twenty_simultaneous_submissions():
    app = fresh_app("family_races")
    with app.app_context(), app.test_request_context():
        case = case_with_history()
        link, token = family_link.create_link(case, "jongere", chair_user())
        db.session.commit()
        case_id, link_id = case.id, link.id
        db.session.remove()
    path = f"/gezin/{token}"
    try:
        with gunicorn_servers(app.config["SQLALCHEMY_DATABASE_URI"], count=2) as running:
            browsers = [Browser(running.urls[i % 2]) for i in range(PARALLEL)]
            tokens = [browser.csrf(path) for browser in browsers]
            answers = _all_at_once([
                (lambda b=b, t=t, n=n: b.open(path, {"csrf_token": t, "consent": "geven",
                                                     "reflection": f"Antwoord {n}"}))
                for n, (b, t) in enumerate(zip(browsers, tokens, strict=True))
            ])
            statuses = Counter(a.status for a in answers)
            assert statuses == Counter({200: 1, 404: PARALLEL - 1}), \
                f"{statuses}\n{running.logs()}"
        with app.app_context():
            rows = db.session.scalars(select(RetroConsent).where(
                RetroConsent.case_id == case_id)).all()
            (winner,) = [a for a in answers if a.status == 200]
            assert len(rows) == 1 and rows[0].family_link_id == link_id
            assert f"Antwoord {answers.index(winner)}" == rows[0].reflection
            assert db.session.get(FamilyLink, link_id).used_at is not None
            used = db.session.scalar(select(func.count()).select_from(AccessLogEntry).where(
                AccessLogEntry.object_type == "family_link",
                AccessLogEntry.reason == "family_link_used"))
            assert used == PARALLEL - 1
    finally:
        with app.app_context():
            db.engine.dispose()
