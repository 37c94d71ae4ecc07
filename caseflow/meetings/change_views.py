"""Correcting a meeting: edit (date, time, place, attendees), cancel, take an agenda item off or
move it to another meeting, fix the minutes and add an addendum."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.auth.permissions import access
from caseflow.core.formatting import when
from caseflow.extensions import db
from caseflow.meetings import changes, queries
from caseflow.meetings.clock import local_moment, local_zone
from caseflow.meetings.forms import (
    AddendumForm,
    CancelForm,
    FixMinutesForm,
    MeetingEditForm,
    MoveItemForm,
    RemoveItemForm,
)
from caseflow.meetings.guards import MeetingError
from caseflow.meetings.models import AgendaItem, Meeting
from caseflow.meetings.views import (
    CASE_WORKERS,
    CHAIRS,
    _label,
    bp,
    field_error,
    get_meeting,
    people,
)


@bp.app_template_filter("fromiso")
def from_iso(value: str) -> datetime:
    """The old and new moments of a change are kept as ISO text in its ``detail``."""
    return datetime.fromisoformat(value)


def _edit_form(meeting: Meeting, formdata: bool) -> MeetingEditForm:
    form = MeetingEditForm() if formdata else MeetingEditForm(formdata=None)
    form.attendees.choices = [(u.id, _label(u)) for u in people(*CASE_WORKERS)]
    if not formdata:
        local = meeting.starts_at.astimezone(local_zone())
        form.day.data, form.starts.data = local.date(), local.time().replace(tzinfo=None)
        form.location.data = meeting.location
        form.attendees.data = [a.user_id for a in queries.meeting_page(meeting).attendees
                               if a.user_id is not None]
    return form


def _render_edit(meeting: Meeting, status: int = 200, **forms) -> ResponseReturnValue:
    return render_template(
        "meetings/edit.html",
        meeting=meeting,
        form=forms.get("form") or _edit_form(meeting, False),
        cancel_form=forms.get("cancel_form") or CancelForm(prefix="cancel", formdata=None),
        changes=changes.meeting_changes(meeting),
    ), status


@bp.route("/meetings/<int:meeting_id>/bewerken", methods=["GET", "POST"])
@access(roles=CHAIRS)
def meeting_edit(meeting_id: int) -> ResponseReturnValue:
    meeting = get_meeting(meeting_id)
    if request.method == "GET":
        return _render_edit(meeting)
    form = _edit_form(meeting, True)
    if form.validate_on_submit():
        chosen = {u.id: u for u in people(*CASE_WORKERS)}
        try:
            change = changes.update_meeting(
                meeting, current_user,
                starts_at=local_moment(form.day.data, form.starts.data),
                location=form.location.data or "",
                attendees=[chosen[i] for i in form.attendees.data or [] if i in chosen],
                reason=form.reason.data or "", confirmed=bool(form.confirm.data),
            )
        except MeetingError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("De bespreking is gewijzigd.") if change else _("Er is niets gewijzigd."),
                  "success" if change else "info")
            return redirect(url_for("meetings.meeting_detail", meeting_id=meeting.id))
    return _render_edit(meeting, 400, form=form)


@bp.route("/meetings/<int:meeting_id>/annuleren", methods=["POST"])
@access(roles=CHAIRS)
def meeting_cancel(meeting_id: int) -> ResponseReturnValue:
    meeting = get_meeting(meeting_id)
    form = CancelForm(prefix="cancel")
    if form.validate_on_submit():
        try:
            changes.cancel_meeting(meeting, current_user, reason=form.reason.data)
        except MeetingError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("De bespreking is geannuleerd; de casussen staan weer bij 'Voorgesteld'."),
                  "success")
            return redirect(url_for("meetings.meeting_detail", meeting_id=meeting.id))
    return _render_edit(meeting, 400, cancel_form=form)


def _item(item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None:
        abort(404)
    return item


def _move_form(item: AgendaItem, formdata: bool = True) -> MoveItemForm:
    form = MoveItemForm(prefix="move") if formdata else MoveItemForm(prefix="move", formdata=None)
    form.target.choices = [(0, _("Kies een bespreking"))] + [
        (m.id, when(m.starts_at)
         + (f" · {m.location}" if m.location else ""))
        for m in queries.open_meetings(item.meeting)
    ]
    return form


def render_item_change(item: AgendaItem, status: int = 200, **forms) -> ResponseReturnValue:
    return render_template(
        "meetings/item_change.html",
        item=item,
        meeting=item.meeting,
        remove_form=forms.get("remove_form") or RemoveItemForm(prefix="remove", formdata=None),
        move_form=forms.get("move_form") or _move_form(item, False),
    ), status


@bp.route("/agenda-items/<int:item_id>/wijzigen")
@access(roles=CHAIRS)
def item_change(item_id: int) -> ResponseReturnValue:
    return render_item_change(_item(item_id))


@bp.route("/agenda-items/<int:item_id>/verwijderen", methods=["POST"])
@access(roles=CHAIRS)
def item_remove(item_id: int) -> ResponseReturnValue:
    item = _item(item_id)
    meeting_id, reference = item.meeting_id, item.case.reference
    form = RemoveItemForm(prefix="remove")
    if form.validate_on_submit():
        try:
            changes.remove_agenda_item(item, current_user, reason=form.reason.data)
        except MeetingError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("%(ref)s is van de agenda gehaald.", ref=reference), "success")
            return redirect(url_for("meetings.meeting_detail", meeting_id=meeting_id))
    return render_item_change(item, 400, remove_form=form)


@bp.route("/agenda-items/<int:item_id>/verplaatsen", methods=["POST"])
@access(roles=CHAIRS)
def item_move(item_id: int) -> ResponseReturnValue:
    item = _item(item_id)
    form = _move_form(item)
    if form.validate_on_submit():
        target = db.session.get(Meeting, form.target.data)
        try:
            if target is None:
                raise MeetingError("Kies een bespreking.", field="target")
            changes.move_agenda_item(item, target, current_user, reason=form.reason.data)
        except MeetingError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("%(ref)s staat nu op de agenda van de andere bespreking.",
                    ref=item.case.reference), "success")
            return redirect(url_for("meetings.meeting_detail", meeting_id=target.id))
    return render_item_change(item, 400, move_form=form)


@bp.route("/meetings/<int:meeting_id>/verslag/vaststellen", methods=["POST"])
@access(roles=CHAIRS)
def minutes_fix(meeting_id: int) -> ResponseReturnValue:
    meeting = get_meeting(meeting_id)
    form = FixMinutesForm(prefix="fix")
    if form.validate_on_submit():
        try:
            changes.fix_minutes(meeting, current_user)
        except MeetingError as error:
            db.session.rollback()
            flash(_(error.message), "danger")
        else:
            db.session.commit()
            flash(_("Het verslag is vastgesteld."), "success")
    return redirect(url_for("meetings.minutes_page", meeting_id=meeting_id))


@bp.route("/meetings/<int:meeting_id>/verslag/addendum", methods=["POST"])
@access(roles=CHAIRS)
def minutes_addendum(meeting_id: int) -> ResponseReturnValue:
    meeting = get_meeting(meeting_id)
    form = AddendumForm(prefix="addendum")
    if form.validate_on_submit():
        try:
            changes.add_addendum(meeting, current_user, text=form.text.data)
        except MeetingError as error:
            db.session.rollback()
            flash(_(error.message), "danger")
        else:
            db.session.commit()
            flash(_("Het addendum is toegevoegd aan het verslag."), "success")
            return redirect(url_for("meetings.minutes_page", meeting_id=meeting_id))
    else:
        for message in form.text.errors:
            flash(str(message), "danger")
    return redirect(url_for("meetings.minutes_page", meeting_id=meeting_id))

