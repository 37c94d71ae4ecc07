"""Case screens: intake, list, board, case page and the workflow diagram."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import log_access
from caseflow.auth.models import Organisation, User
from caseflow.auth.permissions import (
    CASE_WORKERS,
    CHAIRS,
    CaseAction,
    Former,
    Rule,
    access,
    case_access,
    current_case_access,
)
from caseflow.cases import diagram, queries
from caseflow.cases.facts import collect
from caseflow.cases.forms import CaseFilterForm, IntakeForm, MoveForm
from caseflow.cases.models import Case, Gemeente
from caseflow.cases.moves import phase_history_query
from caseflow.cases.records import (
    analysis_versions_query,
    case_decisions_query,
    case_members_query,
)
from caseflow.cases.services import DECIDERS, Intake, phase_history, register_case
from caseflow.cases.vocab import PHASE_LABELS, PROBLEM_AREA_LABELS
from caseflow.cases.workflow import available_triggers, blocking_messages, ready_triggers
from caseflow.core.case_page import case_page_context, shared, sharing
from caseflow.core.settings import region_code
from caseflow.extensions import db

bp = Blueprint("cases", __name__)


def _intake_choices(form: IntakeForm) -> None:
    form.gemeente.choices = [(0, _("Kies een gemeente"))] + [
        (id_, name) for id_, name in queries.gemeenten()
    ]
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name))
    form.referrer_organisation.choices = [(0, _("(geen of onbekend)"))] + [
        (o.id, o.name) for o in organisations
    ]
    form.casusregisseur.choices = [(0, _("(nog niet bekend)"))] + [
        (u.id, f"{u.name} — {u.organisation.name}") for u in queries.professionals()
    ]


@bp.route("/cases/new", methods=["GET", "POST"])
@access(roles=CHAIRS)
def new_case() -> ResponseReturnValue:
    form = IntakeForm()
    _intake_choices(form)
    if form.validate_on_submit():
        gemeente = db.session.get(Gemeente, form.gemeente.data)
        if gemeente is None or not gemeente.active:
            form.gemeente.errors.append(_("Kies een gemeente uit de lijst."))
        else:
            case = register_case(
                Intake(
                    pseudonym=form.pseudonym.data,
                    birth_year=form.birth_year.data,
                    birth_month=form.birth_month.data,
                    gemeente=gemeente,
                    referrer_type=form.referrer_type.data,
                    referrer_organisation=_optional(form.referrer_organisation.data, "org"),
                    question=form.question.data,
                    problem_areas=form.problem_areas.data,
                    current_situation=form.current_situation.data or "",
                    registered_on=form.registered_on.data,
                    casusregisseur=_optional(form.casusregisseur.data, "user"),
                ),
                current_user,
                region=region_code(),
            )
            db.session.commit()
            flash(_("Aanmelding %(ref)s geregistreerd.", ref=case.reference), "success")
            return redirect(url_for("cases.case_detail", reference=case.reference))
    status = 400 if request.method == "POST" else 200
    return render_template("cases/new.html", form=form), status


def _optional(identifier: int | None, kind: str) -> Organisation | User | None:
    if not identifier:
        return None
    return db.session.get(Organisation if kind == "org" else User, identifier)


@bp.route("/cases")
@access(roles=CASE_WORKERS)
def case_list() -> ResponseReturnValue:
    form = CaseFilterForm(request.args)
    form.phase.choices = [("", _("Alle fasen"))] + [
        (p.value, label) for p, label in PHASE_LABELS.items()
    ]
    form.gemeente.choices = [("", _("Alle gemeenten"))] + [
        (str(id_), name) for id_, name in queries.gemeenten()
    ]
    form.regisseur.choices = [("", _("Iedereen"))] + [
        (str(id_), name) for id_, name in queries.regisseurs_in_use()
    ]
    form.area.choices = [("", _("Alle"))] + [
        (a.value, label) for a, label in PROBLEM_AREA_LABELS.items()
    ]
    filters = queries.CaseFilters(
        **{
            name: (request.args.get(name) or default)
            for name, default in vars(queries.CaseFilters()).items()
        }
    )
    page = queries.case_list(current_user, filters, request.args.get("page", 1, type=int))
    used = [
        name for name in ("q", "phase", "gemeente", "regisseur", "area") if getattr(filters, name)
    ]
    if used:  # a search is logged with the filters used, never with what was typed
        log_access(AuditEvent.SEARCH, object_type="case_list", fields=used)
    return render_template("cases/list.html", form=form, page=page, filters=filters)


@bp.route("/board")
@access(roles=CHAIRS)
def board() -> ResponseReturnValue:
    return render_template("cases/board.html", columns=queries.board(current_user))


def _own_sections(case: Case) -> dict[str, Select]:
    """The case's own sections of the page, by their name in the template."""
    return {
        "members": case_members_query(case),
        "analyses": analysis_versions_query(case),
        "decisions": case_decisions_query(case),
        "proposals": queries.open_proposals_query(case),
        "phase_history": phase_history_query(case),
    }


@bp.route("/cases/<reference>")
@case_access(CaseAction.READ, former=Former.OWN_ENTRIES)
def case_detail(case: Case) -> ResponseReturnValue:
    return render_case_page(case)


def render_case_page(case: Case, status: int = 200, **extra: Any) -> ResponseReturnValue:
    """The case page; ``extra`` for a refused form shown on it (``move_refusal``, status 400)."""
    decision = current_case_access()
    reader = current_user._get_current_object()
    with sharing():  # what one panel read (placements, phase history) the next one reuses
        # The page's own sections are read with the panels' collections, in one statement.
        own = {} if decision.own_entries_only else _own_sections(case)
        panels = case_page_context(case, decision, reader, reads=own)
        if decision.own_entries_only:
            # A former member keeps only what they logged themselves, nothing else of the case.
            return render_template("cases/former_member.html", case=case, **panels)
        history = shared("phase_history", lambda: phase_history(case))
        sections = {name: shared(name, lambda: []) for name in own if name != "phase_history"}
    facts = collect(case)
    ready = set(ready_triggers(facts))
    is_decider = current_user.role in DECIDERS
    return render_template(
        "cases/detail.html",
        case=case,
        history=history,
        **sections,
        triggers=available_triggers(facts),
        ready=ready,
        blocked={
            t: blocking_messages(facts, t) for t in available_triggers(facts) if t not in ready
        },
        is_decider=is_decider,
        move_form=MoveForm(formdata=None, version=case.version),
        **panels,
        **extra,
    ), status


@bp.route("/workflow")
@access(Rule.AUTHENTICATED)
def workflow() -> ResponseReturnValue:
    return render_template(
        "cases/workflow.html", svg=diagram.workflow_svg(), transitions=diagram.transition_rows()
    )


@bp.route("/workflow.svg")
@access(Rule.AUTHENTICATED)
def workflow_svg() -> ResponseReturnValue:
    return Response(diagram.workflow_svg(), mimetype="image/svg+xml")


# Register the POST routes and /bewerken on bp.
from caseflow.cases import action_views, correction_views, fact_views  # noqa: E402,F401
