"""Placement screens for corrections: correct (a new revision) and retract (entered by mistake)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow.auth.models import Organisation, OrganisationKind
from caseflow.auth.permissions import CaseAction, case_access
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.timeline.models import Placement
from caseflow.timeline.placement_corrections import (
    PlacementCorrection,
    correct_placement,
    may_correct,
    placement_revisions,
    retract_placement,
)
from caseflow.timeline.placement_forms import (
    CorrectPlacementForm,
    RetractPlacementForm,
    contracted_choice,
    contracted_value,
)
from caseflow.timeline.services import TimelineError
from caseflow.timeline.views import bp, show_problems


def _load(case: Case, placement_id: int) -> Placement:
    placement = db.session.get(Placement, placement_id)
    if placement is None or placement.case_id != case.id:
        abort(404)
    return placement


def _not_correctable(case: Case) -> ResponseReturnValue:
    """Retracted placements and other people's placements stay as they are."""
    flash(
        _(
            "Deze plaatsing kunt u niet corrigeren: alleen wie haar vastlegde (of de voorzitter "
            "of procesbegeleider) kan een niet-ingetrokken plaatsing corrigeren of intrekken."
        ),
        "warning",
    )
    return _back(case)


def _providers(form: CorrectPlacementForm) -> None:
    providers = db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.kind == OrganisationKind.ZORGAANBIEDER.value)
        .order_by(Organisation.name)
    ).all()
    form.provider_id.choices = [(0, _("(nieuwe aanbieder, hieronder)"))] + [
        (id_, name) for id_, name in providers
    ]


def _back(case: Case) -> ResponseReturnValue:
    return redirect(url_for("timeline.placements", reference=case.reference))


@bp.route(
    "/cases/<reference>/placements/<int:placement_id>/correct", methods=["GET", "POST"]
)
@case_access(CaseAction.LOG_EVENT)
def correct_placement_view(case: Case, placement_id: int) -> ResponseReturnValue:
    placement = _load(case, placement_id)
    if not may_correct(placement, current_user):
        return _not_correctable(case)
    if request.method == "GET":
        form = CorrectPlacementForm(
            formdata=None,
            type=placement.type,
            provider_id=placement.provider_id or 0,
            provider_name="" if placement.provider_id else placement.provider_name,
            in_region=placement.in_region,
            contracted=contracted_choice(placement.contracted),
            start_date=placement.start_date,
            planned_end=placement.planned_end,
            actual_end=placement.actual_end,
            ending=placement.ending or "",
            end_reason=placement.end_reason or "",
            end_note=placement.end_note,
        )
    else:
        form = CorrectPlacementForm()
    _providers(form)
    if form.validate_on_submit():
        data = PlacementCorrection(
            type=form.type.data,
            provider_name=form.provider_name.data or "",
            provider_id=form.provider_id.data or None,
            in_region=bool(form.in_region.data),
            contracted=contracted_value(form.contracted.data),
            start_date=form.start_date.data,
            planned_end=form.planned_end.data,
            actual_end=form.actual_end.data,
            ending=form.ending.data or None,
            end_reason=form.end_reason.data or None,
            end_note=form.end_note.data or "",
        )
        try:
            correct_placement(placement, case, data, current_user, reason=form.reason.data or "")
        except TimelineError as error:
            db.session.rollback()
            show_problems(form, error)
        else:
            db.session.commit()
            flash(_("Plaatsing gecorrigeerd; de vorige versie is bewaard."), "success")
            return _back(case)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "timeline/correct_placement.html",
        case=case,
        form=form,
        placement=placement,
        revisions=placement_revisions(placement),
    ), status


@bp.route(
    "/cases/<reference>/placements/<int:placement_id>/retract", methods=["GET", "POST"]
)
@case_access(CaseAction.LOG_EVENT)
def retract_placement_view(case: Case, placement_id: int) -> ResponseReturnValue:
    placement = _load(case, placement_id)
    if not may_correct(placement, current_user):
        return _not_correctable(case)
    form = RetractPlacementForm()
    if form.validate_on_submit():
        try:
            retract_placement(placement, case, current_user, reason=form.reason.data or "")
        except TimelineError as error:
            db.session.rollback()
            show_problems(form, error)
        else:
            db.session.commit()
            flash(_("Plaatsing ingetrokken; ze blijft doorgestreept zichtbaar."), "success")
            return _back(case)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "timeline/retract_placement.html", case=case, form=form, placement=placement
    ), status
