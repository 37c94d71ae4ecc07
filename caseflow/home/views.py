"""Start page and health check."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    send_from_directory,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user

from caseflow.auth.models import Role
from caseflow.auth.permissions import Rule, access
from caseflow.core.start import panels_for
from caseflow.extensions import db
from caseflow.home import health
from caseflow.jobs.services import health_fields as jobs_health_fields

bp = Blueprint("core", __name__)


@bp.route("/")
@access(Rule.AUTHENTICATED)
def index() -> ResponseReturnValue:
    # A first run (a region without gemeenten): start_beheerder.html asks region_needs_setup(),
    # which the region registers (caseflow/region/hooks.py).
    page = render_template(
        "core/index.html", role=current_user.role, panels=panels_for(current_user)
    )
    # what the panels recorded (risk: when the user last looked); after rendering, so the
    # commit's expiry does not reload every row the panels showed
    db.session.commit()
    return page


@bp.route("/favicon.ico")
@access(Rule.PUBLIC)
def favicon() -> ResponseReturnValue:
    """Browsers ask for /favicon.ico on every page whatever the page links; answer it (a 404 on
    every page hides real ones in the log). Pages link the SVG (base.html)."""
    response = send_from_directory(
        current_app.static_folder or "", "favicon.ico", mimetype="image/vnd.microsoft.icon",
        max_age=86400,
    )
    return response


@bp.route("/healthz")
@access(Rule.PUBLIC)
def healthz() -> ResponseReturnValue:
    """For load balancers and monitoring: 200 when the app and its database answer, else 503.

    Anyone may ask, so anyone gets only the status; the version and the database type help an
    attacker pick an exploit and are shown to a logged-in beheerder only, with the daily jobs'
    state (``jobs_last_run``, ``jobs_ok``). A failed or stale daily run does not turn ``status``
    into "error": a load balancer would then take every app server out of rotation for a
    problem none of them has; monitoring alerts on ``caseflow_jobs_ok`` in /metrics instead."""
    database = health.database_state()
    status = 200 if database == "ok" else 503
    body: dict[str, object] = {"status": "ok" if status == 200 else "error"}
    if current_user.is_authenticated and current_user.has_role(Role.BEHEERDER):
        body.update(
            database=database,
            database_backend=db.engine.dialect.name,
            version=current_app.config.get("CASEFLOW_VERSION", "unknown"),
        )
        if database == "ok":
            body.update(jobs_health_fields())
    return jsonify(body), status


@bp.route("/metrics")
@access(Rule.PUBLIC)
def metrics() -> ResponseReturnValue:
    """Prometheus text format, behind METRICS_TOKEN (a bearer token) or, without one, for the
    machine itself only (the scraper runs beside caseflow or asks through a token)."""
    if not health.metrics_allowed():
        abort(404)
    body, content_type = health.metrics_body()
    return Response(body, content_type=content_type)
