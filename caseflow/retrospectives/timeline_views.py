"""The session timeline (large, for a projector) with annotations, the 'what changed since' view,
and the verslag van inzichten as web page, PDF and DOCX."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.audit.models import AuditEvent
from caseflow.auth.permissions import access
from caseflow.cases.models import Case
from caseflow.core.formatting import day
from caseflow.extensions import db
from caseflow.retrospectives import (
    forms,
    freeze,
    learning,
    queries,
    report,
    services,
    span_views,
    spans,
)
from caseflow.retrospectives.consent import RetroError
from caseflow.retrospectives.frozen_models import FrozenEvent
from caseflow.retrospectives.models import SubQuestion
from caseflow.retrospectives.views import WORKERS, bp, log_read


def _annotation_form(page: queries.RetroPage, form: forms.AnnotationForm | None = None):
    form = form or forms.AnnotationForm(formdata=None)
    form.event.choices = [(0, _("(een periode, zie hieronder)"))] + [
        (e.id, f"{day(e.occurred_on)} — {spans.plain(e.title)[:80]}") for e in page.events
    ]
    form.sub_question.choices = [(0, _("(geen specifieke subvraag)"))] + [
        (q.id, spans.plain(q.text)[:100]) for q in page.retro.sub_questions
    ]
    form.themes.choices = [(t.id, t.label) for t in queries.themes()]
    return form


def render_timeline(retro, status: int = 200, form=None, theme_form=None) -> ResponseReturnValue:
    page = queries.retro_page(retro)
    return render_template(
        "retrospectives/timeline.html", page=page, retro=retro,
        form=_annotation_form(page, form) if page.visible else None,
        theme_form=theme_form or forms.ThemeForm(formdata=None),
    ), status


@bp.route("/<int:retro_id>/tijdlijn")
@access(roles=WORKERS)
def timeline(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    log_read(retro)
    return render_timeline(retro)


@bp.route("/<int:retro_id>/annotaties", methods=["POST"])
@access(roles=WORKERS)
def annotate(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    if not queries.timeline_visible(retro):
        abort(403)
    page = queries.retro_page(retro, with_svg=False)
    form = _annotation_form(page, forms.AnnotationForm())
    if form.validate_on_submit():
        event = db.session.get(FrozenEvent, form.event.data) if form.event.data else None
        sub = db.session.get(SubQuestion, form.sub_question.data or 0)
        if sub is not None and sub.retrospective_id != retro.id:
            sub = None
        chosen = set(form.themes.data or [])
        data = learning.AnnotationInput(
            form.type.data, form.text.data, event, form.period_start.data, form.period_end.data,
            sub, [t for t in queries.themes() if t.id in chosen],
        )
        try:
            learning.add_annotation(retro, data, current_user)
        except RetroError as error:
            from caseflow.retrospectives.views import field_error

            field_error(form, error)
        else:
            db.session.commit()
            flash(_("Annotatie toegevoegd."), "success")
            return redirect(url_for(".timeline", retro_id=retro_id) + "#annotaties")
    return render_timeline(retro, 400, form=form)


@bp.route("/<int:retro_id>/thema", methods=["POST"])
@access(roles=WORKERS)
def add_theme(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    form = forms.ThemeForm()
    if form.validate_on_submit():
        try:
            theme = learning.add_theme(form.label.data, current_user)
        except RetroError as error:
            form.label.errors = [str(error.message)]
        else:
            label = theme.label
            db.session.commit()
            flash(_("Thema „%(label)s” toegevoegd; u kunt het nu kiezen bij een annotatie.",
                    label=label), "success")
            return redirect(url_for(".timeline", retro_id=retro_id) + "#annotatie-formulier")
    return render_timeline(retro, 400, theme_form=form)


@bp.route("/<int:retro_id>/wijzigingen")
@access(roles=WORKERS)
def changes(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    visible = queries.timeline_visible(retro)
    found = []
    if visible:
        case = db.session.get(Case, retro.case_id)
        found = freeze.changes_since(retro, case, services.pseudonymiser_for(retro))
    log_read(retro, object_type="retrospective_changes")
    return render_template(
        "retrospectives/changes.html", retro=retro, visible=visible, changes=found
    )


@bp.route("/<int:retro_id>/verslag")
@access(roles=WORKERS)
def report_page(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    log_read(retro, object_type="retrospective_report")
    return render_template("retrospectives/report.html", page=queries.retro_page(retro))


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        content, mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "Cache-Control": "no-store"},
    )


@bp.route("/<int:retro_id>/verslag.pdf")
@access(roles=WORKERS)
def report_pdf(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    if (refused := span_views.retro_refusal(retro)) is not None:
        return refused
    pdf = report.retro_pdf(queries.retro_page(retro))
    log_read(retro, AuditEvent.PRINT, "retrospective_report")
    return _download(pdf, "application/pdf", f"verslag-{retro.session_pseudonym}.pdf")


@bp.route("/<int:retro_id>/verslag.docx")
@access(roles=WORKERS)
def report_docx(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    if (refused := span_views.retro_refusal(retro)) is not None:
        return refused
    content = report.retro_docx(queries.retro_page(retro))
    log_read(retro, AuditEvent.EXPORT, "retrospective_report")
    return _download(content, report.DOCX_MIME, f"verslag-{retro.session_pseudonym}.docx")


@bp.route("/<int:retro_id>/presentielijst")
@access(roles=WORKERS)
def attendance_list(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    log_read(retro, AuditEvent.PRINT, "retrospective_attendance")
    return render_template(
        "retrospectives/attendance.html", page=queries.retro_page(retro, with_svg=False)
    )
