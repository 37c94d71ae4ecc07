"""Login (password, then the second factor), logout and the language choice."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.audit.models import AuditEvent, Grounds, Outcome
from caseflow.audit.services import log_access
from caseflow.auth import login_flow, totp
from caseflow.auth.forms import LoginForm, LogoutForm, TwoFactorForm
from caseflow.auth.permissions import Rule, access
from caseflow.auth.redirects import safe_next
from caseflow.auth.throttle import (
    AttemptKind,
    account_key,
    claim_attempt,
    client_ip,
    finish_attempt,
)
from caseflow.extensions import db

bp = Blueprint("auth", __name__)


def _throttled_page(template: str, form, **context) -> ResponseReturnValue:
    minutes = current_app.config["LOGIN_THROTTLE_SECONDS"] // 60
    form.form_errors.append(
        _(
            "Te veel mislukte pogingen. Wacht %(minutes)d minuten en probeer het dan opnieuw.",
            minutes=minutes,
        )
    )
    return render_template(template, form=form, **context), 429


@bp.route("/login", methods=["GET", "POST"])
@access(Rule.PUBLIC)
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        signed_in = login_flow.password_login(
            form.email.data or "", form.password.data or "", safe_next(request.args.get("next"))
        )
        db.session.commit()
        if signed_in.outcome == "throttled":
            return _throttled_page("auth/login.html", form)
        if signed_in.response is not None:
            return signed_in.response
        form.form_errors.append(
            _("Onjuist e-mailadres of wachtwoord, of het account is niet actief.")
        )
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


def _second_factor_failed(user, form) -> int:
    """The claimed attempt stays a failure; log it and say so next to the field."""
    log_access(
        AuditEvent.LOGIN_FAILED,
        user=user,
        grounds=Grounds.AUTHENTICATION,
        outcome=Outcome.FAILURE,
        reason="bad_totp",
    )
    db.session.commit()
    form.code.errors = [*form.code.errors, _("Deze code klopt niet (of is al gebruikt).")]
    return 401


@bp.route("/login/tweede-stap", methods=["GET", "POST"])
@access(Rule.PENDING_LOGIN)
def two_factor() -> ResponseReturnValue:
    user = login_flow.pending_user()
    if user is None or not user.two_factor_enabled:
        return redirect(url_for("auth.login"))
    form = TwoFactorForm()
    status = 200
    if form.validate_on_submit():
        key = account_key(user.email)
        attempt = claim_attempt(key, client_ip(), kind=AttemptKind.TOTP)
        if attempt is None:
            return _throttled_page("auth/two_factor.html", form)
        if totp.verify_code(user, form.code.data or ""):
            next_url = login_flow.pending_next()
            finish_attempt(attempt, key, succeeded=True)
            login_flow.complete_login(user, method="password_totp")
            db.session.commit()
            return redirect(next_url)
        status = _second_factor_failed(user, form)
    elif request.method == "POST":
        status = 400
    return render_template("auth/two_factor.html", form=form), status


@bp.route("/login/tweestapsverificatie", methods=["GET", "POST"])
@access(Rule.PENDING_LOGIN)
def two_factor_setup() -> ResponseReturnValue:
    """Required enrolment for roles that must use a second factor, before the session starts."""
    user = login_flow.pending_user()
    if user is None or user.two_factor_enabled:
        return redirect(url_for("auth.login"))
    form = TwoFactorForm()
    secret = totp.pending_secret(user)
    status = 200
    if form.validate_on_submit():
        key = account_key(user.email)
        attempt = claim_attempt(key, client_ip(), kind=AttemptKind.TOTP)  # keeps the secret
        if attempt is None:
            return _throttled_page("auth/two_factor_setup.html", form, **_qr(user, secret))
        if totp.confirm_enrolment(user, form.code.data or ""):
            next_url = login_flow.pending_next()
            finish_attempt(attempt, key, succeeded=True)
            log_access(
                AuditEvent.CHANGE, user=user, object_type="user", object_id=user.id,
                fields=("totp",), grounds=Grounds.AUTHENTICATION, reason="totp_enrolled",
            )
            login_flow.complete_login(user, method="password_totp")
            db.session.commit()
            flash(_("Tweestapsverificatie staat aan."), "success")
            return redirect(next_url)
        status = _second_factor_failed(user, form)
    elif request.method == "POST":
        status = 400
    db.session.commit()  # keep the pending secret, so the QR code stays the same on reload
    return render_template("auth/two_factor_setup.html", form=form, **_qr(user, secret)), status


def _qr(user, secret: str) -> dict[str, object]:
    uri = totp.provisioning_uri(user, secret)
    return {"qr": totp.qr_svg(uri, _("QR-code voor uw authenticator-app")),
            "secret": totp.grouped(secret)}


@bp.route("/logout", methods=["POST"])
@access(Rule.AUTHENTICATED)
def logout() -> ResponseReturnValue:
    if LogoutForm().validate_on_submit():
        login_flow.logout(current_user._get_current_object(), reason="logout")
        db.session.commit()
        flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
@access(Rule.PUBLIC)
def set_language() -> ResponseReturnValue:
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session["locale"] = language
        if current_user.is_authenticated:
            current_user.locale = language
            db.session.commit()
    return redirect(safe_next(request.form.get("next")))
