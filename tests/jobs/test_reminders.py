"""The reminder digest: what each role gets, nothing of a case's content in any mail, once per
day, the user's choice on /account/herinneringen, and the SMTP path with a real local server."""

from __future__ import annotations

import email
from datetime import date, timedelta
from email import policy
from pathlib import Path

from sqlalchemy import func, select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Role
from caseflow.cases.models import CaseMember
from caseflow.cases.vocab import MemberRole
from caseflow.cases.workflow import Phase
from caseflow.core.clock import region_today
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.jobs import reminders, services
from caseflow.jobs.models import MailLog, ReminderPreference
from caseflow.risk.models import RiskFlag
from caseflow.timeline.services import EventContent, log_event
from tests.case_helpers import chair_user, new_case
from tests.factories import UserFactory
from tests.helpers import csrf_token
from tests.meeting_helpers import make_action, make_item, make_meeting

PSEUDONYM = "Zwaluwstaart"
EVENT_TEXT = "Gesprek met oma Ingrid op de Vlinderschool"
ACTION_TEXT = "Schoolplek regelen"


def _mails_in(paths) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in paths]


def _mails(folder: Path) -> list[email.message.EmailMessage]:
    return _mails_in(sorted(folder.glob("*.eml")))


def _to(mails, address: str):
    found = [m for m in mails if m["To"] == address]
    assert len(found) <= 1
    return found[0] if found else None


def _region():
    """A professional in one overdue case with an overdue action and a new high signal."""
    today = region_today()
    chair = chair_user()
    professional = UserFactory(role=Role.PROFESSIONAL.value)
    case = new_case(chair, phase=Phase.BLIJVEN_VOLGEN, pseudonym=PSEUDONYM)
    case.follow_up_due_on = today - timedelta(days=3)
    db.session.add(
        CaseMember(
            case_id=case.id,
            user_id=professional.id,
            role=MemberRole.JEUGDBESCHERMER.value,
            since=today - timedelta(days=30),
        )
    )
    log_event(
        case,
        EventContent(kind="overig", title=EVENT_TEXT, occurred_on=today, description=EVENT_TEXT),
        chair,
    )
    meeting = make_meeting(chair, starts_at=utcnow() + timedelta(days=2), attendees=[professional])
    item = make_item(chair, meeting=meeting)
    make_action(
        chair,
        item=item,
        owner=professional,
        due_on=today - timedelta(days=1),
        at=utcnow() - timedelta(days=5),
    )
    db.session.commit()  # the pending signal recompute runs now, not over the flag below
    db.session.add(
        RiskFlag(
            case_id=case.id,
            code="test_hoog",
            severity="hoog",
            explanation=EVENT_TEXT,
            raised_on=today,
            raised_at=utcnow(),
        )
    )
    bystander = UserFactory(role=Role.PROFESSIONAL.value)  # in no case: nothing to say
    db.session.commit()
    return chair, professional, bystander, case


def test_digest_per_role_and_no_case_content_in_any_mail(app, outbox):
    chair, professional, bystander, case = _region()
    counts = reminders.send_reminders(region_today())
    mails = _mails(outbox)
    assert counts["sent"] == len(mails) >= 2
    mine = _to(mails, professional.email).get_content()
    assert "Vervolgafspraken over tijd: 1" in mine and case.reference in mine
    assert "Uw acties: 1 over tijd, 0 binnen een week" in mine
    assert "Nieuwe hoge signalen: 1" in mine
    assert "Volgend RET-overleg" in mine
    assert f"/cases/{case.reference}" in mine
    assert "Voorstellen" not in mine  # a professional decides no proposals
    chairs = _to(mails, chair.email).get_content()
    assert case.reference in chairs and "Vervolgafspraken over tijd" in chairs
    assert _to(mails, bystander.email) is None
    for mail in mails:
        raw = mail.as_string()
        for secret in (
            PSEUDONYM,
            EVENT_TEXT,
            "Ingrid",
            "Vlinderschool",
            ACTION_TEXT,
            "Hulpvraag",
            professional.name,
        ):
            assert secret not in raw, (secret, mail["To"])
    logged = db.session.scalars(select(MailLog).where(MailLog.user_id == professional.id)).all()
    assert [(m.address, m.digest) for m in logged] == [(professional.email, "weekly")]


