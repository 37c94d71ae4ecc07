"""Retention: purge after the retention period (freezegun), dry run, and a family's request."""

import re
from datetime import date

from freezegun import freeze_time
from sqlalchemy import func, select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Role
from caseflow.cases.models import Case
from caseflow.cases.services import move_case
from caseflow.cases.workflow import Trigger
from caseflow.extensions import db
from caseflow.retention.models import DestructionRequest
from caseflow.timeline.models import TimelineEvent
from caseflow.timeline.services import EventContent, log_event
from tests.case_helpers import chair_user, new_case
from tests.helpers import csrf_token


def _closed_case(chair, closed_on: str, name: str) -> int:
    with freeze_time(closed_on):
        case = new_case(chair, pseudonym=name, birth_year=1995)  # closed in 2006
        log_event(
            case, EventContent(kind="gesprek", title="Gesprek", occurred_on=date.today()), chair
        )
        move_case(case, Trigger.AFSLUITEN, chair, closing_reason="afgerond")
    return case.id


def _exists(case_id: int) -> bool:
    return db.session.get(Case, case_id) is not None


def test_purge_removes_only_cases_past_the_retention_period(app, runner):
    chair = chair_user()
    old = _closed_case(chair, "2006-03-01 10:00:00", "Oud")
    recent = _closed_case(chair, "2006-03-03 10:00:00", "Recent")
    db.session.commit()
    with freeze_time("2026-03-02"):
        dry = runner.invoke(args=["retention", "purge", "--dry-run"])
        assert dry.exit_code == 0 and "1 casus zou" in dry.output
        db.session.expire_all()
        assert _exists(old)
        result = runner.invoke(args=["retention", "purge"])
    assert result.exit_code == 0, result.output
    assert "1 casus vernietigd" in result.output
    db.session.expire_all()
    assert not _exists(old) and _exists(recent)
    events = db.session.scalar(
        select(func.count()).select_from(TimelineEvent).where(TimelineEvent.case_id == old)
    )
    assert events == 0  # everything attached went with it
    logged = db.session.scalars(
        select(AccessLogEntry).where(
            AccessLogEntry.event_type == "delete", AccessLogEntry.case_id == old
        )
    ).all()
    assert [entry.reason for entry in logged] == ["retention_expired"]


def test_family_request_recorded_and_executed_by_the_administrator(client, auth):
    chair = chair_user()
    case = new_case(chair, pseudonym="Verzoek")
    case_id, reference = case.id, case.reference
    db.session.flush()
    auth.login(Role.BEHEERDER)
    token = csrf_token(client, "/admin/vernietiging")
    bad = client.post(
        "/admin/vernietiging",
        data={"csrf_token": token, "reference": "GV-1999-9999", "requested_on": "2026-01-01"},
    )
    assert bad.status_code == 400
    assert "Er is geen casus met deze referentie." in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(DestructionRequest)) == 0
    client.post(
        "/admin/vernietiging",
        data={
            "csrf_token": token,
            "reference": reference,
            "requested_on": date.today().isoformat(),
        },
    )
    request = db.session.scalars(select(DestructionRequest)).one()
    assert _exists(case_id)
    client.post(f"/admin/vernietiging/{request.id}/uitvoeren", data={"csrf_token": token})
    db.session.expire_all()
    assert not _exists(case_id)
    assert db.session.get(DestructionRequest, request.id).executed_at is not None
    html = client.get("/admin/vernietiging").get_data(as_text=True)
    # The destroyed case's pseudonym is gone; the phone cards' column names (data-label, e.g.
    # "Verzoek van") are not data.
    rows = re.sub(r'data-label="[^"]*"', "", html.split("<tbody>")[1])
    assert reference in html and "Verzoek" not in rows
