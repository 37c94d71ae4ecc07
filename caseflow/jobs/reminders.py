"""The reminders step: each user whose digest is due (daily, or weekly: seven days after the
last) and has something to be reminded of gets one mail; each mail sent is logged before the next
is tried, so a failing SMTP server loses no reminder and a rerun sends none twice."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from flask import current_app, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_mailman import EmailMessage
from sqlalchemy import func, select

from caseflow.auth.models import User
from caseflow.core.clock import local_zone
from caseflow.extensions import db
from caseflow.jobs.digest import Digest, build_digest
from caseflow.jobs.mail import connection, mail_configured, sender
from caseflow.jobs.models import MailLog, ReminderPreference
from caseflow.search.queries import reminder_days

DEFAULT_FREQUENCY = "weekly"
INTERVAL = {"daily": 1, "weekly": 7}


_LOG = logging.getLogger(__name__)


def frequency_of(user: User) -> str:
    chosen = db.session.get(ReminderPreference, user.id)
    return chosen.frequency if chosen else DEFAULT_FREQUENCY


def _due(day: date) -> list[tuple[User, str, datetime]]:
    """(user, digest kind, since) for each user whose digest is due on ``day``."""
    last = dict(
        db.session.execute(
            select(MailLog.user_id, func.max(MailLog.day)).group_by(MailLog.user_id)
        ).all()
    )
    last_sent = dict(
        db.session.execute(
            select(MailLog.user_id, func.max(MailLog.sent_at)).group_by(MailLog.user_id)
        ).all()
    )
    chosen = dict(
        db.session.execute(select(ReminderPreference.user_id, ReminderPreference.frequency)).all()
    )
    due = []
    for user in db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)):
        kind = chosen.get(user.id, DEFAULT_FREQUENCY)
        if kind == "off" or not user.email:
            continue
        interval = timedelta(days=INTERVAL[kind])
        if user.id in last and last[user.id] > day - interval:
            continue
        since = last_sent.get(user.id) or datetime.combine(
            day - interval, time(0), tzinfo=local_zone()
        )
        due.append((user, kind, since))
    return due


def send_reminders(day: date) -> dict[str, int]:
    due = _due(day)
    if not mail_configured():
        _LOG.warning("reminders: no CASEFLOW_MAIL_SERVER set; %d digests not sent", len(due))
        return {"sent": 0, "nothing_to_say": 0, "mail_not_configured": len(due)}
    sent = quiet = 0
    outbox = connection()
    with outbox:
        for user, kind, since in due:
            digest = build_digest(user, day, since)
            if digest.empty():
                quiet += 1
                continue
            outbox.send_messages([compose(user, digest, kind)])  # raises when SMTP fails
            db.session.add(MailLog(user_id=user.id, address=user.email, digest=kind, day=day))
            db.session.commit()
            sent += 1
    return {"sent": sent, "nothing_to_say": quiet}


def _link(endpoint: str, **values) -> str:
    base = current_app.config.get("MAIL_LINK_BASE") or "http://127.0.0.1:5000"
    with current_app.test_request_context(base_url=base):
        return url_for(endpoint, _external=True, **values)


def _section(lines: list[str], title: str, refs: list[str]) -> None:
    lines.append(f"{title}: {len(refs)}")
    lines.extend(f"  {ref}  {_link('cases.case_detail', reference=ref)}" for ref in refs)


def compose(user: User, digest: Digest, kind: str) -> EmailMessage:
    """Counts, case references and links only: nothing of a case's content leaves caseflow."""
    with force_locale(user.locale or "nl"):
        lines = [_("Dit is uw overzicht uit caseflow. Open de links om de details te zien."), ""]
        if digest.follow_ups_overdue:
            _section(lines, _("Vervolgafspraken over tijd"), digest.follow_ups_overdue)
        if digest.actions_overdue or digest.actions_due_soon:
            lines.append(
                _(
                    "Uw acties: %(overdue)d over tijd, %(soon)d binnen een week",
                    overdue=digest.actions_overdue,
                    soon=digest.actions_due_soon,
                )
            )
            lines.extend(
                f"  {ref}  {_link('cases.case_detail', reference=ref)}"
                for ref in digest.action_cases
            )
        if digest.escalated:
            _section(
                lines,
                _("Vervolg meer dan twee ritmes over tijd: aan de voorzitter"),
                digest.escalated,
            )
        if digest.evaluation_overdue:
            _section(lines, _("Evaluatie over tijd: aan de voorzitter"), digest.evaluation_overdue)
        if digest.requests_unanswered:
            lines.append(
                ngettext(
                    "Zoektochten: %(num)d aanvraag zonder antwoord na %(days)d dagen",
                    "Zoektochten: %(num)d aanvragen zonder antwoord na %(days)d dagen",
                    digest.requests_unanswered,
                    days=reminder_days(),
                )
            )
            lines.extend(
                f"  {ref}  {_link('cases.case_detail', reference=ref)}"
                for ref in digest.search_cases
            )
        if digest.proposals_waiting:
            _section(lines, _("Voorstellen die op uw besluit wachten"), digest.proposals_waiting)
        if digest.new_high_signals:
            _section(lines, _("Nieuwe hoge signalen"), digest.new_high_signals)
        if digest.next_meeting is not None:
            moment = digest.next_meeting.starts_at.astimezone(local_zone())
            lines.append(_("Volgend RET-overleg: %(moment)s", moment=f"{moment:%Y-%m-%d %H:%M}"))
            lines.append(f"  {_link('meetings.meeting_detail', meeting_id=digest.next_meeting.id)}")
        lines += [
            "",
            _("Startpagina: %(link)s", link=_link("core.index")),
            _("Hoe vaak u dit krijgt, kiest u op %(link)s", link=_link("jobs.reminder_settings")),
        ]
        subject = (
            _("caseflow: uw dagoverzicht") if kind == "daily" else _("caseflow: uw weekoverzicht")
        )
    return EmailMessage(
        subject=subject, body="\n".join(lines) + "\n", from_email=sender(), to=[user.email]
    )
