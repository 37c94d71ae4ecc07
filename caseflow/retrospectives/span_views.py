"""The facilitator's list of what the de-identification engine was unsure about (per
retrospective, and for a learning session's own text), and the refusal of every export while
anything on such a list is open."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import ngettext
from flask_login import current_user

from caseflow.auth.permissions import access
from caseflow.extensions import db
from caseflow.retrospectives import deidentify, forms, queries, spans
from caseflow.retrospectives.consent import RetroError
from caseflow.retrospectives.views import WORKERS, bp, log_read


def render_spans(owner: spans.Owner, status: int = 200, failed=None,
                 missed_form=None) -> ResponseReturnValue:
    """``failed``: (word, error or None, form) of a decision that was refused, shown next to
    its own group."""
    return render_template(
        "retrospectives/spans.html", owner=owner, retro=owner.retro, session=owner.session,
        groups=spans.open_groups(owner), decided=spans.decided(owner),
        summary=spans.summary(owner), form=forms.FlagForm(formdata=None), failed=failed,
        field_label=spans.field_label,
        missed_form=missed_form or forms.MissedWordForm(formdata=None),
    ), status


def _resolve(owner: spans.Owner, target: str) -> ResponseReturnValue:
    form = forms.FlagForm()
    if not form.validate_on_submit():
        return render_spans(owner, 400, failed=(form.word.data, None, form))
    replacement = None if form.keep.data else (form.replacement.data or "")
    try:
        number = deidentify.resolve(owner, form.word.data, replacement,
                               reason=form.reason.data or "", actor=current_user)
    except RetroError as error:  # refused before anything changed
        return render_spans(owner, 400, failed=(form.word.data, error, form))
    db.session.commit()
    if replacement is None:
        flash(ngettext("%(num)d keer behouden, met de reden vastgelegd.",
                       "%(num)d keer behouden, met de reden vastgelegd.", number), "success")
    else:
        flash(ngettext("%(num)d keer vervangen.", "%(num)d keer vervangen.", number), "success")
    return redirect(target)


def _add_word(owner: spans.Owner, target: str) -> ResponseReturnValue:
    form = forms.MissedWordForm()
    if form.validate_on_submit():
        try:
            number = deidentify.add_word(owner, form.word.data, form.label.data or "",
                                         actor=current_user)
        except RetroError as error:
            form[error.field or "word"].errors = [str(error.message)]
        else:
            db.session.commit()
            flash(ngettext("%(num)d keer vervangen.", "%(num)d keer vervangen.", number),
                  "success")
            return redirect(target)
    return render_spans(owner, 400, missed_form=form)


@bp.route("/<int:retro_id>/namen/toevoegen", methods=["POST"])
@access(roles=WORKERS)
def add_flag(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    return _add_word(spans.Owner(retro=retro), url_for(".flags", retro_id=retro_id))


@bp.route("/sessions/<int:session_id>/namen/toevoegen", methods=["POST"])
@access(roles=WORKERS)
def session_add_flag(session_id: int) -> ResponseReturnValue:
    session = queries.get_session(session_id, current_user)
    return _add_word(spans.Owner(session=session),
                     url_for(".session_flags", session_id=session_id))


@bp.route("/<int:retro_id>/namen", methods=["GET", "POST"])
@access(roles=WORKERS)
def flags(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    owner = spans.Owner(retro=retro)
    if request.method == "POST":
        return _resolve(owner, url_for(".flags", retro_id=retro_id))
    log_read(retro, object_type="retrospective_spans")
    return render_spans(owner)


@bp.route("/sessions/<int:session_id>/namen", methods=["GET", "POST"])
@access(roles=WORKERS)
def session_flags(session_id: int) -> ResponseReturnValue:
    session = queries.get_session(session_id, current_user)
    owner = spans.Owner(session=session)
    if request.method == "POST":
        return _resolve(owner, url_for(".session_flags", session_id=session_id))
    return render_spans(owner)


# --- refusing exports --------------------------------------------------------------------------


def retro_refusal(retro) -> ResponseReturnValue | None:
    """The refusal page (409) while the retrospective has open spans, else None."""
    number = spans.open_count(spans.Owner(retro=retro))
    if not number:
        return None
    return _refused([(retro.session_pseudonym, url_for(".flags", retro_id=retro.id), number)])


def session_refusal(page: queries.SessionPage) -> ResponseReturnValue | None:
    items = [
        (retro.session_pseudonym, url_for(".flags", retro_id=retro.id), page.open_spans[retro.id])
        for retro in page.retros if page.open_spans.get(retro.id)
    ]
    if page.open_spans.get("session"):
        items.append((page.session.title, url_for(".session_flags", session_id=page.session.id),
                      page.open_spans["session"]))
    return _refused(items) if items else None


def _refused(items: list[tuple[str, str, int]]) -> ResponseReturnValue:
    return render_template(
        "retrospectives/refused.html", items=items, total=sum(n for _, _, n in items)
    ), 409
