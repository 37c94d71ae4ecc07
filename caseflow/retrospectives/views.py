"""Retrospective screens (VIPP-lijn). Facilitators see only their own retrospectives and only
pseudonymised data; chairs prepare retrospectives of consenting cases for a facilitator."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import log_access
from caseflow.auth.models import Role, User
from caseflow.auth.permissions import CHAIRS, RETRO_WORKERS, access
from caseflow.cases.models import Case
from caseflow.core.formatting import day
from caseflow.extensions import db
from caseflow.retrospectives import forms, learning, queries, services, spans
from caseflow.retrospectives.consent import RetroError
from caseflow.retrospectives.models import LearningSession, RetroParticipant

bp = Blueprint("retrospectives", __name__, url_prefix="/retrospectives")
WORKERS = RETRO_WORKERS


@bp.app_template_filter("deid_plain")
def show_spans_plain(text: str | None) -> str:
    return spans.plain(text or "")


@bp.app_template_filter("deid")
def show_spans(text: str | None) -> Markup:
    """Stored text for the screen: an open span shows as its kind, marked, never the word."""
    escaped = str(escape(text or ""))
    unchecked = escape(_("nog te controleren"))  # outside the f-string: Babel extracts it
    return Markup(spans.PLACEHOLDER.sub(  # nosec B704 - the text is escaped above
        lambda m: f'<mark class="open-span" title="{unchecked}">'
                  f"{escape(spans.placeholder_label(m))}</mark>", escaped
    ))


def field_error(form, error: RetroError) -> None:
    """Show a service refusal next to its field. The services refuse before they change
    anything, so there is nothing to roll back (and the loaded objects stay usable)."""
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, str(error.message)]
    else:
        flash(str(error.message), "danger")


def facilitators() -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.role == Role.FACILITATOR.value, User.active).order_by(User.name)
        ).unique()
    )


def log_read(retro, event: AuditEvent = AuditEvent.READ, object_type: str = "retrospective"):
    """Log the read (or print/export); the app commits access-log rows of a GET after it."""
    log_access(event, case_id=retro.case_id, object_type=object_type, object_id=retro.id)


# --- list and preparation ---------------------------------------------------------------------


@bp.route("/")
@access(roles=WORKERS)
def index() -> ResponseReturnValue:
    return render_template(
        "retrospectives/index.html",
        retros=queries.visible_retrospectives(current_user),
        sessions=queries.visible_sessions(current_user),
        is_chair=queries.is_chair(current_user),
    )


def _prepare_choices(form: forms.PrepareForm) -> None:
    form.case.choices = [(0, _("Kies een casus"))] + [
        (c.id, f"{c.reference} · {c.pseudonym}") for c in queries.consenting_cases()
    ]
    form.facilitator.choices = [(0, _("Kies een facilitator"))] + [
        (u.id, u.name) for u in facilitators()
    ]
    form.session.choices = [(0, _("(nog geen)"))] + [
        (s.id, f"{spans.plain(s.title)} ({day(s.held_on)})")
        for s in db.session.scalars(select(LearningSession).order_by(LearningSession.held_on))
    ]


@bp.route("/nieuw", methods=["GET", "POST"])
@access(roles=CHAIRS)
def prepare() -> ResponseReturnValue:
    form = forms.PrepareForm()
    _prepare_choices(form)
    if form.validate_on_submit():
        case = db.session.get(Case, form.case.data)
        facilitator = db.session.get(User, form.facilitator.data)
        if case is None or facilitator is None:
            form.case.errors = [_("Kies een casus.")]
        else:
            data = services.Preparation(
                facilitator, form.as_of.data, form.held_on.data, form.part_of_day.data,
                form.main_question.data, (form.sub_questions.data or "").splitlines(),
                db.session.get(LearningSession, form.session.data) if form.session.data else None,
            )
            try:
                retro = services.prepare_retrospective(case, data, current_user)
            except RetroError as error:
                field_error(form, error)
            else:
                retro_id = retro.id
                db.session.commit()
                flash(_("Retrospectief voorbereid; de tijdlijn is vastgelegd."), "success")
                return redirect(url_for(".detail", retro_id=retro_id))
    status = 400 if form.errors else 200
    return render_template("retrospectives/prepare.html", form=form), status


# --- one retrospective ------------------------------------------------------------------------


def _detail_forms(retro) -> dict:
    questions = forms.QuestionsForm(
        formdata=None, main_question=retro.main_question, held_on=retro.held_on,
        part_of_day=retro.part_of_day,
        sub_questions="\n".join(q.text for q in retro.sub_questions),
    )
    return {
        "questions_form": questions, "participant_form": forms.ParticipantForm(formdata=None),
        "action_form": forms.ActionForm(formdata=None), "finish_form": forms.FinishForm(),
        "attendance_form": forms.AttendanceForm(),
        "status_form": forms.ActionStatusForm(formdata=None),
        "family_link_form": forms.FamilyLinkForm(formdata=None),
    }


def render_detail(retro, status: int = 200, **overrides) -> ResponseReturnValue:
    page = queries.retro_page(retro, with_svg=False)
    context = {**_detail_forms(retro), **overrides}
    return render_template("retrospectives/detail.html", page=page, retro=retro, **context), status


@bp.route("/<int:retro_id>")
@access(roles=WORKERS)
def detail(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    log_read(retro)
    return render_detail(retro)


@bp.route("/<int:retro_id>/vragen", methods=["POST"])
@access(roles=WORKERS)
def questions(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    form = forms.QuestionsForm()
    if not form.validate_on_submit():
        return render_detail(retro, 400, questions_form=form)
    services.update_questions(
        retro, form.main_question.data, (form.sub_questions.data or "").splitlines(),
        form.held_on.data, form.part_of_day.data, current_user,
    )
    db.session.commit()
    flash(_("Vragen opgeslagen."), "success")
    return redirect(url_for(".detail", retro_id=retro_id))


@bp.route("/<int:retro_id>/deelnemers", methods=["POST"])
@access(roles=WORKERS)
def participants(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    form = forms.ParticipantForm()
    if not form.validate_on_submit():
        return render_detail(retro, 400, participant_form=form)
    services.add_participant(
        retro, form.name.data, form.organisation_kind.data, form.role.data,
        form.skj_number.data or "",
    )
    db.session.commit()
    return redirect(url_for(".detail", retro_id=retro_id) + "#deelnemers")


@bp.route("/deelnemers/<int:participant_id>/aanwezig", methods=["POST"])
@access(roles=WORKERS)
def attendance(participant_id: int) -> ResponseReturnValue:
    participant = db.session.get(RetroParticipant, participant_id)
    if participant is None:
        abort(404)
    retro_id = queries.get_retrospective(participant.retrospective_id, current_user).id
    form = forms.AttendanceForm()
    if form.validate_on_submit():
        services.set_attendance(participant, form.attended.data == "1")
        db.session.commit()
    return redirect(url_for(".detail", retro_id=retro_id) + "#deelnemers")


@bp.route("/<int:retro_id>/afronden", methods=["POST"])
@access(roles=WORKERS)
def finish(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    if forms.FinishForm().validate_on_submit():
        try:
            services.finish_retrospective(retro)
        except RetroError as error:
            flash(str(error.message), "danger")
            if error.field == "spans":  # the list where they are resolved
                return redirect(url_for(".flags", retro_id=retro_id))
        else:
            db.session.commit()
            flash(_("Retrospectief afgerond."), "success")
    return redirect(url_for(".detail", retro_id=retro_id))


@bp.route("/<int:retro_id>/acties", methods=["POST"])
@access(roles=WORKERS)
def actions(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    form = forms.ActionForm()
    if not form.validate_on_submit():
        return render_detail(retro, 400, action_form=form)
    learning.add_action(form.text.data, form.owner.data or "", form.due_on.data, retro=retro)
    db.session.commit()
    return redirect(url_for(".detail", retro_id=retro_id) + "#acties")


from caseflow.retrospectives import (  # noqa: E402,F401
    consent_views,
    family_views,
    session_views,
    span_views,
    timeline_views,
)
