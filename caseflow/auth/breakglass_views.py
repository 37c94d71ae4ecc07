"""/noodtoegang: the chair's break-glass request for one case."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.auth.breakglass import BreakGlassError, grant_break_glass
from caseflow.auth.forms import BreakGlassForm
from caseflow.auth.models import Role
from caseflow.auth.permissions import _cases_hook, access, load_case_by_reference
from caseflow.extensions import db

bp = Blueprint("breakglass", __name__)


@bp.route("/noodtoegang", methods=["GET", "POST"])
@access(roles=[Role.VOORZITTER])
def request_access() -> ResponseReturnValue:
    form = BreakGlassForm()
    status = 200
    if form.validate_on_submit():
        case = load_case_by_reference((form.reference.data or "").strip())
        if case is None:
            form.reference.errors = [_("Er is geen casus met dit nummer.")]
            status = 400
        else:
            try:
                grant_break_glass(current_user._get_current_object(), case.id, form.reason.data)
            except BreakGlassError as error:
                db.session.rollback()
                form.reason.errors = [str(error)]
                status = 400
            else:
                db.session.commit()
                flash(_("Noodtoegang geopend. Dit is vastgelegd en zichtbaar voor de beheerder."),
                      "warning")
                case_url = _cases_hook("case_url")
                return redirect(case_url(case) if case_url else url_for("core.index"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/break_glass.html", form=form), status
