"""Consent screens (a case page: chair and process coordinator) and the personal links for the
family: the chair makes one for a case, the facilitator for her retrospective; shown once."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from caseflow.auth.permissions import CaseAction, access, case_access
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.retrospectives import consent as consent_service
from caseflow.retrospectives import family_link, forms, queries
from caseflow.retrospectives.consent import RetroError
from caseflow.retrospectives.views import WORKERS, bp, field_error
from caseflow.retrospectives.vocab import ConsentParty

PARTIES = {p.value for p in ConsentParty}


@bp.route("/cases/<reference>/toestemming", methods=["GET", "POST"])
@case_access(CaseAction.MANAGE)
def consent(case: Case) -> ResponseReturnValue:
    form, reference = forms.ConsentForm(), case.reference
    if form.validate_on_submit():
        data = consent_service.ConsentInput(
            form.given_by.data, form.given_on.data, form.scope.data,
            form.reflection.data or "", form.learning_question.data or "",
        )
        try:
            consent_service.record_consent(case, data, current_user)
        except RetroError as error:
            field_error(form, error)
        else:
            db.session.commit()
            flash(_("Toestemming vastgelegd."), "success")
            return redirect(url_for(".consent", reference=reference))
    status = 400 if form.errors else 200
    return render_consent(case, form, status)


def render_consent(case: Case, form, status: int = 200, **extra) -> ResponseReturnValue:
    return render_template(
        "retrospectives/consent.html", case=case, form=form,
        state=consent_service.consent_state(case), withdraw_form=forms.WithdrawForm(),
        link_form=extra.pop("link_form", None) or forms.FamilyLinkForm(formdata=None), **extra,
    ), status


@bp.route("/cases/<reference>/toestemming/intrekken", methods=["POST"])
@case_access(CaseAction.MANAGE)
def withdraw(case: Case) -> ResponseReturnValue:
    reference = case.reference
    form = forms.WithdrawForm()
    if form.validate_on_submit():
        party = form.party.data or None
        try:
            lapsed = consent_service.withdraw_consent(
                case, current_user, party=ConsentParty(party) if party in PARTIES else None
            )
        except RetroError as error:
            flash(str(error.message), "danger")
        else:
            db.session.commit()
            flash(ngettext("Toestemming ingetrokken; %(num)d retrospectief vervalt.",
                           "Toestemming ingetrokken; %(num)d retrospectieven vervallen.",
                           lapsed), "success")
    return redirect(url_for(".consent", reference=reference))


# --- personal links for the family ------------------------------------------------------------


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


