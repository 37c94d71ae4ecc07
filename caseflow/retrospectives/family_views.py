"""The family's own voice (issue 18). Two screens for professionals make a personal link (the
chair for a case, the facilitator for her retrospective) and show it once; the family's page
itself is public, answers only to a valid token and shows nothing of the case but their own
consent. It never logs anyone in: it reads nothing from, and writes nothing to, the login."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from caseflow.auth.permissions import CaseAction, Rule, access, case_access
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.retrospectives import family_link, forms, queries
from caseflow.retrospectives.consent import RetroError
from caseflow.retrospectives.views import WORKERS, bp, field_error, render_consent

family_bp = Blueprint("family", __name__, url_prefix="/gezin")


def _shown_once(link, token: str, back: str) -> ResponseReturnValue:
    url = url_for("family.page", family_token=token, _external=True)
    return render_template("retrospectives/family_link_made.html", link=link, url=url,
                           back=back, lifetime_days=family_link.LIFETIME.days)


@bp.route("/cases/<reference>/toestemming/link", methods=["POST"])
@case_access(CaseAction.MANAGE)
def family_link_for_case(case: Case) -> ResponseReturnValue:
    form = forms.FamilyLinkForm()
    back = url_for(".consent", reference=case.reference)
    if not form.validate_on_submit():
        return render_consent(case, forms.ConsentForm(formdata=None), 400, link_form=form)
    try:
        link, token = family_link.create_link(case, form.given_by.data, current_user)
    except RetroError as error:
        field_error(form, error)
        return render_consent(case, forms.ConsentForm(formdata=None), 400, link_form=form)
    db.session.commit()
    return _shown_once(link, token, back)


@bp.route("/<int:retro_id>/gezinslink", methods=["POST"])
@access(roles=WORKERS)
def family_link_for_retro(retro_id: int) -> ResponseReturnValue:
    retro = queries.get_retrospective(retro_id, current_user)
    form = forms.FamilyLinkForm()
    back = url_for(".detail", retro_id=retro_id) + "#gezin"
    if form.validate_on_submit():
        try:
            link, token = family_link.create_link(
                db.session.get(Case, retro.case_id), form.given_by.data, current_user, retro
            )
        except RetroError as error:
            flash(str(error.message), "danger")
        else:
            db.session.commit()
            return _shown_once(link, token, back)
    return redirect(back)


@family_bp.route("/<family_token>", methods=["GET", "POST"])
@access(Rule.PUBLIC)
def page(family_token: str) -> ResponseReturnValue:
    link = family_link.open_link(family_token)
    if link is None:
        return _invalid()
    form = forms.FamilyForm()
    status = 200
    if form.validate_on_submit():
        answer = family_link.FamilyAnswer(
            form.consent.data, form.reflection.data or "", form.learning_question.data or ""
        )
        try:
            used = family_link.use_link(family_token, answer)
        except RetroError as error:
            db.session.rollback()  # nothing of it stays; the link is not used up
            link = family_link.open_link(family_token)
            if link is None:
                return _invalid()
            form.consent.errors = [str(error.message)]
            status = 400
        else:
            if used is None:  # used or expired a moment ago, by a concurrent request
                db.session.rollback()
                family_link.log_refusal(None, "family_link_used")
                return _invalid()
            db.session.commit()
            return render_template("retrospectives/family_done.html", answer=answer,
                                   young=used.party == "jongere")
    elif form.is_submitted():
        status = 400
    db.session.commit()  # the logged opening (a GET commits it itself; a POST here)
    return render_template(
        "retrospectives/family_page.html", form=form, link=link,
        own=family_link.party_status(link), young=link.party == "jongere",
    ), status


def _invalid() -> ResponseReturnValue:
    db.session.commit()  # keep the logged refusal
    return render_template("retrospectives/family_invalid.html"), 404
