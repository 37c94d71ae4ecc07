"""/admin/taken: the daily jobs' recent runs, for the beheerder; /account/herinneringen: how
often a user gets the reminder digest, and the calendar link; the meetings as iCalendar."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.auth.models import Role
from caseflow.auth.permissions import CHAIRS, Rule, access
from caseflow.extensions import db
from caseflow.jobs import calendar, services
from caseflow.jobs.digest import evaluation_limits
from caseflow.jobs.forms import FeedForm, ReminderForm
from caseflow.jobs.reminders import frequency_of
from caseflow.meetings.models import Meeting
from caseflow.search.queries import reminder_days

bp = Blueprint("jobs", __name__)


@bp.route("/admin/taken")
@access(roles=[Role.BEHEERDER])
def runs() -> ResponseReturnValue:
    rows = [(run, json.loads(run.counts or "{}")) for run in services.recent_runs()]
    last = services.last_run()
    return render_template(
        "jobs/runs.html",
        rows=rows,
        last=last,
        ok=services.is_ok(last),
        stale_hours=int(services.STALE_AFTER.total_seconds() // 3600),
    )


@bp.route("/account/herinneringen", methods=["GET", "POST"])
@access(Rule.AUTHENTICATED)
def reminder_settings() -> ResponseReturnValue:
    user = current_user._get_current_object()
    form = ReminderForm()
    if request.method == "GET":
        form.frequency.data = frequency_of(user)
    if form.validate_on_submit():
        services.set_reminder_frequency(user, form.frequency.data, actor=user)
        db.session.commit()
        flash(_("Uw keuze is opgeslagen."), "success")
        return redirect(url_for("jobs.reminder_settings"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "jobs/reminders.html",
        form=form,
        feed_form=FeedForm(),
        has_feed=calendar.has_feed(user),
        new_link=session.pop("calendar_link", None),
        is_chair=user.role in CHAIRS,
        search_days=reminder_days(),
        **evaluation_limits(),
    ), status


@bp.route("/account/agendalink", methods=["POST"])
@access(Rule.AUTHENTICATED)
def calendar_link() -> ResponseReturnValue:
    user = current_user._get_current_object()
    form = FeedForm()
    if not form.validate_on_submit():
        abort(400)
    if form.revoke.data:
        calendar.revoke_feed_token(user, actor=user)
        db.session.commit()
        flash(_("De agendalink is ingetrokken; de oude link werkt niet meer."), "success")
        return redirect(url_for("jobs.reminder_settings"))
    token = calendar.new_feed_token(user, actor=user)
    db.session.commit()
    # shown once on the next page, not kept: only its hash is stored
    session["calendar_link"] = url_for("jobs.calendar_feed", feed_token=token, _external=True)
    return redirect(url_for("jobs.reminder_settings"))


@bp.route("/calendar/<feed_token>.ics")
@access(Rule.PUBLIC)
def calendar_feed(feed_token: str) -> ResponseReturnValue:
    """A calendar client cannot log in: the secret token is the key; revoked, it is a 404."""
    user = calendar.feed_user(feed_token)
    if user is None:
        abort(404)
    return Response(calendar.personal_feed(user), content_type="text/calendar; charset=utf-8")


@bp.route("/meetings/<int:meeting_id>.ics")
@access(roles=CHAIRS)
def meeting_ics(meeting_id: int) -> ResponseReturnValue:
    """The meeting for an agenda (Outlook, Thunderbird): time, place, a link; no case."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    return Response(
        calendar.meeting_calendar(meeting),
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename=ret-{meeting.id}.ics"},
    )
