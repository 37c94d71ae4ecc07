"""The demo loader of the retrospectives: one learning session, two finished retrospectives and
one in preparation, on consenting cases."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.demo.retrospectives import load_demo_retrospectives
from caseflow.extensions import db
from caseflow.retrospectives import queries
from caseflow.retrospectives.consent import has_valid_consent
from caseflow.retrospectives.models import LearningSession, Retrospective
from tests.case_helpers import chair_user
from tests.retro_helpers import case_with_history, facilitator


def test_demo_loads_one_session_with_two_finished_and_one_prepared(app):
    cases = [case_with_history(pseudonym=name) for name in ("Demo A", "Demo B", "Demo C")]
    owner = facilitator()
    assert load_demo_retrospectives(chair_user(), owner) == 3
    (session,) = db.session.scalars(select(LearningSession)).all()
    retros = db.session.scalars(select(Retrospective).order_by(Retrospective.held_on)).all()
    assert [r.status for r in retros] == ["afgerond", "afgerond", "voorbereiding"]
    assert {r.session_id for r in retros} == {session.id}
    assert all(has_valid_consent(c) for c in cases)
    page = queries.session_page(session)
    assert page.theme_counts and page.actions
    assert all(r.facilitator_id == owner.id for r in retros)
