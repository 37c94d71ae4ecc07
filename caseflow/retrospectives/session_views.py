"""Learning sessions (leerbijeenkomsten): themes across retrospectives, improvement actions and
the combined report."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import log_access
from caseflow.auth.models import User
from caseflow.auth.permissions import access
from caseflow.extensions import db
from caseflow.retrospectives import forms, learning, queries, report, span_views
from caseflow.retrospectives.consent import RetroError
from caseflow.retrospectives.models import ImprovementAction
from caseflow.retrospectives.timeline_views import _download
from caseflow.retrospectives.views import CHAIRS, WORKERS, bp, facilitators, field_error


@bp.route("/sessions")
@access(roles=WORKERS)
def sessions() -> ResponseReturnValue:
    return render_template(
        "retrospectives/sessions.html", sessions=queries.visible_sessions(current_user),
        is_chair=queries.is_chair(current_user),
    )


@bp.route("/sessions/nieuw", methods=["GET", "POST"])
@access(roles=CHAIRS)
def session_new() -> ResponseReturnValue:
    form = forms.SessionForm()
    form.facilitator.choices = [(0, _("Kies een facilitator"))] + [
        (u.id, u.name) for u in facilitators()
    ]
    if form.validate_on_submit():
        facilitator = db.session.get(User, form.facilitator.data)
        try:
            if facilitator is None:
                raise RetroError(_("Kies een facilitator."), field="facilitator")
            session = learning.create_session(
                form.title.data, form.held_on.data, form.location.data or "", facilitator,
                current_user,
            )
        except RetroError as error:
            field_error(form, error)
        else:
            session_id = session.id
            db.session.commit()
            return redirect(url_for(".session_detail", session_id=session_id))
    status = 400 if form.errors else 200
    return render_template("retrospectives/session_new.html", form=form), status


def _log_session(page: queries.SessionPage, event: AuditEvent) -> None:
    for retro in page.retros or [None]:
        log_access(
            event, case_id=retro.case_id if retro else None, object_type="learning_session",
            object_id=page.session.id,
        )


def render_session(session, status: int = 200, action_form=None) -> ResponseReturnValue:
    page = queries.session_page(session)
    return render_template(
        "retrospectives/session.html", page=page,
        action_form=action_form or forms.ActionForm(formdata=None),
        status_form=forms.ActionStatusForm(formdata=None),
    ), status


@bp.route("/sessions/<int:session_id>")
@access(roles=WORKERS)
def session_detail(session_id: int) -> ResponseReturnValue:
    session = queries.get_session(session_id, current_user)
    return render_session(session)


@bp.route("/sessions/<int:session_id>/acties", methods=["POST"])
@access(roles=WORKERS)
def session_action(session_id: int) -> ResponseReturnValue:
    session = queries.get_session(session_id, current_user)
    form = forms.ActionForm()
    if not form.validate_on_submit():
        return render_session(session, 400, action_form=form)
    learning.add_action(form.text.data, form.owner.data or "", form.due_on.data, session=session)
    db.session.commit()
    return redirect(url_for(".session_detail", session_id=session_id) + "#acties")


@bp.route("/acties/<int:improvement_id>/status", methods=["POST"])
@access(roles=WORKERS)
def action_status(improvement_id: int) -> ResponseReturnValue:
    action = db.session.get(ImprovementAction, improvement_id)
    if action is None:
        abort(404)
    if action.retrospective_id:
        retro = queries.get_retrospective(action.retrospective_id, current_user)
        target = url_for(".detail", retro_id=retro.id) + "#acties"
    else:
        session = queries.get_session(action.session_id, current_user)
        target = url_for(".session_detail", session_id=session.id) + "#acties"
    form = forms.ActionStatusForm()
    if form.validate_on_submit():
        learning.set_action_status(action, form.status.data)
        db.session.commit()
        flash(_("Actie bijgewerkt."), "success")
    return redirect(target)


@bp.route("/sessions/<int:session_id>/verslag.pdf")
@access(roles=WORKERS)
def session_pdf(session_id: int) -> ResponseReturnValue:
    page = queries.session_page(queries.get_session(session_id, current_user))
    if (refused := span_views.session_refusal(page)) is not None:
        return refused
    page.pages = [queries.retro_page(r) for r in page.retros]
    content = report.session_pdf(page)
    _log_session(page, AuditEvent.PRINT)
    return _download(content, "application/pdf", f"leerbijeenkomst-{session_id}.pdf")


@bp.route("/sessions/<int:session_id>/verslag.docx")
@access(roles=WORKERS)
def session_docx(session_id: int) -> ResponseReturnValue:
    page = queries.session_page(queries.get_session(session_id, current_user))
    if (refused := span_views.session_refusal(page)) is not None:
        return refused
    page.pages = [queries.retro_page(r, with_svg=False) for r in page.retros]
    content = report.session_docx(page)
    _log_session(page, AuditEvent.EXPORT)
    return _download(content, report.DOCX_MIME, f"leerbijeenkomst-{session_id}.docx")
