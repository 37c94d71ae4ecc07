"""Placement screens: list, start and end."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.auth.permissions import CaseAction, case_access
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.timeline.forms import EndPlacementForm, PlacementForm
from caseflow.timeline.models import Placement
from caseflow.timeline.placement_corrections import may_correct
from caseflow.timeline.placement_forms import contracted_value
from caseflow.timeline.placements import (
    PlacementInput,
    case_placements,
    doorplaatsingen,
    end_placement,
    start_placement,
)
from caseflow.timeline.services import TimelineError
from caseflow.timeline.views import bp, show_problems


@bp.route("/cases/<reference>/placements", methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def placements(case: Case) -> ResponseReturnValue:
    form = PlacementForm()
    if form.validate_on_submit():
        data = PlacementInput(
            type=form.type.data,
            provider_name=form.provider_name.data or "",
            start_date=form.start_date.data,
            in_region=bool(form.in_region.data),
            planned_end=form.planned_end.data,
            contracted=contracted_value(form.contracted.data),
        )
        try:
            start_placement(case, data, current_user)
        except TimelineError as error:
            db.session.rollback()
            show_problems(form, error)
        else:
            db.session.commit()
            flash(_("Plaatsing vastgelegd."), "success")
            return redirect(url_for("timeline.placements", reference=case.reference))
    items = case_placements(case, include_retracted=True)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "timeline/placements.html",
        case=case,
        form=form,
        placements=items,
        doorplaatsingen=doorplaatsingen([p for p in items if not p.is_retracted]),
        may_correct=lambda p: may_correct(p, current_user),
    ), status


@bp.route("/cases/<reference>/placements/<int:placement_id>/end", methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def end(case: Case, placement_id: int) -> ResponseReturnValue:
    placement = db.session.get(Placement, placement_id)
    if placement is None or placement.case_id != case.id:
        abort(404)
    form = EndPlacementForm()
    if form.validate_on_submit():
        try:
            end_placement(
                placement,
                case,
                current_user,
                end_date=form.end_date.data,
                ending=form.ending.data,
                end_reason=form.end_reason.data or None,
                note=form.note.data or "",
            )
        except TimelineError as error:
            db.session.rollback()
            show_problems(form, error)
        else:
            db.session.commit()
            flash(_("Plaatsing beëindigd."), "success")
            return redirect(url_for("timeline.placements", reference=case.reference))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "timeline/end_placement.html", case=case, form=form, placement=placement
    ), status
