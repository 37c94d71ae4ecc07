"""/admin/audit: the access log with filters, and the break-glass list (beheerder only).

These screens need users and noodtoegang grants (auth), so they live in admin, not in audit (audit
imports no domain). The blueprint keeps the name ``audit``: its endpoints (``audit.log``,
``audit.break_glass``) and URLs are unchanged."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.admin.audit_forms import LogFilterForm
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import LogFilter, filtered_log, log_access
from caseflow.auth.breakglass import recent_grants
from caseflow.auth.models import Role, User
from caseflow.auth.permissions import access
from caseflow.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/admin")
PER_PAGE = 50


def _local_midnight(day) -> datetime:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time.min, tzinfo=zone)


def _users_by_id() -> dict[int, User]:
    return {user.id: user for user in db.session.scalars(select(User))}


@bp.route("/audit")
@access(roles=[Role.BEHEERDER])
def log() -> ResponseReturnValue:
    users = _users_by_id()
    form = LogFilterForm(request.args)
    form.user.choices = [("", _l("Alle gebruikers"))] + [
        (str(u.id), f"{u.name} ({u.email})") for u in sorted(users.values(), key=lambda u: u.email)
    ]
    criteria, status = LogFilter(), 200
    if form.validate():
        criteria = LogFilter(
            start=_local_midnight(form.start.data) if form.start.data else None,
            end=_local_midnight(form.end.data + timedelta(days=1)) if form.end.data else None,
            user_id=int(form.user.data) if form.user.data else None,
            case_id=form.case.data,
            event_type=form.event_type.data or None,
        )
    else:
        status = 400
    page = request.args.get("page", 1, type=int)
    pagination = db.paginate(
        filtered_log(criteria), page=max(page, 1), per_page=PER_PAGE, error_out=False
    )
    log_access(AuditEvent.READ, object_type="access_log")
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "audit/log.html", form=form, pagination=pagination, users=users, filter_args=args
    ), status


@bp.route("/noodtoegang")
@access(roles=[Role.BEHEERDER])
def break_glass() -> ResponseReturnValue:
    log_access(AuditEvent.READ, object_type="break_glass_grant")
    return render_template("audit/break_glass.html", grants=recent_grants())
