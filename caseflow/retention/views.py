"""The administrator records and carries out a family's request for early destruction."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.auth.models import Role
from caseflow.auth.permissions import access
from caseflow.extensions import db
from caseflow.retention.models import DestructionRequest
from caseflow.retention.services import RetentionError, execute_request, record_request

bp = Blueprint("retention", __name__, url_prefix="/admin/vernietiging")
ADMIN = (Role.BEHEERDER,)


class RequestForm(FlaskForm):
    reference = StringField(
        _l("Referentie van de casus"),
        validators=[
            DataRequired(_l("Vul de referentie in, bijvoorbeeld GV-2026-0007.")),
            Length(max=20),
        ],
    )
    requested_on = DateField(_l("Datum van het verzoek"), validators=[Optional()])
    submit = SubmitField(_l("Verzoek vastleggen"))


class ExecuteForm(FlaskForm):
    submit = SubmitField(_l("Casus definitief vernietigen"))


@bp.route("", methods=["GET", "POST"])
@access(roles=ADMIN)
def requests() -> ResponseReturnValue:
    form = RequestForm()
    if form.validate_on_submit():
        try:
            record_request(form.reference.data, form.requested_on.data, current_user)
        except RetentionError as error:
            db.session.rollback()
            error.show_on(form)
        else:
            db.session.commit()
            flash(_("Verzoek vastgelegd. Voer het uit wanneer het is gecontroleerd."), "success")
            return redirect(url_for("retention.requests"))
    items = db.session.scalars(
        select(DestructionRequest).order_by(DestructionRequest.recorded_at.desc())
    ).all()
    status = 400 if request.method == "POST" else 200
    return render_template(
        "retention/requests.html", form=form, items=items, execute_form=ExecuteForm()
    ), status


@bp.route("/<int:request_id>/uitvoeren", methods=["POST"])
@access(roles=ADMIN)
def execute(request_id: int) -> ResponseReturnValue:
    item = db.session.get(DestructionRequest, request_id)
    if item is None:
        abort(404)
    if not ExecuteForm().validate_on_submit():
        flash(_("Het formulier is verlopen; probeer het opnieuw."), "danger")
        return redirect(url_for("retention.requests"))
    try:
        execute_request(item, current_user)
    except RetentionError as error:
        db.session.rollback()
        flash(str(next(iter(error.problems.values()))), "warning")
    else:
        db.session.commit()
        flash(_("De casus is vernietigd; het verzoek blijft als bewijs bewaard."), "success")
    return redirect(url_for("retention.requests"))
