"""Meeting screens: list, planning, the meeting page with its agenda and attendees, and actions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow.auth.models import Role, User
from caseflow.auth.permissions import CASE_WORKERS, CHAIRS, access
from caseflow.auth.redirects import safe_next
from caseflow.cases.models import Case
from caseflow.cases.vocab import PHASE_LABELS
from caseflow.extensions import db
from caseflow.meetings import queries
from caseflow.meetings.actions import set_action_status
from caseflow.meetings.clock import local_moment
from caseflow.meetings.forms import (
    ActionStatusForm,
    AgendaForm,
    AttendeeForm,
    GuestForm,
    MeetingForm,
)
from caseflow.meetings.models import Meeting, MeetingAction
from caseflow.meetings.services import (
    MeetingError,
    add_agenda_item,
    add_attendee,
    add_guest,
    plan_meeting,
)

bp = Blueprint("meetings", __name__)


def phase_label(phase: str) -> str:
    return str(PHASE_LABELS.get(phase, phase))


@bp.app_template_global("case_meetings_panel")
def case_meetings_panel(case: Case) -> dict:
    """For templates/meetings/_case_panel.html when the case page did not load it already."""
    return queries.case_panel(case)


def people(*roles: Role) -> list[User]:
    query = select(User).where(User.active.is_(True)).order_by(User.name)
    if roles:
        query = query.where(User.role.in_([r.value for r in roles]))
    return list(db.session.scalars(query).unique())


def _label(user: User) -> str:
    return f"{user.name} — {user.organisation.name}"


def field_error(form, error: MeetingError) -> None:
    """Show a service refusal next to its field (or as a message when it has none)."""
    db.session.rollback()
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, _(error.message)]
    else:
        flash(_(error.message), "danger")


def get_meeting(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


@bp.route("/meetings")
@access(roles=CHAIRS)
def meeting_list() -> ResponseReturnValue:
    upcoming, past = queries.meeting_list()
    return render_template(
        "meetings/list.html", upcoming=upcoming, past=past, proposed=queries.proposed_cases()
    )


@bp.route("/meetings/new", methods=["GET", "POST"])
@access(roles=CHAIRS)
def meeting_new() -> ResponseReturnValue:
    form = MeetingForm()
    chairs = people(*CHAIRS)
    form.chair.choices = [(0, _("Kies een voorzitter"))] + [
        (u.id, _label(u)) for u in chairs if u.role == Role.VOORZITTER
    ]
    form.coordinator.choices = [(0, _("Kies een procesbegeleider"))] + [
        (u.id, _label(u)) for u in chairs if u.role == Role.PROCESBEGELEIDER
    ]
    form.attendees.choices = [(u.id, _label(u)) for u in people(*CASE_WORKERS)]
    if request.method == "GET":
        default_chair = current_user.role == Role.VOORZITTER
        form.chair.data = current_user.id if default_chair else 0
        form.coordinator.data = 0 if default_chair else current_user.id
    if form.validate_on_submit():
        chosen = {u.id: u for u in people(*CASE_WORKERS)}
        try:
            meeting = plan_meeting(
                local_moment(form.day.data, form.starts.data),
                chosen[form.chair.data],
                chosen[form.coordinator.data],
                current_user,
                location=form.location.data or "",
                attendees=[chosen[i] for i in form.attendees.data or [] if i in chosen],
                confirmed=bool(form.confirm.data),
            )
        except MeetingError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("De bespreking is gepland."), "success")
            return redirect(url_for("meetings.meeting_detail", meeting_id=meeting.id))
    status = 400 if request.method == "POST" else 200
    return render_template("meetings/new.html", form=form), status


def _meeting_forms(page: queries.MeetingPage) -> dict:
    on_agenda = {item.case_id for item in page.items}
    proposed = [c for c in queries.proposed_cases() if c.id not in on_agenda]
    agenda = AgendaForm(prefix="agenda")
    # Proposed first, then any other open case (a case in blijven_volgen comes back for an
    # evaluation): the choices are grouped, the service refuses a closed case.
    others = queries.other_open_cases(on_agenda | {c.id for c in proposed})
    agenda.case.choices = {
        "": [(0, _("Kies een casus"))],
        _("Voorgesteld"): [(c.id, f"{c.reference} · {c.pseudonym}") for c in proposed],
        _("Andere open casussen"): [
            (c.id, f"{c.reference} · {c.pseudonym} ({phase_label(c.phase)})") for c in others
        ],
    }
    guest = GuestForm(prefix="guest")
    guest.case.choices = [(0, _("(hele bespreking)"))] + [
        (item.case.id, item.case.reference) for item in page.items
    ]
    attendee = AttendeeForm(prefix="attendee")
    present = {a.user_id for a in page.attendees}
    attendee.user.choices = [(0, _("Kies een deelnemer"))] + [
        (u.id, _label(u)) for u in people(*CASE_WORKERS) if u.id not in present
    ]
    return {"agenda_form": agenda, "guest_form": guest, "attendee_form": attendee,
            "proposed": proposed}


def render_meeting(meeting: Meeting, status: int = 200, **forms) -> ResponseReturnValue:
    page = queries.meeting_page(meeting)
    context = _meeting_forms(page)
    context.update(forms)
    return render_template("meetings/detail.html", page=page, **context), status


@bp.route("/meetings/<int:meeting_id>")
@access(roles=CHAIRS)
def meeting_detail(meeting_id: int) -> ResponseReturnValue:
    return render_meeting(get_meeting(meeting_id))


@bp.route("/meetings/<int:meeting_id>/agenda", methods=["POST"])
@access(roles=CHAIRS)
def add_case(meeting_id: int) -> ResponseReturnValue:
    meeting = get_meeting(meeting_id)
    form = AgendaForm(prefix="agenda")
    if form.validate_on_submit():
        case = db.session.get(Case, form.case.data)
        try:
            if case is None:
                raise MeetingError("Kies een casus.", field="case")
            add_agenda_item(meeting, case, current_user)
        except MeetingError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("%(ref)s staat op de agenda.", ref=case.reference), "success")
            return redirect(url_for("meetings.meeting_detail", meeting_id=meeting_id))
    return render_meeting(meeting, 400, agenda_form=form)


@bp.route("/meetings/<int:meeting_id>/guests", methods=["POST"])
@access(roles=CHAIRS)
def add_guest_view(meeting_id: int) -> ResponseReturnValue:
    meeting = get_meeting(meeting_id)
    form = GuestForm(prefix="guest")
    form.case.choices = []  # validate_choice is off: the service checks the agenda
    if form.validate_on_submit():
        case = db.session.get(Case, form.case.data) if form.case.data else None
        try:
            add_guest(meeting, form.role.data, current_user, case=case)
        except MeetingError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("De gast is toegevoegd aan de presentielijst."), "success")
            return redirect(url_for("meetings.meeting_detail", meeting_id=meeting_id))
    return render_meeting(meeting, 400, guest_form=form)


@bp.route("/meetings/<int:meeting_id>/attendees", methods=["POST"])
@access(roles=CHAIRS)
def add_attendee_view(meeting_id: int) -> ResponseReturnValue:
    meeting = get_meeting(meeting_id)
    form = AttendeeForm(prefix="attendee")
    if form.validate_on_submit():
        user = db.session.get(User, form.user.data)
        try:
            if user is None or not user.active or user.role not in CASE_WORKERS:
                raise MeetingError("Kies een deelnemer.", field="user")
            add_attendee(meeting, user, current_user)
        except MeetingError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s staat op de presentielijst.", name=user.name), "success")
            return redirect(url_for("meetings.meeting_detail", meeting_id=meeting_id))
    return render_meeting(meeting, 400, attendee_form=form)


@bp.route("/actions/<int:action_id>/status", methods=["POST"])
@access(roles=CASE_WORKERS)
def action_status(action_id: int) -> ResponseReturnValue:
    """The owner marks their action done; the chair may also let it lapse. Anyone else is told
    no (the action is not shown to them, so nothing of it is revealed)."""
    form = ActionStatusForm()
    target = safe_next(form.next.data)  # a path on this site, never //host or /\host
    action = db.session.get(MeetingAction, action_id)
    if action is None or not form.validate_on_submit():
        flash(_("Deze actie kon niet worden bijgewerkt."), "danger")
        return redirect(target)
    try:
        set_action_status(action, form.status.data, current_user)
    except MeetingError as error:
        db.session.rollback()
        flash(_(error.message), "danger")
        return redirect(target)
    db.session.commit()
    flash(_("De actie is bijgewerkt."), "success")
    return redirect(target)


# The other route modules register on ``bp`` when imported.
from caseflow.meetings import change_views, item_views  # noqa: E402,F401
