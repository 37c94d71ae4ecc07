"""/noodtoegang: break-glass for one case (voorzitter, procesbegeleider, professional), the chair's
review of each use, and what the pages show about it (banner, offer on a refused case page)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.audit.models import Grounds
from caseflow.auth.breakglass import (
    BreakGlassError,
    BreakGlassGrant,
    grant_break_glass,
    normalise_reference,
)
from caseflow.auth.breakglass_review import REVIEWERS, review_grant
from caseflow.auth.forms import BreakGlassForm, BreakGlassReviewForm
from caseflow.auth.permissions import BREAK_GLASS_ROLES, access, load_case_by_reference
from caseflow.core.formatting import when
from caseflow.extensions import db

bp = Blueprint("breakglass", __name__)


@bp.route("/noodtoegang", methods=["GET", "POST"])
@access(roles=BREAK_GLASS_ROLES)
def request_access() -> ResponseReturnValue:
    """Ask for break-glass. The answer is the same whether the reference exists or not: the
    request is stored and logged either way and the user is sent to the case's address, which
    opens (read-only, with the banner) only if there is such a case. A grant opens the case, so
    whoever gets one learns that it exists — that cannot be helped; what the form prevents is
    finding it out silently: every try is logged, limited per day and reviewed by the chair."""
    form = BreakGlassForm()
    status = 200
    if request.method == "GET" and request.args.get("reference"):
        form.reference.data = request.args["reference"][:20]
    if form.validate_on_submit():
        reference = normalise_reference(form.reference.data)
        case = load_case_by_reference(reference)
        try:
            grant = grant_break_glass(
                current_user._get_current_object(),
                case.id if case is not None else None,
                form.reason.data,
                reference=reference,
            )
        except BreakGlassError as error:
            db.session.rollback()
            getattr(form, error.field).errors = [str(error)]
            status = 400
        else:
            db.session.commit()
            flash(
                _(
                    "Noodtoegang gevraagd voor %(reference)s. Bestaat deze casus, dan kunt u hem "
                    "tot %(until)s lezen. Uw reden is vastgelegd; de voorzitter beoordeelt dit.",
                    reference=reference,
                    until=when(grant.expires_at),
                ),
                "warning",
            )
            return redirect(url_for("cases.case_detail", reference=reference))
    elif request.method == "POST":
        status = 400
    return render_template("auth/break_glass.html", form=form), status


@bp.route("/noodtoegang/<int:grant_id>/beoordeeld", methods=["POST"])
@access(roles=REVIEWERS)
def review(grant_id: int) -> ResponseReturnValue:
    """The chair's "Beoordeeld" on the start page's panel."""
    grant = db.session.get(BreakGlassGrant, grant_id)
    if grant is None:
        abort(404)
    form = BreakGlassReviewForm()
    if not form.validate_on_submit():
        for message in form.note.errors or [_("Het formulier is verlopen; probeer het opnieuw.")]:
            flash(message, "danger")
        return redirect(url_for("core.index"))
    try:
        review_grant(grant, current_user._get_current_object(), form.note.data)
    except BreakGlassError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("Noodtoegang beoordeeld."), "success")
    return redirect(url_for("core.index"))


def current_break_glass() -> BreakGlassGrant | None:
    """The grant the current case page is read under, if any (for the banner)."""
    decision = g.get("case_access")
    if decision is None or decision.grounds != Grounds.BREAK_GLASS or not decision.grant_id:
        return None
    return db.session.get(BreakGlassGrant, decision.grant_id)


def case_read_only() -> bool:
    """True on a case page read under break-glass: forms that change the case are not shown."""
    decision = g.get("case_access")
    return decision is not None and decision.grounds == Grounds.BREAK_GLASS


def break_glass_offer() -> str | None:
    """On a refused case page: the reference to offer noodtoegang for — shown for every refused
    /cases/… address alike, so it says nothing about whether the case exists."""
    if not getattr(current_user, "is_authenticated", False):
        return None
    if current_user.role not in BREAK_GLASS_ROLES or not request.path.startswith("/cases/"):
        return None
    reference = (request.view_args or {}).get("reference")
    return str(reference)[:20] if reference else None


@bp.app_context_processor
def break_glass_context() -> dict[str, Any]:
    return {
        "current_break_glass": current_break_glass,
        "case_read_only": case_read_only,
        "break_glass_offer": break_glass_offer,
    }
