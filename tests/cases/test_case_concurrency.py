"""Two users move the same case at once: one succeeds, the other is told the case changed
meanwhile, and nothing of the second attempt is written. On SQLite and PostgreSQL."""

import pytest
from sqlalchemy import func, select

from caseflow.cases.models import Case, PhaseTransition
from caseflow.cases.services import CaseChangedMeanwhile, move_case
from caseflow.cases.workflow import Phase, Trigger
from caseflow.extensions import db
from tests.case_helpers import chair_user, new_case


@pytest.fixture
def committed_case(live_app):
    with live_app.app_context():
        chair = chair_user()
        case = new_case(chair)
        db.session.commit()
        ids = case.id, chair.id
        db.session.remove()
    return ids


def _load(case_id, user_id):
    from caseflow.auth.models import User

    return db.session.get(Case, case_id), db.session.get(User, user_id)


def test_concurrent_moves_one_wins_the_other_is_refused(live_app, committed_case):
    case_id, user_id = committed_case
    with live_app.app_context():  # user A opens the case ...
        case_a, chair_a = _load(case_id, user_id)
        assert case_a.phase == Phase.AANMELDING
        with live_app.app_context():  # ... user B opens it too, moves it and saves
            case_b, chair_b = _load(case_id, user_id)
            move_case(case_b, Trigger.START_ANALYSE, chair_b, reason="B")
            db.session.commit()
        # ... then A, still looking at the old version, tries to close it
        with pytest.raises(CaseChangedMeanwhile):
            move_case(case_a, Trigger.AFSLUITEN, chair_a, closing_reason="ingetrokken")
        db.session.rollback()

    with live_app.app_context():
        case = db.session.get(Case, case_id)
        assert case.phase == Phase.VERKLARENDE_ANALYSE
        assert case.closing_reason is None
        transitions = db.session.scalar(
            select(func.count()).select_from(PhaseTransition).where(
                PhaseTransition.case_id == case_id
            )
        )
        assert transitions == 2  # intake + B's move; nothing of A's attempt


def test_form_with_an_old_version_is_refused(live_app, committed_case):
    case_id, user_id = committed_case
    with live_app.app_context():
        case, chair = _load(case_id, user_id)
        seen_version = case.version
        move_case(case, Trigger.START_ANALYSE, chair)
        db.session.commit()
    with live_app.app_context():
        case, chair = _load(case_id, user_id)
        with pytest.raises(CaseChangedMeanwhile):
            move_case(case, Trigger.AFSLUITEN, chair, closing_reason="overig",
                      expected_version=seen_version)
        db.session.rollback()
        assert db.session.get(Case, case_id).phase == Phase.VERKLARENDE_ANALYSE
