"""Timeline screens: the timeline (also as known on a date), its SVG, logging, correcting and
retracting events."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from caseflow.auth.permissions import CaseAction, Former, case_access, current_case_access
from caseflow.cases.models import Case
from caseflow.core.formatting import id_url
from caseflow.extensions import db
from caseflow.textsafety import small_int
from caseflow.timeline import queries
from caseflow.timeline.case_panel import (
    organisation_choices,
    prepare_event_form,
    timeline_svg_for,
)
from caseflow.timeline.forms import EventForm, RetractForm, TimelineFilterForm
from caseflow.timeline.models import TimelineEvent
from caseflow.timeline.placements import doorplaatsingen
from caseflow.timeline.services import (
    EventContent,
    TimelineError,
    log_event,
    may_change,
    retract_event,
    revise_event,
)

bp = Blueprint("timeline", __name__)


def _filters(form: TimelineFilterForm) -> queries.TimelineFilters:
    organisation = form.organisation.data
    return queries.TimelineFilters(
        kinds=form.kind.data or [],
        organisation_id=small_int(organisation),
        start=form.start.data,
        end=form.end.data,
        as_of=form.as_of.data,
    )


def _known_on(requested: date | None) -> date | None:
    """A date in the future shows what is known today: nobody knows more, and ``?as_of=9999-12-31``
    overflowed the end of its day into a 500."""
    return min(requested, date.today()) if requested else None


def _own_view(case: Case, as_of: date | None) -> tuple[date | None, list, list]:
    """(as-of date, events known then, placements) as the current decision allows: a former
    member gets their own events as known on their last day, and no placements."""
    decision = current_case_access()
    as_of = decision.as_of(as_of)
    clause = decision.entries_clause(TimelineEvent.recorded_by_id)
    known = queries.timeline_rows(case, queries.TimelineFilters(as_of=as_of), clause)
    own_only = decision.own_entries_only
    return as_of, known, [] if own_only else queries.placements_as_of(case, as_of)


@bp.route("/cases/<reference>/timeline")
@case_access(CaseAction.READ, former=Former.OWN_ENTRIES)
def timeline(case: Case) -> ResponseReturnValue:
    form = TimelineFilterForm(request.args)
    form.organisation.choices = [("", _("Alle organisaties"))] + [
        (str(i), name) for i, name in organisation_choices()
    ]
    filters = _filters(form) if form.validate() else queries.TimelineFilters()
    # One load serves the picture (everything known on the as-of date) and the filtered table.
    as_of, known, placements = _own_view(case, _known_on(filters.as_of))
    filters = replace(filters, as_of=as_of)
    rows = queries.filter_rows(known, filters)
    own_only = current_case_access().own_entries_only
    names = queries.organisations_for({i for row in rows for i in row.organisation_ids})
    reader = current_user._get_current_object()
    return render_template(
        "timeline/timeline.html",
        case=case,
        form=form,
        rows=rows,
        filters=filters,
        placements=placements,
        organisations=names,
        svg=timeline_svg_for(
            case, filters.as_of, known, placements, phases=not own_only, phone=True
        ),
        doorplaatsingen=doorplaatsingen(placements),
        own_only=own_only,
        event_form=prepare_event_form(EventForm(formdata=None), case, quick=True),
        may_change=lambda event: may_change(event, reader),
        edit_url=id_url("timeline.edit_event", "event_id", reference=case.reference),
        retract_url=id_url("timeline.retract", "event_id", reference=case.reference),
    )


@bp.route("/cases/<reference>/timeline.svg")
@case_access(CaseAction.READ, former=Former.OWN_ENTRIES)
def timeline_svg(case: Case) -> ResponseReturnValue:
    as_of = _known_on(request.args.get("as_of", type=date.fromisoformat))
    if not current_case_access().own_entries_only:
        return Response(timeline_svg_for(case, as_of), mimetype="image/svg+xml")
    as_of, known, placements = _own_view(case, as_of)
    svg = timeline_svg_for(case, as_of, known, placements, phases=False)
    return Response(svg, mimetype="image/svg+xml")


def _content(form: EventForm) -> EventContent:
    return EventContent(
        kind=form.kind.data,
        title=form.title.data or "",
        occurred_on=form.occurred_on.data,
        precision=form.precision.data,
        description=form.description.data or "",
        organisation_ids=tuple(form.organisations.data or ()),
        placement_id=form.placement.data or None,
    )


def show_problems(form: FlaskForm, error: TimelineError) -> None:
    """Put each problem next to its field (or above the form when no field has its name)."""
    error.show_on(form)


@bp.route("/cases/<reference>/events/new", methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def new_event(case: Case) -> ResponseReturnValue:
    form = prepare_event_form(EventForm(), case)
    if form.validate_on_submit():
        try:
            log_event(case, _content(form), current_user)
        except TimelineError as error:
            db.session.rollback()
            show_problems(form, error)
        else:
            db.session.commit()
            flash(_("Gebeurtenis vastgelegd."), "success")
            return redirect(url_for("timeline.timeline", reference=case.reference))
    status = 400 if request.method == "POST" else 200
    return render_template("timeline/event_form.html", case=case, form=form, event=None), status


def _event_of(case: Case, event_id: int) -> TimelineEvent:
    event = db.session.get(TimelineEvent, event_id)
    if event is None or event.case_id != case.id:
        abort(404)
    return event


def _not_changeable(case: Case) -> ResponseReturnValue:
    """System entries, retracted ones and other people's entries stay as they are."""
    flash(
        _(
            "Deze gebeurtenis kunt u niet wijzigen: alleen wie haar vastlegde (of de voorzitter "
            "of procesbegeleider) kan een eigen, niet-ingetrokken gebeurtenis corrigeren."
        ),
        "warning",
    )
    return redirect(url_for("timeline.timeline", reference=case.reference))


@bp.route("/cases/<reference>/events/<int:event_id>/edit", methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def edit_event(case: Case, event_id: int) -> ResponseReturnValue:
    event = _event_of(case, event_id)
    if not may_change(event, current_user):
        return _not_changeable(case)
    form = prepare_event_form(EventForm(obj=None if request.method == "POST" else event), case)
    if request.method == "GET":
        form.organisations.data = [o.id for o in event.organisations]
        form.placement.data = event.placement_id or 0
    if form.validate_on_submit():
        try:
            revise_event(
                event, case, _content(form), current_user, note=form.change_note.data or ""
            )
        except TimelineError as error:
            db.session.rollback()
            show_problems(form, error)
        else:
            db.session.commit()
            flash(_("Correctie vastgelegd; de eerdere versie blijft zichtbaar."), "success")
            return redirect(url_for("timeline.timeline", reference=case.reference))
    status = 400 if request.method == "POST" else 200
    return render_template("timeline/event_form.html", case=case, form=form, event=event), status


@bp.route("/cases/<reference>/events/<int:event_id>/retract", methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def retract(case: Case, event_id: int) -> ResponseReturnValue:
    event = _event_of(case, event_id)
    if not may_change(event, current_user):
        return _not_changeable(case)
    form = RetractForm()
    if form.validate_on_submit():
        retract_event(event, case, current_user, reason=form.reason.data)
        db.session.commit()
        flash(_("Gebeurtenis ingetrokken; ze blijft doorgestreept zichtbaar."), "success")
        return redirect(url_for("timeline.timeline", reference=case.reference))
    status = 400 if request.method == "POST" else 200
    return render_template("timeline/retract.html", case=case, form=form, event=event), status


# Register the placement routes on bp.
from caseflow.timeline import placement_correction_views, placement_views  # noqa: E402,F401
