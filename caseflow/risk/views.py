"""Risk screens: the overview for the chair, a case's flags with their history, acknowledging a
flag, the backtest page, and the region's settings (thresholds and severities)."""

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
from caseflow.risk import queries, settings
from caseflow.risk.backtest import run_backtest
from caseflow.risk.config import NUMBERS, Thresholds, thresholds
from caseflow.risk.forms import AcknowledgeForm, BacktestForm, OverviewFilterForm
from caseflow.risk.loading import load_raw_cases
from caseflow.risk.models import RiskFlag
from caseflow.risk.rules import CODES, SEVERITY_ORDER
from caseflow.risk.services import RiskError, acknowledge
from caseflow.risk.settings import mark_seen
from caseflow.risk.settings_forms import SettingsForm
from caseflow.risk.vocab import code_label

bp = Blueprint("risk", __name__)


@bp.route("/risk")
@access(roles=CHAIRS)
def overview() -> ResponseReturnValue:
    form = OverviewFilterForm(request.args)
    form.code.choices = [("", _("Alle signalen"))] + [(c, code_label(c)) for c in CODES]
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
    seen_before = mark_seen(current_user)
    page = queries.overview(
        current_user, filters, request.args.get("page", 1, type=int), seen_before=seen_before
    )
    html = render_template("risk/overview.html", form=form, page=page)
    db.session.commit()  # when the chair last looked (after rendering: no reload of the rows)
    return html


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
            form.note.errors = [*form.note.errors, *map(str, error.problems.values())]
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


@bp.route("/risk/instellingen", methods=["GET", "POST"])
@access(roles=CHAIRS)
def settings_page() -> ResponseReturnValue:
    """The chair sets the thresholds and severities; the procesbegeleider may look."""
    may_edit = current_user.role in settings.EDITORS
    if request.method == "POST" and not may_edit:
        abort(403)
    form = SettingsForm()
    proposal = None
    status = 200
    if request.method == "GET":
        _fill(form, thresholds())
    elif form.validate_on_submit():
        numbers = {name: _number(getattr(form, name).data) for name in NUMBERS}
        chosen = {code: getattr(form, f"ernst_{code}").data for code in CODES}
        if form.derive.data:
            problems = settings.validate(numbers, chosen, "-")
            limits = thresholds({**numbers, "severities": chosen}) if not problems else None
            proposal = settings.backtest_figures(limits or thresholds())
            proposal["too_few"] = (proposal["overall"].get("breakdowns") or 0
                                   ) < settings.MIN_BREAKDOWNS
            lifts = {code: row["lift"] for code, row in proposal["rules"].items()}
            if not proposal["too_few"]:
                for code, severity in settings.derive_severities(lifts, chosen).items():
                    getattr(form, f"ernst_{code}").data = severity
        else:
            try:
                version = settings.save_settings(
                    current_user, numbers, chosen, form.reason.data or ""
                )
            except settings.SettingsError as error:
                db.session.rollback()
                status = 400
                for name, problem in error.problems.items():
                    getattr(form, name).errors = [problem]
            else:
                db.session.commit()
                flash(_("Instellingen opgeslagen als versie %(n)d.", n=version.version),
                      "success")
                return redirect(url_for("risk.settings_page"))
    else:
        status = 400  # the CSRF token: the form shows its message
    _choices(form)
    versions = settings.history()
    return render_template(
        "risk/settings.html", form=form, may_edit=may_edit, proposal=proposal,
        versions=versions, changes=settings.changes, numbers=NUMBERS, codes=CODES,
        min_breakdowns=settings.MIN_BREAKDOWNS,
    ), status


def _number(raw: str | None) -> int | str | None:
    """The typed text as a whole number, or as typed (validate says what is wrong with it)."""
    text = (raw or "").strip()
    return int(text) if text.isdigit() else text


def _fill(form: SettingsForm, limits: Thresholds) -> None:
    for name in NUMBERS:
        getattr(form, name).data = str(getattr(limits, name))
    for code, severity in settings.current_severities(limits).items():
        getattr(form, f"ernst_{code}").data = severity


def _choices(form: SettingsForm) -> None:
    from caseflow.risk.vocab import severity_label

    options = [(s, severity_label(s)) for s in SEVERITY_ORDER]
    for code in CODES:
        getattr(form, f"ernst_{code}").choices = options
