"""Issue 20 point 7, small things a chair hit on day one: the new-account form chooses nothing
for you; an acknowledged flag stays acknowledged across close/reopen; relative times in
calendar days from one clock; closing a case with loose ends asks what to do with them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from freezegun import freeze_time
from sqlalchemy import func, select

from caseflow.auth.models import Role, User
from caseflow.cases.services import move_case
from caseflow.cases.workflow import Trigger
from caseflow.core.formatting import ago
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.meetings.models import AgendaItem, MeetingAction, MeetingChange
from caseflow.risk.hooks import recompute_pending
from caseflow.risk.models import RiskFlag
from caseflow.risk.services import acknowledge
from caseflow.timeline.services import (
    EventContent,
    is_follow_up_overdue,
    log_event,
    retract_event,
)
from tests.case_helpers import chair_user, new_case
from tests.factories import OrganisationFactory
from tests.helpers import csrf_token

TODAY = date(2026, 6, 15)


def test_new_account_form_preselects_no_role_and_no_organisation(client, auth):
    OrganisationFactory(name="Gezinshuis Test")
    auth.login(Role.BEHEERDER)
    html = client.get("/admin/users/nieuw").get_data(as_text=True)
    assert 'selected' not in html.split('name="role"', 1)[1].split("</select>", 1)[0]
    assert 'selected' not in html.split('name="organisation"', 1)[1].split("</select>", 1)[0]
    assert "Kies een rol" in html and "Kies een organisatie" in html
    before = db.session.scalar(select(func.count()).select_from(User))
    response = client.post("/admin/users/nieuw", data={
        "csrf_token": csrf_token(client, "/admin/users/nieuw"), "email": "nieuw@test.example",
        "name": "Nieuwe Collega", "role": "", "organisation": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Kies een rol." in html and "Kies een organisatie." in html
    assert db.session.scalar(select(func.count()).select_from(User)) == before
    assert db.session.scalar(select(User).where(User.email == "nieuw@test.example")) is None


def _crises(case, actor) -> None:
    for days in (3, 2):
        log_event(
            case, EventContent(kind="crisis", title="Crisis", occurred_on=TODAY - timedelta(days)),
            actor, recorded_at=datetime.combine(TODAY, time(12), tzinfo=UTC),
        )


def _flags(case) -> list[RiskFlag]:
    return list(db.session.scalars(
        select(RiskFlag).where(RiskFlag.case_id == case.id, RiskFlag.code == "crises_recent")
        .order_by(RiskFlag.id)
    ))


@freeze_time(TODAY)
def test_acknowledged_flag_stays_acknowledged_across_close_and_reopen(app):
    chair = chair_user()
    case = new_case(chair)
    _crises(case, chair)
    (flag,) = _flags(case)
    acknowledge(flag, chair, note="Besproken in het RET")
    move_case(case, Trigger.AFSLUITEN, chair, reason="Klaar", closing_reason="afgerond")
    db.session.flush()
    assert _flags(case)[0].cleared_at is not None
    move_case(case, Trigger.HEROPENEN, chair, reason="Toch niet klaar")
    db.session.flush()
    old, new = _flags(case)
    assert new.active and new.acknowledged, "same condition: still acknowledged"
    assert new.acknowledgement_note == "Besproken in het RET"
    assert new.acknowledged_by_id == chair.id


@freeze_time(TODAY)
def test_a_different_condition_after_reopen_is_not_acknowledged(app):
    chair = chair_user()
    case = new_case(chair)
    _crises(case, chair)
    third = log_event(
        case, EventContent(kind="crisis", title="Crisis", occurred_on=TODAY), chair
    )
    acknowledge(_flags(case)[0], chair, note="Gezien")
    move_case(case, Trigger.AFSLUITEN, chair, reason="Klaar", closing_reason="afgerond")
    recompute_pending()  # closing is a request (a transaction) of its own
    retract_event(third, case, chair, reason="Dubbel vastgelegd")
    move_case(case, Trigger.HEROPENEN, chair, reason="Toch niet klaar")
    db.session.flush()
    active = [f for f in _flags(case) if f.active]
    assert len(active) == 1 and not active[0].acknowledged, "other evidence: seen afresh"


def test_relative_time_counts_calendar_days_in_amsterdam(app):
    with app.test_request_context():
        now = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)  # 12:00 in Amsterdam
        assert ago(now - timedelta(minutes=1), now) == "1 minuut"
        assert ago(now - timedelta(seconds=5), now) == "1 minuut"
        assert ago(now - timedelta(hours=3), now) == "3 uur"
        # 23:30 UTC on the 14th is 01:30 on the 15th in Amsterdam: still today
        assert "uur" in ago(datetime(2026, 6, 14, 23, 30, tzinfo=UTC), now)
        # 21:00 UTC on the 14th is 23:00 on the 14th in Amsterdam: yesterday, one day
        assert ago(datetime(2026, 6, 14, 21, 0, tzinfo=UTC), now) == "1 dag"
        assert ago(now - timedelta(days=3), now) == "3 dagen"


@freeze_time("2026-06-15 22:30:00")  # 00:30 on 16 June in Amsterdam
def test_follow_up_overdue_uses_the_region_calendar_day(app):
    chair = chair_user()
    case = new_case(chair)
    case.follow_up_due_on = date(2026, 6, 15)
    assert is_follow_up_overdue(case), "in Amsterdam it is the 16th already"


def test_case_made_a_minute_ago_is_not_one_day_old(app, client, auth):
    with freeze_time(datetime(2026, 6, 15, 9, 0, tzinfo=UTC)) as frozen:
        chair = auth.login(Role.VOORZITTER)
        case = new_case(chair)
        db.session.commit()
        frozen.tick(timedelta(minutes=1))
        html = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "sinds 1 minuut" in html and "sinds 1 dag" not in html


# --- closing a case with open actions or a planned agenda slot asks what to do ---------------

def _close(client, case, **extra):
    page = f"/cases/{case.reference}"
    return client.post(f"/cases/{case.reference}/move", data={
        "csrf_token": csrf_token(client, page), "trigger": "afsluiten",
        "version": case.version, "closing_reason": "afgerond", "reason": "Klaar", **extra,
    })


def _case_with_loose_ends(chair):
    from caseflow.cases.workflow import Phase
    from tests.meeting_helpers import make_action, make_item, make_meeting

    done = make_item(chair, meeting=make_meeting(chair))  # today: decisions possible
    action = make_action(chair, item=done)
    later = make_meeting(chair, starts_at=utcnow() + timedelta(days=7))
    from caseflow.meetings.services import add_agenda_item

    planned = add_agenda_item(later, done.case, chair)
    assert done.case.phase == Phase.RET_BESPREKING.value
    db.session.commit()
    return done.case, action, planned.id


def test_closing_with_loose_ends_asks_what_to_do_with_them(client, auth):
    chair = auth.login(Role.PROCESBEGELEIDER)
    case, action, planned = _case_with_loose_ends(chair)
    html = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert 'name="pending_choice"' in html and "1 open actie" in html
    response = _close(client, case)
    # Refused on the case page itself, next to the choice (issue 23: not a flash after a redirect)
    assert response.status_code == 400
    refused = response.get_data(as_text=True)
    assert "Kies wat daarmee gebeurt" in refused and 'aria-invalid="true"' in refused
    db.session.expire_all()
    assert case.phase != "afgesloten", "not closed without a choice"
    assert _close(client, case, pending_choice="afronden").status_code == 302
    db.session.expire_all()
    assert case.phase == "afgesloten"
    assert db.session.get(MeetingAction, action.id).status == "vervallen"
    assert db.session.get(AgendaItem, planned) is None
    (removed,) = db.session.scalars(select(MeetingChange).where(
        MeetingChange.case_id == case.id, MeetingChange.kind == "agenda_verwijderd"))
    assert removed.reason == "Casus afgesloten" and removed.by_id == chair.id


def test_closing_and_keeping_the_loose_ends(client, auth):
    chair = auth.login(Role.PROCESBEGELEIDER)
    case, action, planned = _case_with_loose_ends(chair)
    assert _close(client, case, pending_choice="behouden").status_code == 302
    db.session.expire_all()
    assert case.phase == "afgesloten"
    assert db.session.get(MeetingAction, action.id).status == "open"
    assert db.session.get(AgendaItem, planned) is not None


def test_closing_without_loose_ends_asks_nothing(client, auth):
    chair = auth.login(Role.PROCESBEGELEIDER)
    case = new_case(chair)
    db.session.commit()
    assert 'name="pending_choice"' not in client.get(
        f"/cases/{case.reference}").get_data(as_text=True)
    assert _close(client, case).status_code == 302
    db.session.expire_all()
    assert case.phase == "afgesloten"
