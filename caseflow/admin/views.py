"""/admin: accounts and organisations, for the beheerder only."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from caseflow.admin import services
from caseflow.admin.forms import ConfirmForm, OrganisationForm, UserEditForm, UserForm
from caseflow.auth.models import Organisation, Role, User
from caseflow.auth.permissions import access
from caseflow.auth.services import AccountError
from caseflow.extensions import db
from caseflow.region.forms import merge_form_for

bp = Blueprint("admin", __name__, url_prefix="/admin")
ADMIN = [Role.BEHEERDER]


def _organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(func.lower(Organisation.name))))


def _with_organisations(form: UserForm) -> UserForm:
    # No organisation preselected: 0 is "choose one" and refused by the form.
    form.organisation.choices = [(0, _("Kies een organisatie"))] + [
        (o.id, o.name) for o in _organisations()
    ]
    return form


def _get_or_404(model: type, object_id: int):
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    return found


def _link_page(user: User, token: str) -> ResponseReturnValue:
    link = url_for("account.reset_password_form", token=token, _external=True)
    return render_template("admin/reset_link.html", user=user, link=link)


@bp.route("/users")
@access(roles=ADMIN)
def users() -> ResponseReturnValue:
    accounts = db.session.scalars(select(User).order_by(User.active.desc(), User.email))
    return render_template("admin/users.html", users=list(accounts))


@bp.route("/users/nieuw", methods=["GET", "POST"])
@access(roles=ADMIN)
def user_new() -> ResponseReturnValue:
    form = _with_organisations(UserForm())
    status = 200
    if form.validate_on_submit():
        try:
            user, token = services.add_user(
                current_user._get_current_object(),
                email=form.email.data or "",
                name=form.name.data or "",
                role=form.role.data or "",
                organisation=_get_or_404(Organisation, form.organisation.data),
            )
        except AccountError as error:
            db.session.rollback()
            error.show_on(form)
            status = 400
        else:
            db.session.commit()
            flash(_("Account aangemaakt."), "success")
            return _link_page(user, token)
    elif request.method == "POST":
        status = 400
    return render_template("admin/user_form.html", form=form, user=None), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@access(roles=ADMIN)
def user_edit(user_id: int) -> ResponseReturnValue:
    user = _get_or_404(User, user_id)
    form = _with_organisations(UserEditForm(obj=user if request.method == "GET" else None))
    if request.method == "GET":
        form.organisation.data = user.organisation_id
    status = 200
    if form.validate_on_submit():
        try:
            services.update_user(
                current_user._get_current_object(),
                user,
                email=form.email.data or "",
                name=form.name.data or "",
                role=form.role.data or "",
                organisation=_get_or_404(Organisation, form.organisation.data),
                active=bool(form.active.data),
            )
        except AccountError as error:
            db.session.rollback()
            error.show_on(form)
            status = 400
        else:
            db.session.commit()
            flash(_("Account opgeslagen."), "success")
            return redirect(url_for("admin.users"))
    elif request.method == "POST":
        status = 400
    return render_template(
        "admin/user_form.html", form=form, user=user, confirm=ConfirmForm()
    ), status


@bp.route("/users/<int:user_id>/wachtwoordlink", methods=["POST"])
@access(roles=ADMIN)
def user_reset_password(user_id: int) -> ResponseReturnValue:
    user = _get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        token = services.reset_password_link(current_user._get_current_object(), user)
    except AccountError as error:
        flash(str(error), "danger")
        return redirect(url_for("admin.user_edit", user_id=user.id))
    db.session.commit()
    return _link_page(user, token)


@bp.route("/users/<int:user_id>/tweestapsverificatie", methods=["POST"])
@access(roles=ADMIN)
def user_reset_two_factor(user_id: int) -> ResponseReturnValue:
    user = _get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.reset_two_factor(current_user._get_current_object(), user)
    db.session.commit()
    flash(_("Tweestapsverificatie is gewist; de gebruiker stelt haar opnieuw in."), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.route("/organisaties")
@access(roles=ADMIN)
def organisations() -> ResponseReturnValue:
    return render_template("admin/organisations.html", organisations=_organisations())


@bp.route("/organisaties/nieuw", methods=["GET", "POST"])
@access(roles=ADMIN)
def organisation_new() -> ResponseReturnValue:
    return _organisation_form(None)


@bp.route("/organisaties/<int:organisation_id>", methods=["GET", "POST"])
@access(roles=ADMIN)
def organisation_edit(organisation_id: int) -> ResponseReturnValue:
    return _organisation_form(_get_or_404(Organisation, organisation_id))


def _organisation_form(organisation: Organisation | None) -> ResponseReturnValue:
    form = OrganisationForm(obj=organisation if request.method == "GET" else None)
    status = 200
    if form.validate_on_submit():
        actor = current_user._get_current_object()
        values = {
            "name": form.name.data or "",
            "kind": form.kind.data or "",
            "agb_code": form.agb_code.data or "",
        }
        try:
            if organisation is None:
                services.add_organisation(actor, **values)
            else:
                services.update_organisation(actor, organisation, **values)
        except AccountError as error:
            db.session.rollback()
            error.show_on(form)
            status = 400
        else:
            db.session.commit()
            flash(_("Organisatie opgeslagen."), "success")
            return redirect(url_for("admin.organisations"))
    elif request.method == "POST":
        status = 400
    return render_template(
        "admin/organisation_form.html",
        form=form,
        organisation=organisation,
        merge_form=merge_form_for(organisation) if organisation else None,
    ), status
