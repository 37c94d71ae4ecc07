"""The user's own account: change password, two-factor settings, and the reset link."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.audit.models import Grounds
from caseflow.auth import login_flow, totp
from caseflow.auth.forms import (
    DisableTwoFactorForm,
    PasswordChangeForm,
    PasswordResetForm,
    TwoFactorForm,
)
from caseflow.auth.passwords import verify_password
from caseflow.auth.permissions import Rule, access
from caseflow.auth.reset import set_password, token_error, use_token, valid_token
from caseflow.auth.services import AccountError, log_account_change
from caseflow.auth.throttle import (
    AttemptKind,
    account_key,
    claim_attempt,
    client_ip,
    finish_attempt,
)
from caseflow.extensions import db

bp = Blueprint("account", __name__)


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@access(Rule.AUTHENTICATED)
def password() -> ResponseReturnValue:
    user = current_user._get_current_object()
    form = PasswordChangeForm()
    status = 200
    if form.validate_on_submit():
        key = account_key(user.email)
        attempt = claim_attempt(key, client_ip(), kind=AttemptKind.PASSWORD)
        if attempt is None:
            form.current_password.errors = [_("Te veel mislukte pogingen; probeer het later.")]
            return render_template("auth/password_change.html", form=form), 429
        if not verify_password(user.password_hash, form.current_password.data or ""):
            db.session.commit()
            form.current_password.errors = [_("Uw huidige wachtwoord klopt niet.")]
            return render_template("auth/password_change.html", form=form), 400
        try:
            set_password(user, form.new_password.data or "", actor=user, reason="password_change")
        except AccountError as error:
            db.session.rollback()  # the attempt row was committed already: it stays a failure
            error.show_on(form)
            status = 400
        else:
            finish_attempt(attempt, key, succeeded=True)
            # Every other session has ended; this one continues with a fresh session id.
            login_flow.complete_login(user, method="password_change")
            db.session.commit()
            flash(_("Uw wachtwoord is gewijzigd. Andere sessies zijn beëindigd."), "success")
            return redirect(url_for("core.index"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/password_change.html", form=form), status


@bp.route("/account/tweestapsverificatie", methods=["GET", "POST"])
@access(Rule.AUTHENTICATED)
def two_factor() -> ResponseReturnValue:
    """Optional enrolment for roles that may choose; status page once it is on."""
    user = current_user._get_current_object()
    if user.two_factor_enabled:
        return render_template(
            "auth/two_factor_status.html",
            required=totp.requires_two_factor(user),
            disable_form=DisableTwoFactorForm(),
        )
    form = TwoFactorForm()
    secret = totp.pending_secret(user)
    status = 200
    if form.validate_on_submit():
        if totp.confirm_enrolment(user, form.code.data or ""):
            log_account_change(
                user, user, ("totp",), reason="totp_enrolled", grounds=Grounds.AUTHENTICATION
            )
            db.session.commit()
            flash(_("Tweestapsverificatie staat aan."), "success")
            return redirect(url_for("account.two_factor"))
        form.code.errors = [_("Deze code klopt niet (of is al gebruikt).")]
        status = 400
    elif request.method == "POST":
        status = 400
    db.session.commit()
    uri = totp.provisioning_uri(user, secret)
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        qr=totp.qr_svg(uri, _("QR-code voor uw authenticator-app")),
        secret=totp.grouped(secret),
        optional=True,
    ), status


@bp.route("/account/tweestapsverificatie/uit", methods=["POST"])
@access(Rule.AUTHENTICATED)
def two_factor_disable() -> ResponseReturnValue:
    user = current_user._get_current_object()
    if totp.requires_two_factor(user):
        flash(_("Voor uw rol is tweestapsverificatie verplicht."), "danger")
    elif DisableTwoFactorForm().validate_on_submit() and user.two_factor_enabled:
        totp.disable_two_factor(user)
        log_account_change(
            user, user, ("totp",), reason="totp_disabled", grounds=Grounds.AUTHENTICATION
        )
        db.session.commit()
        flash(_("Tweestapsverificatie staat uit."), "info")
    return redirect(url_for("account.two_factor"))


RESET_SESSION_KEY = "reset_token"


@bp.route("/wachtwoord-herstellen", methods=["GET", "POST"])
@access(Rule.PUBLIC)
def reset_password_form() -> ResponseReturnValue:
    """The link (``?token=…``) is exchanged for the session on first use: the address bar, the
    history and every later request's Referer no longer hold the token, and the documented
    proxy and gunicorn log formats leave query strings out."""
    token = request.args.get("token")
    if request.method == "GET" and token is not None:
        return _exchange_token(token)
    if not session.get(RESET_SESSION_KEY):  # opened without its link (or after using it)
        message = _(
            "Open de herstellink die u kreeg opnieuw; deze pagina werkt alleen via die link."
        )
        return render_template("auth/reset_invalid.html", message=message), 400
    return _reset_with(session[RESET_SESSION_KEY])


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@access(Rule.PUBLIC)
def reset_password(token: str) -> ResponseReturnValue:
    """Links made before the token moved out of the path keep working the same way."""
    if request.method == "GET":
        return _exchange_token(token)
    return _reset_with(token)


def _exchange_token(token: str) -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    if valid_token(token) is None:
        return render_template("auth/reset_invalid.html", message=token_error()), 404
    session[RESET_SESSION_KEY] = token
    return redirect(url_for("account.reset_password_form"))


def _reset_with(token: str) -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    record = valid_token(token)
    if record is None:
        return render_template("auth/reset_invalid.html", message=token_error()), 404
    form = PasswordResetForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = use_token(token, form.new_password.data or "")
        except AccountError as error:
            db.session.rollback()
            error.show_on(form)
            status = 400
        else:
            if user is None:  # used or expired since the page was loaded (or a moment ago)
                db.session.rollback()
                return render_template("auth/reset_invalid.html", message=token_error()), 404
            db.session.commit()
            session.pop(RESET_SESSION_KEY, None)
            flash(_("Uw wachtwoord is ingesteld. U kunt nu inloggen."), "success")
            return redirect(url_for("auth.login"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/password_reset.html", form=form, user=record.user), status
