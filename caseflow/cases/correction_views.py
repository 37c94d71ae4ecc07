"""Correcting a case: /cases/<ref>/bewerken for the chair and the procesbegeleider."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseflow.auth.models import Organisation
from caseflow.auth.permissions import CaseAction, case_access
from caseflow.cases import queries
from caseflow.cases.correction_forms import CaseCorrectionForm
from caseflow.cases.corrections import CaseCorrection, CorrectionError, correct_case
from caseflow.cases.models import Case
from caseflow.cases.views import bp
from caseflow.extensions import db


def _choices(form: CaseCorrectionForm, case: Case) -> None:
    gemeenten = list(queries.gemeenten())
    if all(id_ != case.gemeente_id for id_, _name in gemeenten):  # no longer offered at intake
        gemeenten.append((case.gemeente_id, case.gemeente.name))
    form.gemeente.choices = [(0, _("Kies een gemeente"))] + gemeenten
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name))
    form.referrer_organisation.choices = [(0, _("(geen of onbekend)"))] + [
        (o.id, o.name) for o in organisations
    ]


@bp.route("/cases/<reference>/bewerken", methods=["GET", "POST"])
@case_access(CaseAction.MANAGE)
def correct(case: Case) -> ResponseReturnValue:
    if request.method == "GET":
        form = CaseCorrectionForm(
            formdata=None,
            pseudonym=case.pseudonym,
            birth_year=case.birth_year,
            birth_month=case.birth_month,
            gemeente=case.gemeente_id,
            referrer_type=case.referrer_type,
            referrer_organisation=case.referrer_organisation_id or 0,
            question=case.question,
            problem_areas=case.problem_areas,
            version=case.version,
        )
    else:
        form = CaseCorrectionForm()
    _choices(form, case)
    if form.validate_on_submit():
        if str(form.version.data) != str(case.version):
            form.reason.errors.append(
                _("De casus is intussen door iemand anders gewijzigd. Bekijk de actuele stand en "
                  "probeer het opnieuw; er is niets opgeslagen.")
            )
        else:
            data = CaseCorrection(
                pseudonym=form.pseudonym.data or "",
                birth_year=form.birth_year.data,
                birth_month=form.birth_month.data,
                gemeente_id=form.gemeente.data,
                referrer_type=form.referrer_type.data,
                referrer_organisation_id=form.referrer_organisation.data or None,
                problem_areas=tuple(form.problem_areas.data or ()),
                question=form.question.data or "",
            )
            try:
                correct_case(case, data, current_user, reason=form.reason.data or "")
            except CorrectionError as error:
                db.session.rollback()
                error.show_on(form, fallback=form.reason)
            else:
                db.session.commit()
                flash(_("Correctie opgeslagen; de vorige versie is bewaard."), "success")
                return redirect(
                    url_for("cases.case_detail", reference=case.reference, _anchor="correcties")
                )
    status = 400 if request.method == "POST" else 200
    return render_template("cases/correct.html", case=case, form=form), status
