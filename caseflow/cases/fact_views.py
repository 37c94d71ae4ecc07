"""The case facts page, /cases/<ref>/feiten: legal framework periods, sibling links and the
number of siblings outside caseflow, each added, corrected or withdrawn with a reason."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.auth.permissions import CHAIRS, CaseAction, case_access
from caseflow.cases import fact_services
from caseflow.cases.access import case_by_reference
from caseflow.cases.fact_forms import (
    CorrectFrameworkForm,
    FrameworkForm,
    OutsideForm,
    ReasonForm,
    SiblingForm,
)
from caseflow.cases.fact_models import CaseFramework, SiblingLink
from caseflow.cases.fact_services import FactError, FrameworkPeriod
from caseflow.cases.models import Case
from caseflow.cases.views import bp
from caseflow.extensions import db


def _back(case: Case, anchor: str = "") -> ResponseReturnValue:
    return redirect(url_for("cases.facts", reference=case.reference, _anchor=anchor or None))


def _page(case: Case, status: int = 200, **forms: Any) -> ResponseReturnValue:
    context = fact_services.facts_page_context(case)
    forms = {
        "framework_form": FrameworkForm(formdata=None),
        "sibling_form": SiblingForm(formdata=None),
        "outside_form": OutsideForm(formdata=None, count=context["outside_count"]),
        **forms,
    }
    return render_template(
        "cases/facts.html", case=case, links_editable=current_user.role in CHAIRS,
        **context, **forms,
    ), status


@bp.route("/cases/<reference>/feiten")
@case_access(CaseAction.LOG_EVENT)
def facts(case: Case) -> ResponseReturnValue:
    return _page(case)


def _saved(form: Any, case: Case, change: Any, message: str, anchor: str, **page: Any):
    """Run ``change``; on a refusal show the page again with the messages by the fields."""
    try:
        change()
    except FactError as error:
        db.session.rollback()
        error.show_on(form, fallback=getattr(form, "reason", None))
        return _page(case, 400, **page)
    db.session.commit()
    flash(message, "success")
    return _back(case, anchor)


@bp.route("/cases/<reference>/kader", methods=["POST"])
@case_access(CaseAction.LOG_EVENT)
def add_framework(case: Case) -> ResponseReturnValue:
    form = FrameworkForm()
    if not form.validate_on_submit():
        return _page(case, 400, framework_form=form)
    data = FrameworkPeriod(form.framework.data, form.from_date.data, form.until_date.data)
    return _saved(form, case, lambda: fact_services.add_framework(case, data, current_user),
                  _("Juridisch kader vastgelegd."), "kader", framework_form=form)


def _framework(case: Case, framework_id: int) -> CaseFramework:
    row = db.session.get(CaseFramework, framework_id)
    if row is None or row.case_id != case.id:
        abort(404)
    return row


@bp.route("/cases/<reference>/kader/<int:framework_id>/corrigeren", methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def correct_framework(case: Case, framework_id: int) -> ResponseReturnValue:
    row = _framework(case, framework_id)
    if request.method == "GET":
        form = CorrectFrameworkForm(formdata=None, framework=row.framework,
                                    from_date=row.from_date, until_date=row.until_date)
    else:
        form = CorrectFrameworkForm()
    if form.validate_on_submit():
        data = FrameworkPeriod(form.framework.data, form.from_date.data, form.until_date.data)
        try:
            fact_services.correct_framework(row, case, data, current_user,
                                            reason=form.reason.data or "")
        except FactError as error:
            db.session.rollback()
            error.show_on(form, fallback=form.reason)
        else:
            db.session.commit()
            flash(_("Correctie opgeslagen; de vorige versie is bewaard."), "success")
            return _back(case, "kader")
    status = 400 if request.method == "POST" else 200
    return render_template(
        "cases/correct_framework.html", case=case, form=form, row=row,
        revisions=fact_services.framework_revisions(row),
    ), status


@bp.route("/cases/<reference>/kader/<int:framework_id>/intrekken", methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def retract_framework(case: Case, framework_id: int) -> ResponseReturnValue:
    row = _framework(case, framework_id)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            fact_services.retract_framework(row, case, current_user, reason=form.reason.data or "")
        except FactError as error:
            db.session.rollback()
            error.show_on(form, fallback=form.reason)
        else:
            db.session.commit()
            flash(_("Periode ingetrokken; ze blijft doorgestreept zichtbaar."), "success")
            return _back(case, "kader")
    status = 400 if request.method == "POST" else 200
    return render_template("cases/fact_reason.html", case=case, form=form,
                           title=_("Periode van een juridisch kader intrekken")), status


@bp.route("/cases/<reference>/broers-zussen", methods=["POST"])
@case_access(CaseAction.MANAGE)
def link_sibling(case: Case) -> ResponseReturnValue:
    form = SiblingForm()
    if not form.validate_on_submit():
        return _page(case, 400, sibling_form=form)
    other = case_by_reference((form.sibling.data or "").strip().upper())
    return _saved(form, case, lambda: fact_services.link_siblings(case, other, current_user),
                  _("Broer of zus gekoppeld."), "broers-zussen", sibling_form=form)


@bp.route("/cases/<reference>/broers-zussen/<int:link_id>/ontkoppelen",
          methods=["GET", "POST"])
@case_access(CaseAction.MANAGE)
def unlink_sibling(case: Case, link_id: int) -> ResponseReturnValue:
    link = db.session.get(SiblingLink, link_id)
    if link is None or case.id not in (link.case_id, link.sibling_id):
        abort(404)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            fact_services.unlink_siblings(link, case, current_user, reason=form.reason.data or "")
        except FactError as error:
            db.session.rollback()
            error.show_on(form, fallback=form.reason)
        else:
            db.session.commit()
            flash(_("Koppeling verwijderd; ze blijft zichtbaar als verwijderd."), "success")
            return _back(case, "broers-zussen")
    status = 400 if request.method == "POST" else 200
    return render_template("cases/fact_reason.html", case=case, form=form,
                           title=_("Koppeling met broer of zus verwijderen")), status


@bp.route("/cases/<reference>/broers-zussen-buiten", methods=["POST"])
@case_access(CaseAction.LOG_EVENT)
def siblings_outside(case: Case) -> ResponseReturnValue:
    form = OutsideForm()
    if not form.validate_on_submit():
        return _page(case, 400, outside_form=form)
    return _saved(
        form, case,
        lambda: fact_services.set_siblings_outside(case, form.count.data, current_user,
                                           reason=form.reason.data or ""),
        _("Aantal broers en zussen buiten caseflow opgeslagen."), "broers-zussen",
        outside_form=form,
    )
