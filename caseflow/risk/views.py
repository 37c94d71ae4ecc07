"""Risk screens: the overview for the chair, a case's flags with their history, acknowledging a
flag, and the backtest page."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.auth.permissions import CHAIRS, CaseAction, access, case_access
from caseflow.cases import queries as case_queries
from caseflow.cases.models import Case
from caseflow.cases.vocab import PHASE_LABELS
from caseflow.extensions import db
from caseflow.risk import queries
from caseflow.risk.backtest import run_backtest
from caseflow.risk.config import thresholds
from caseflow.risk.forms import AcknowledgeForm, BacktestForm, OverviewFilterForm
from caseflow.risk.loading import load_raw_cases
from caseflow.risk.models import RiskFlag
from caseflow.risk.rules import CODES
from caseflow.risk.services import RiskError, acknowledge
from caseflow.risk.vocab import CODE_LABELS

bp = Blueprint("risk", __name__)


@bp.route("/risk")
@access(roles=CHAIRS)
def overview() -> ResponseReturnValue:
    form = OverviewFilterForm(request.args)
    form.code.choices = [("", _("Alle signalen"))] + [(c, str(CODE_LABELS[c])) for c in CODES]
    form.gemeente.choices = [("", _("Alle gemeenten"))] + [
        (str(id_), name) for id_, name in case_queries.gemeenten()
    ]
    form.phase.choices = [("", _("Alle fasen"))] + [
        (p.value, label) for p, label in PHASE_LABELS.items()
    ]
    filters = queries.OverviewFilters()
    if form.validate():
        gemeente = form.gemeente.data
        filters = queries.OverviewFilters(
            code=form.code.data or "",
            gemeente=int(gemeente) if gemeente and gemeente.isdigit() else None,
            phase=form.phase.data or "",
        )
    page = queries.overview(current_user, filters, request.args.get("page", 1, type=int))
    return render_template("risk/overview.html", form=form, page=page)


@bp.route("/cases/<reference>/risk")
@case_access(CaseAction.READ)
def case_flags(case: Case) -> ResponseReturnValue:
    return render_template(
        "risk/case.html", case=case, **queries.case_flags_context(case)
    )


@bp.route("/cases/<reference>/risk/<int:flag_id>/acknowledge", methods=["POST"])
@case_access(CaseAction.MANAGE)
def acknowledge_flag(case: Case, flag_id: int) -> ResponseReturnValue:
    flag = db.session.get(RiskFlag, flag_id)
    if flag is None or flag.case_id != case.id:
        abort(404)
    form = AcknowledgeForm()
    reference = case.reference
    if form.validate_on_submit():
        try:
            acknowledge(flag, current_user, note=form.note.data or "")
        except RiskError as error:
            db.session.rollback()
            form.note.errors = [*form.note.errors, *error.problems.values()]
        else:
            db.session.commit()
            flash(_("Signaal gemarkeerd als gezien."), "success")
            return redirect(url_for("risk.case_flags", reference=reference))
    context = queries.case_flags_context(case)
    context["risk_context"]["form"] = form
    context["risk_context"]["form_flag_id"] = flag.id
    return render_template("risk/case.html", case=case, **context), 400


@bp.route("/risk/backtest")
@access(roles=CHAIRS)
def backtest() -> ResponseReturnValue:
    form = BacktestForm(request.args)
    horizon = 90
    status = 200
    if not form.validate():
        status = 400
        result = None
    else:
        horizon = form.horizon_days.data or 90
        result = run_backtest(
            load_raw_cases().values(), horizon_days=horizon, today=date.today(),
            limits=thresholds(),
        )
    return render_template("risk/backtest.html", form=form, result=result), status


@bp.app_context_processor
def risk_helpers() -> dict[str, object]:
    from caseflow.risk.vocab import SEVERITY_CLASSES, code_label, severity_label

    return {
        "risk_code_label": code_label,
        "risk_severity_label": severity_label,
        "risk_severity_class": lambda s: SEVERITY_CLASSES.get(s, "text-bg-secondary"),
    }
