"""/admin: accounts and organisations, for the beheerder only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
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


class _Saved(NamedTuple):
    done: bool
    status: int = 200
    result: Any = None


def _submit(form: FlaskForm, save: Callable[[], Any], done: str) -> _Saved:
    """The admin forms' one path: validate, call the one service, commit and say so; a refusal
    is rolled back and each message shown next to its field (400)."""
    if not form.validate_on_submit():
        return _Saved(False, 400 if request.method == "POST" else 200)
    try:
        result = save()
    except AccountError as error:
        db.session.rollback()
        error.show_on(form)
        return _Saved(False, 400)
    db.session.commit()
    flash(done, "success")
    return _Saved(True, result=result)


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
    saved = _submit(
        form,
        lambda: services.add_user(
            current_user._get_current_object(),
            email=form.email.data or "",
            name=form.name.data or "",
            role=form.role.data or "",
            organisation=_get_or_404(Organisation, form.organisation.data),
        ),
        _("Account aangemaakt."),
    )
    if saved.done:
        return _link_page(*saved.result)
    return render_template("admin/user_form.html", form=form, user=None), saved.status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@access(roles=ADMIN)
def user_edit(user_id: int) -> ResponseReturnValue:
    user = _get_or_404(User, user_id)
    form = _with_organisations(UserEditForm(obj=user if request.method == "GET" else None))
    if request.method == "GET":
        form.organisation.data = user.organisation_id
    saved = _submit(
        form,
        lambda: services.update_user(
            current_user._get_current_object(),
            user,
            email=form.email.data or "",
            name=form.name.data or "",
            role=form.role.data or "",
            organisation=_get_or_404(Organisation, form.organisation.data),
            active=bool(form.active.data),
        ),
        _("Account opgeslagen."),
    )
    if saved.done:
        return redirect(url_for("admin.users"))
    return render_template(
        "admin/user_form.html", form=form, user=user, confirm=ConfirmForm()
    ), saved.status


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

    def save() -> Organisation | None:
        actor = current_user._get_current_object()
        values = {
            "name": form.name.data or "",
            "kind": form.kind.data or "",
            "agb_code": form.agb_code.data or "",
        }
        if organisation is None:
            return services.add_organisation(actor, **values)
        return services.update_organisation(actor, organisation, **values)

    saved = _submit(form, save, _("Organisatie opgeslagen."))
    if saved.done:
        return redirect(url_for("admin.organisations"))
    return render_template(
        "admin/organisation_form.html",
        form=form,
        organisation=organisation,
        merge_form=merge_form_for(organisation) if organisation else None,
    ), saved.status
