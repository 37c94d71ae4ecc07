"""The demo's risk histories make every risk rule fire for at least one case."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.auth.models import Role
from caseflow.demo.risk import load_demo_risk
from caseflow.extensions import db
from caseflow.risk.models import RiskFlag
from caseflow.risk.rules import CODES
from tests.factories import GemeenteFactory, UserFactory


def test_demo_risk_histories_exercise_every_rule(app):
    GemeenteFactory()
    chair = UserFactory(role=Role.VOORZITTER.value)
    workers = [UserFactory(role=Role.PROFESSIONAL.value) for _ in range(2)]
    raised = load_demo_risk(chair, workers, "GV")
    codes = set(db.session.scalars(select(RiskFlag.code).where(RiskFlag.cleared_at.is_(None))))
    assert codes == set(CODES)
    assert raised >= 0
