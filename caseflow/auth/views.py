"""Login, logout and the language choice."""

from __future__ import annotations

from urllib.parse import urlsplit

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
from flask_login import current_user, login_required, login_user, logout_user

from caseflow.auth.forms import LoginForm, LogoutForm
from caseflow.auth.services import authenticate, end_all_sessions
from caseflow.extensions import db

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only follow a local path after login (no open redirect)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("core.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        result = authenticate(form.email.data or "", form.password.data or "")
        if result.ok and result.user is not None:
            next_url = _safe_next(request.args.get("next"))
            locale = session.get("locale")
            session.clear()  # no data carried over from before the login
            if locale and not result.user.locale:
                result.user.locale = locale
            login_user(result.user)
            session.permanent = True
            db.session.commit()
            return redirect(next_url)
        db.session.commit()
        form.form_errors.append(
            _("Onjuist e-mailadres of wachtwoord, of het account is niet actief.")
        )
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> ResponseReturnValue:
    if LogoutForm().validate_on_submit():
        end_all_sessions(current_user._get_current_object())
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
def set_language() -> ResponseReturnValue:
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session["locale"] = language
        if current_user.is_authenticated:
            current_user.locale = language
            db.session.commit()
    return redirect(_safe_next(request.form.get("next")))
