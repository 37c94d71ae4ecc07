"""Search screens: open a search, what the child needs (with corrections), the providers asked
and their answers, closing; and the region's view ``/zoektochten``. Views load (404),
authorise, validate, call one service, commit, redirect."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.auth.permissions import CHAIRS, CaseAction, access, case_access
from caseflow.cases.models import Case
from caseflow.core.clock import region_today
from caseflow.extensions import db
from caseflow.search import figures, labels
from caseflow.search.forms import AskForm, CloseForm, NeedsForm, ReplyForm
from caseflow.search.models import Search, SearchRequest
from caseflow.search.queries import state_of
from caseflow.search.requests import (
    Ask,
    Reply,
    add_request,
    answer_request,
    correct_request,
    providers,
    request_revisions,
    search_requests,
)
from caseflow.search.services import (
    Closing,
    Needs,
    SearchError,
    close_search,
    open_search,
    revise_needs,
    revisions,
)
from caseflow.timeline.placements import case_placements

bp = Blueprint("search", __name__)


def _search(case: Case, search_id: int) -> Search:
    search = db.session.get(Search, search_id)
    if search is None or search.case_id != case.id:
        abort(404)
    return search


def _request(search: Search, ask_id: int) -> SearchRequest:
    item = db.session.get(SearchRequest, ask_id)
    if item is None or item.search_id != search.id:
        abort(404)
    return item


def _needs(form: NeedsForm) -> Needs:
    return Needs(
        care_types=list(form.care_types.data or []),
        setting_needs=list(form.setting_needs.data or []),
        closed_basis=form.closed_basis.data or "", school=form.school.data or "",
        needs_note=form.needs_note.data or "",
        region_preference=form.region_preference.data or "",
        weighing=form.weighing.data or "", network_contact=form.network_contact.data or "",
        werving_status=form.werving_status.data or "", werving_note=form.werving_note.data or "",
    )


def _ask(form: AskForm) -> Ask:
    return Ask(provider_id=form.provider_id.data or None, care_type=form.care_type.data or "",
               requested_on=form.requested_on.data, reasked=bool(form.reasked.data))


def _ask_form(formdata=None, obj=None) -> AskForm:
    form = AskForm(formdata=formdata, obj=obj) if formdata is not None else AskForm(obj=obj)
    form.provider_id.choices = [(0, "—")] + [(p.id, p.name) for p in providers()]
    return form


def _problems(form, error: SearchError) -> None:
    db.session.rollback()
    error.show_on(form)


def _done(case: Case, search: Search, message: str) -> ResponseReturnValue:
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("search.detail", reference=case.reference, search_id=search.id))


@bp.route("/cases/<reference>/zoektocht/nieuw", methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def open_view(case: Case) -> ResponseReturnValue:
    form = NeedsForm()
    if form.validate_on_submit():
        try:
            search = open_search(case, _needs(form), current_user, opened_on=form.opened_on.data)
        except SearchError as error:
            _problems(form, error)
        else:
            return _done(case, search, _("Zoektocht gestart."))
    status = 400 if request.method == "POST" else 200
    return render_template("search/needs.html", case=case, form=form, search=None,
                           labels=labels), status


@bp.route("/cases/<reference>/zoektochten/<int:search_id>")
@case_access(CaseAction.READ)
def detail(case: Case, search_id: int) -> ResponseReturnValue:
    search = _search(case, search_id)
    items = search_requests(search)
    return render_template(
        "search/detail.html", case=case, search=search, requests=items,
        state=state_of(search, items, region_today()), ask_form=_ask_form(),
        close_form=_close_form(case), revisions=revisions(search), labels=labels,
    )


@bp.route("/cases/<reference>/zoektochten/<int:search_id>/behoefte", methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def needs(case: Case, search_id: int) -> ResponseReturnValue:
    search = _search(case, search_id)
    form = NeedsForm(obj=None if request.method == "POST" else search)
    if form.validate_on_submit():
        try:
            revise_needs(search, case, _needs(form), current_user, form.reason.data or "")
        except SearchError as error:
            _problems(form, error)
        else:
            return _done(case, search, _("Wat de jeugdige nodig heeft is bijgewerkt."))
    status = 400 if request.method == "POST" else 200
    return render_template("search/needs.html", case=case, form=form, search=search,
                           revisions=revisions(search), labels=labels), status


@bp.route("/cases/<reference>/zoektochten/<int:search_id>/aanvragen", methods=["POST"])
@case_access(CaseAction.LOG_EVENT)
def add_ask(case: Case, search_id: int) -> ResponseReturnValue:
    search = _search(case, search_id)
    form = _ask_form(request.form)
    if form.validate():
        try:
            add_request(search, case, _ask(form), current_user)
        except SearchError as error:
            _problems(form, error)
        else:
            return _done(case, search, _("Aanvraag vastgelegd."))
    items = search_requests(search)
    return render_template(
        "search/detail.html", case=case, search=search, requests=items,
        state=state_of(search, items, region_today()), ask_form=form,
        close_form=_close_form(case), revisions=revisions(search), labels=labels,
    ), 400


@bp.route("/cases/<reference>/zoektochten/<int:search_id>/aanvragen/<int:ask_id>/antwoord",
          methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def reply(case: Case, search_id: int, ask_id: int) -> ResponseReturnValue:
    search = _search(case, search_id)
    item = _request(search, ask_id)
    form = ReplyForm(obj=None if request.method == "POST" else item)
    if request.method == "GET" and item.answered_on is None:
        form.answered_on.data = region_today()
    if form.validate_on_submit():
        data = Reply(answer=form.answer.data or "", answered_on=form.answered_on.data,
                     wait_weeks=form.wait_weeks.data,
                     refusal_reason=form.refusal_reason.data or None,
                     refusal_other=form.refusal_other.data or "")
        try:
            answer_request(item, case, data, current_user, reason=form.reason.data or "")
        except SearchError as error:
            _problems(form, error)
        else:
            return _done(case, search, _("Antwoord vastgelegd."))
    status = 400 if request.method == "POST" else 200
    return render_template("search/reply.html", case=case, search=search, item=item, form=form,
                           revisions=request_revisions(item), labels=labels), status


@bp.route("/cases/<reference>/zoektochten/<int:search_id>/aanvragen/<int:ask_id>/corrigeren",
          methods=["GET", "POST"])
@case_access(CaseAction.LOG_EVENT)
def correct_ask(case: Case, search_id: int, ask_id: int) -> ResponseReturnValue:
    search = _search(case, search_id)
    item = _request(search, ask_id)
    form = _ask_form(request.form) if request.method == "POST" else _ask_form(obj=item)
    if request.method == "POST" and form.validate():
        try:
            correct_request(item, search, case, _ask(form), current_user, form.reason.data or "")
        except SearchError as error:
            _problems(form, error)
        else:
            return _done(case, search, _("Aanvraag gecorrigeerd."))
    status = 400 if request.method == "POST" else 200
    return render_template("search/correct.html", case=case, search=search, item=item, form=form,
                           revisions=request_revisions(item), labels=labels), status


def _close_form(case: Case, formdata=None) -> CloseForm:
    form = CloseForm(formdata=formdata) if formdata is not None else CloseForm()
    form.placement_id.choices = [(0, "—")] + [
        (p.id, f"{labels.care(p.type)} · {p.provider_name} · {p.start_date.isoformat()}")
        for p in case_placements(case) if not p.is_retracted
    ]
    return form


@bp.route("/cases/<reference>/zoektochten/<int:search_id>/afsluiten", methods=["POST"])
@case_access(CaseAction.LOG_EVENT)
def close(case: Case, search_id: int) -> ResponseReturnValue:
    search = _search(case, search_id)
    form = _close_form(case, request.form)
    if form.validate():
        closing = Closing(kind=form.kind.data or "", closed_on=form.closed_on.data,
                          placement_id=form.placement_id.data or None, note=form.note.data or "")
        try:
            close_search(search, case, closing, current_user)
        except SearchError as error:
            _problems(form, error)
        else:
            return _done(case, search, _("Zoektocht afgesloten."))
    items = search_requests(search)
    return render_template(
        "search/detail.html", case=case, search=search, requests=items,
        state=state_of(search, items, region_today()), ask_form=_ask_form(),
        close_form=form, revisions=revisions(search), labels=labels,
    ), 400


@bp.route("/zoektochten")
@access(roles=CHAIRS)
def region() -> ResponseReturnValue:
    return render_template("search/region.html", view=figures.region_view(),
                           waiting=figures.waiting_figures(), labels=labels)
