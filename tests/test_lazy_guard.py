"""The test run refuses lazy loads that go to the database (tests/lazy_guard.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from caseflow.cases.models import Case, CaseMember
from caseflow.cases.workflow import Phase
from caseflow.extensions import db
from tests.case_helpers import chair_user, new_case
from tests.lazy_guard import LazyLoadRefused, allow_lazy_loads


def test_a_lazy_load_fails_the_test_and_can_be_allowed(app):
    chair = chair_user()
    case = new_case(chair, phase=Phase.AANMELDING)
    db.session.add(CaseMember(case_id=case.id, user_id=chair.id, role="overig",
                              since=case.registered_on))
    db.session.flush()
    db.session.expunge_all()
    member = db.session.scalars(select(CaseMember).where(CaseMember.case_id == case.id)).first()
    with pytest.raises(LazyLoadRefused):
        _ = member.case.reference  # CaseMember.case is a plain lazy relationship
    with allow_lazy_loads():
        db.session.expunge_all()
        member = db.session.get(CaseMember, member.id)
        assert isinstance(member.case, Case)
