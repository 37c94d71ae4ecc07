"""Agenda item screens (preparation, decisions, actions) and the minutes (HTML and PDF)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow.auth.models import Organisation, User
from caseflow.auth.permissions import access
from caseflow.extensions import db
from caseflow.meetings import minutes, queries
from caseflow.meetings.actions import add_action
from caseflow.meetings.changes import addenda
from caseflow.meetings.forms import (
    ActionForm,
    ActionStatusForm,
    AddendumForm,
    DecisionForm,
    FixMinutesForm,
    PreparationForm,
)
from caseflow.meetings.models import AgendaItem
from caseflow.meetings.services import MeetingError, record_meeting_decision, update_preparation
from caseflow.meetings.views import CASE_WORKERS, CHAIRS, bp, field_error, get_meeting, people


def _item(item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None:
        abort(404)
    return item


def _owner_choices(form: ActionForm) -> None:
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name))
    form.owner.choices = (
        [("", _("Kies een eigenaar"))]
        + [(f"u:{u.id}", f"{u.name} — {u.organisation.name}") for u in people(*CASE_WORKERS)]
        + [(f"o:{o.id}", _("%(name)s (organisatie)", name=o.name)) for o in organisations]
    )


def _owner(value: str) -> tuple[User | None, Organisation | None]:
    kind, _sep, identifier = (value or "").partition(":")
    if not identifier.isdigit():
        return None, None
    if kind == "u":
        user = db.session.get(User, int(identifier))
        return (user, None) if user is not None and user.role in CASE_WORKERS else (None, None)
    if kind == "o":
        return None, db.session.get(Organisation, int(identifier))
    return None, None


def render_item(item: AgendaItem, status: int = 200, **forms) -> ResponseReturnValue:
    page = queries.meeting_page(item.meeting)
    preparation = forms.pop("preparation_form", None) or PreparationForm(
        prefix="prep", formdata=None, question=item.question, advice=item.advice
    )
    action_form = forms.pop("action_form", None) or ActionForm(prefix="action", formdata=None)
    _owner_choices(action_form)
    return render_template(
        "meetings/item.html",
        item=item,
        meeting=item.meeting,
        decisions=page.decisions.get(item.id, []),
        actions=page.actions.get(item.id, []),
        preparation_form=preparation,
        decision_form=forms.pop("decision_form", None) or DecisionForm(prefix="decision",
                                                                        formdata=None),
        action_form=action_form,
        status_form=ActionStatusForm(formdata=None),
    ), status


def _back(item: AgendaItem, anchor: str) -> ResponseReturnValue:
    return redirect(url_for("meetings.agenda_item", item_id=item.id) + f"#{anchor}")


@bp.route("/agenda-items/<int:item_id>")
@access(roles=CHAIRS)
def agenda_item(item_id: int) -> ResponseReturnValue:
    return render_item(_item(item_id))


@bp.route("/agenda-items/<int:item_id>/preparation", methods=["POST"])
@access(roles=CHAIRS)
def item_preparation(item_id: int) -> ResponseReturnValue:
    item = _item(item_id)
    form = PreparationForm(prefix="prep")
    if form.validate_on_submit():
        try:
            update_preparation(
                item, current_user, question=form.question.data, advice=form.advice.data or ""
            )
        except MeetingError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("De voorbereiding is opgeslagen."), "success")
            return _back(item, "voorbereiding")
    return render_item(item, 400, preparation_form=form)


@bp.route("/agenda-items/<int:item_id>/decisions", methods=["POST"])
@access(roles=CHAIRS)
def item_decision(item_id: int) -> ResponseReturnValue:
    item = _item(item_id)
    form = DecisionForm(prefix="decision")
    if form.validate_on_submit():
        try:
            record_meeting_decision(
                item, current_user, text=form.text.data, mandate=form.mandate.data,
                escalated_to=form.escalated_to.data or "",
            )
        except MeetingError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("Het besluit is vastgelegd en staat op de tijdlijn van de casus."), "success")
            return _back(item, "besluiten")
    return render_item(item, 400, decision_form=form)


@bp.route("/agenda-items/<int:item_id>/actions", methods=["POST"])
@access(roles=CHAIRS)
def item_action(item_id: int) -> ResponseReturnValue:
    item = _item(item_id)
    form = ActionForm(prefix="action")
    if form.validate_on_submit():
        owner_user, owner_organisation = _owner(form.owner.data)
        try:
            if owner_user is None and owner_organisation is None:
                raise MeetingError(
                    "Kies een eigenaar: een persoon of een organisatie.", field="owner"
                )
            add_action(
                item, current_user, description=form.description.data, due_on=form.due_on.data,
                owner_user=owner_user, owner_organisation=owner_organisation,
            )
        except MeetingError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("De actie is vastgelegd en staat op de tijdlijn van de casus."), "success")
            return _back(item, "acties")
    return render_item(item, 400, action_form=form)


@bp.route("/meetings/<int:meeting_id>/minutes")
@access(roles=CHAIRS)
def minutes_page(meeting_id: int) -> ResponseReturnValue:
    page = queries.meeting_page(get_meeting(meeting_id))
    return render_template(
        "meetings/minutes.html", page=page, page_addenda=addenda(page.meeting),
        fix_form=FixMinutesForm(prefix="fix"), addendum_form=AddendumForm(prefix="addendum"),
    )


@bp.route("/meetings/<int:meeting_id>/minutes.pdf")
@access(roles=CHAIRS)
def minutes_pdf(meeting_id: int) -> ResponseReturnValue:
    page = queries.meeting_page(get_meeting(meeting_id))
    pdf = minutes.render_pdf(page, base_url=request.url_root)
    minutes.log_print(page)
    db.session.commit()
    filename = f"verslag-ret-{page.meeting.starts_at:%Y-%m-%d}-{page.meeting.id}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
