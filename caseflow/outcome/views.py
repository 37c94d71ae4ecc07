"""Outcome screens: goals, evaluations, the case's outcome chart and placement tariffs."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow.auth.permissions import CaseAction, case_access
from caseflow.cases.models import Case, Gemeente
from caseflow.cases.records import latest_analysis
from caseflow.core.charts import svg_response
from caseflow.extensions import db
from caseflow.outcome import chart
from caseflow.outcome.evaluations import EvaluationInput, case_evaluations, record_evaluation
from caseflow.outcome.forms import GAS_CHOICES, EvaluationForm, GoalForm, TariffForm
from caseflow.outcome.models import Goal
from caseflow.outcome.queries import LABELS
from caseflow.outcome.services import (
    GoalContent,
    OutcomeError,
    active_goals,
    add_goal,
    case_goals,
    goal_versions,
    revise_goal,
)
from caseflow.outcome.tariffs import set_tariff
from caseflow.timeline.models import Placement
from caseflow.timeline.placements import case_placements

bp = Blueprint("outcome", __name__)


def _show(form, error: OutcomeError, extra: dict[str, list[str]] | None = None) -> None:
    """Each message next to its field; per-goal scores into ``extra``; the rest as a flash."""
    for name, message in error.problems.items():
        field = form._fields.get(name)
        message = str(message)  # a message id: translated here, for this request
        if field is not None:
            field.errors = [*field.errors, message]
        elif extra is not None and name.startswith("score_"):
            extra.setdefault(name, []).append(message)
        else:
            flash(message, "danger")


def _goal_content(form: GoalForm) -> GoalContent:
    return GoalContent(
        description=form.description.data or "",
        for_whom=form.for_whom.data or "",
        indicator=form.indicator.data or "",
        status=form.status.data or "",
        note=form.note.data or "",
    )


@bp.route("/cases/<reference>/doelen", methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def goals(case: Case) -> ResponseReturnValue:
    form = GoalForm()
    if form.validate_on_submit():
        try:
            add_goal(case, _goal_content(form), current_user)
        except OutcomeError as error:
            db.session.rollback()
            _show(form, error)
        else:
            db.session.commit()
            flash(_("Doel vastgelegd."), "success")
            return redirect(url_for("outcome.goals", reference=case.reference))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "outcome/goals.html", case=case, form=form, goals=case_goals(case),
        analysis=latest_analysis(case), labels=LABELS,
    ), status


@bp.route("/cases/<reference>/doelen/<int:goal_id>", methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def goal(case: Case, goal_id: int) -> ResponseReturnValue:
    item = db.session.get(Goal, goal_id)
    if item is None or item.case_id != case.id:
        abort(404)
    form = GoalForm(obj=None if request.method == "POST" else item)
    if form.validate_on_submit():
        try:
            revise_goal(item, case, _goal_content(form), current_user)
        except OutcomeError as error:
            db.session.rollback()
            _show(form, error)
        else:
            db.session.commit()
            flash(_("Nieuwe versie van het doel vastgelegd."), "success")
            return redirect(url_for("outcome.goals", reference=case.reference))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "outcome/goal.html", case=case, form=form, goal=item, versions=goal_versions(item),
        labels=LABELS,
    ), status


@bp.route("/cases/<reference>/evaluaties", methods=["GET"])
@case_access(CaseAction.READ)
def evaluations(case: Case) -> ResponseReturnValue:
    goals_by_id = {g.id: g for g in case_goals(case)}
    return render_template(
        "outcome/evaluations.html", case=case, evaluations=case_evaluations(case)[::-1],
        goals=goals_by_id, labels=LABELS,
    )


@bp.route("/cases/<reference>/evaluaties/nieuw", methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def new_evaluation(case: Case) -> ResponseReturnValue:
    form = EvaluationForm()
    goals_now = active_goals(case)
    score_errors: dict[str, list[str]] = {}
    if form.validate_on_submit():
        data = EvaluationInput(
            held_on=form.held_on.data,
            professionals_view=form.professionals_view.data or "",
            scores={g.id: request.form.get(f"score_{g.id}", "") for g in goals_now},
            child_view=form.child_view.data or "",
            child_safety=form.child_safety.data,
            child_missing=form.child_missing.data or None,
            parents_view=form.parents_view.data or "",
            parents_score=form.parents_score.data,
            parents_missing=form.parents_missing.data or None,
        )
        try:
            record_evaluation(case, data, current_user)
        except OutcomeError as error:
            db.session.rollback()
            _show(form, error, score_errors)
        else:
            db.session.commit()
            flash(_("Evaluatie vastgelegd."), "success")
            return redirect(url_for("cases.case_detail", reference=case.reference) + "#uitkomst")
    status = 400 if request.method == "POST" else 200
    return render_template(
        "outcome/evaluation_new.html", case=case, form=form, goals=goals_now,
        gas_choices=GAS_CHOICES, score_errors=score_errors,
        chosen={g.id: request.form.get(f"score_{g.id}", "") for g in goals_now},
        labels=LABELS,
    ), status


@bp.route("/cases/<reference>/uitkomst.svg")
@case_access(CaseAction.READ)
def outcome_chart(case: Case) -> ResponseReturnValue:
    svg = chart.outcome_svg(case_evaluations(case), case_placements(case))
    response = svg_response(svg)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/cases/<reference>/placements/<int:placement_id>/tarief", methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT, costs=True)
def tariff(case: Case, placement_id: int) -> ResponseReturnValue:
    placement = db.session.get(Placement, placement_id)
    if placement is None or placement.case_id != case.id:
        abort(404)
    form = TariffForm()
    gemeenten = db.session.scalars(select(Gemeente).order_by(Gemeente.name)).all()
    form.funding_gemeente.choices = [(0, _("(onbekend)"))] + [(g.id, g.name) for g in gemeenten]
    if request.method == "GET":
        form.kind.data = placement.tariff_kind or ""
        form.amount.data = (
            f"{placement.tariff_amount:.2f}".replace(".", ",") if placement.tariff_amount else ""
        )
        form.funding_gemeente.data = placement.funding_gemeente_id or case.gemeente_id
    if form.validate_on_submit():
        try:
            set_tariff(
                placement, case, form.kind.data or None, form.amount.data,
                form.funding_gemeente.data or None, current_user,
            )
        except OutcomeError as error:
            db.session.rollback()
            _show(form, error)
        else:
            db.session.commit()
            flash(_("Tarief vastgelegd."), "success")
            return redirect(url_for("cases.case_detail", reference=case.reference) + "#uitkomst")
    status = 400 if request.method == "POST" else 200
    return render_template(
        "outcome/tariff.html", case=case, form=form, placement=placement
    ), status