def test_nothing_twice_a_day_weekly_waits_a_week_and_off_is_off(app, outbox):
    chair, professional, _bystander, _case = _region()
    day = region_today()
    first = reminders.send_reminders(day)["sent"]
    assert reminders.send_reminders(day)["sent"] == 0
    assert reminders.send_reminders(day + timedelta(days=3))["sent"] == 0  # weekly
    db.session.add(ReminderPreference(user_id=professional.id, frequency="daily"))
    db.session.add(ReminderPreference(user_id=chair.id, frequency="off"))
    db.session.flush()
    assert reminders.send_reminders(day + timedelta(days=1))["sent"] == 1  # the daily one
    assert len(_mails(outbox)) == first + 1
    before = set(outbox.glob("*.eml"))
    later = reminders.send_reminders(day + timedelta(days=7))
    new = [path for path in outbox.glob("*.eml") if path not in before]
    assert later["sent"] == len(new) >= 1
    assert chair.email not in {m["To"] for m in _mails_in(new)}


def test_the_reminders_run_as_the_daily_jobs_last_step(app, outbox, runner):
    _region()
    result = runner.invoke(args=["jobs", "run-daily"])
    assert result.exit_code == 0, result.output
    assert "reminders: sent" in result.output
    sent = len(_mails(outbox))
    assert sent >= 2
    again = runner.invoke(args=["jobs", "run-daily"])
    assert "reminders: vandaag al gedaan" in again.output
    assert len(_mails(outbox)) == sent


def test_the_user_chooses_on_account_page_and_the_choice_is_logged(app, client, auth, outbox):
    user = auth.login(Role.PROFESSIONAL)
    page = client.get("/account/herinneringen")
    assert page.status_code == 200
    assert 'checked class="form-check-input" id="frequency-1"' in page.get_data(as_text=True)
    token = csrf_token(client, "/account/herinneringen")
    bad = client.post("/account/herinneringen", data={"csrf_token": token, "frequency": "x"})
    assert bad.status_code == 400
    before = db.session.scalar(select(func.count()).select_from(AccessLogEntry))
    done = client.post("/account/herinneringen", data={"csrf_token": token, "frequency": "off"})
    assert done.status_code == 302
    assert db.session.get(ReminderPreference, user.id).frequency == "off"
    assert db.session.scalar(select(func.count()).select_from(AccessLogEntry)) == before + 1
    assert reminders.frequency_of(user) == "off"


def test_smtp_delivers_and_a_failing_server_loses_nothing_and_doubles_nothing(app, smtp):
    _region()
    day = date.today()
    smtp.refuse = True
    first = services.run_daily(day)
    assert first.run.status == "error" and "reminders" in first.run.error
    assert smtp.received == []
    assert db.session.scalar(select(func.count()).select_from(MailLog)) == 0
    smtp.refuse = False
    second = services.run_daily(day)
    assert second.run.status == "ok", second.run.error
    assert second.skipped == ["risk", "retention", "monitor_summary"]
    delivered = len(smtp.received)
    digests = [raw for raw in smtp.received if b"text/calendar" not in raw]
    assert len(digests) == second.counts["reminders"]["sent"] >= 2
    assert delivered == len(digests) + second.counts["invitations"]["sent"]
    assert all(PSEUDONYM.encode() not in raw for raw in smtp.received)
    services.run_daily(day)
    assert len(smtp.received) == delivered


def test_a_follow_up_overdue_by_more_than_two_rhythms_escalates_to_the_chair(app, outbox):
    from tests.case_helpers import voorzitter

    chair_of_ret = voorzitter()
    _chair, professional, _bystander, case = _region()
    case.follow_up_weeks = 2
    db.session.commit()
    day = region_today()
    case.follow_up_due_on = day - timedelta(weeks=3)  # 1.5 rhythms: overdue, no escalation
    db.session.commit()
    reminders.send_reminders(day)
    assert "twee ritmes" not in _to(_mails(outbox), chair_of_ret.email).get_content()
    case.follow_up_due_on = day - timedelta(weeks=5)
    db.session.commit()
    for path in outbox.glob("*.eml"):
        path.unlink()
    reminders.send_reminders(day + timedelta(days=7))
    mails = _mails(outbox)
    escalated = _to(mails, chair_of_ret.email).get_content()
    assert "twee ritmes over tijd: aan de voorzitter: 1" in escalated
    assert case.reference in escalated
    assert "twee ritmes" not in _to(mails, professional.email).get_content()


def test_production_without_a_mail_server_waits_and_sends_nothing(app, outbox, monkeypatch):
    """The guide's first night: no CASEFLOW_MAIL_SERVER yet. The reminders say so and wait; the
    other daily jobs are not failed by a local port 25 nobody set up (and no .eml is written)."""
    _region()
    monkeypatch.setitem(app.config, "ENV", "production")
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    monkeypatch.setitem(app.config, "MAIL_BACKEND", None)
    result = reminders.send_reminders(region_today())
    assert result["sent"] == 0 and result["mail_not_configured"] >= 1
    assert list(outbox.glob("*.eml")) == []
    assert db.session.scalar(select(func.count(MailLog.id))) == 0
