"""/admin/audit: the access log in words with filters and its CSV/XLSX export (beheerder), the
break-glass list, and one case's "wie zag dit dossier" PDF for the family (beheerder and chairs).

These screens need users and noodtoegang grants (auth), so they live in admin, not in audit (audit
imports no domain). The blueprint keeps the name ``audit``: its endpoints (``audit.log``,
``audit.break_glass``) and URLs are unchanged."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.admin import audit_export
from caseflow.admin.audit_forms import LogFilterForm
from caseflow.admin.audit_words import describe
from caseflow.admin.family_access_pdf import render_access_pdf
from caseflow.audit.models import AuditEvent, Grounds
from caseflow.audit.services import LogFilter, filtered_log, log_access, record
from caseflow.auth.breakglass import recent_grants
from caseflow.auth.models import Role, User
from caseflow.auth.permissions import access
from caseflow.cases.models import Case
from caseflow.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/admin")
PER_PAGE = 50
FILTER_NAMES = ("start", "end", "user", "case", "event_type")
FAMILY_PDF_ROLES = [Role.BEHEERDER, Role.VOORZITTER, Role.PROCESBEGELEIDER]


def _local_midnight(day) -> datetime:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time.min, tzinfo=zone)


def _case_id(value: str | None) -> int | None:
    """The internal case number for the filter: as typed, or looked up by its reference (an
    unknown reference matches nothing, -1, rather than everything)."""
    if not value:
        return None
    if value.isdigit():
        return int(value)
    found = db.session.scalar(select(Case.id).where(Case.reference == value.upper()))
    return found if found is not None else -1


def _filtered() -> tuple[LogFilterForm, LogFilter, bool]:
    """The filter form from the query string and the criteria it gives (all rows if invalid)."""
    form = LogFilterForm(request.args)
    users = db.session.scalars(select(User).order_by(User.email))
    form.user.choices = [("", _l("Alle gebruikers"))] + [
        (str(u.id), f"{u.name} ({u.email})") for u in users
    ]
    if not form.validate():
        return form, LogFilter(), False
    return form, LogFilter(
        start=_local_midnight(form.start.data) if form.start.data else None,
        end=_local_midnight(form.end.data + timedelta(days=1)) if form.end.data else None,
        user_id=int(form.user.data) if form.user.data else None,
        case_id=_case_id(form.case.data),
        event_type=form.event_type.data or None,
    ), True


@bp.route("/audit")
@access(roles=[Role.BEHEERDER])
def log() -> ResponseReturnValue:
    form, criteria, valid = _filtered()
    page = request.args.get("page", 1, type=int)
    pagination = db.paginate(
        filtered_log(criteria), page=max(page, 1), per_page=PER_PAGE, error_out=False
    )
    log_access(AuditEvent.READ, object_type="access_log")
    args = {k: v for k, v in request.args.items() if k != "page"}
    pdf_case = None
    if valid and criteria.case_id and criteria.case_id > 0:
        pdf_case = db.session.get(Case, criteria.case_id)
    return render_template(
        "audit/log.html", form=form, pagination=pagination, rows=describe(pagination.items),
        filter_args=args if valid else {}, pdf_case=pdf_case,
    ), 200 if valid else 400


def _export(kind: str) -> ResponseReturnValue:
    form, criteria, valid = _filtered()
    if not valid:
        abort(400)
    entries = list(db.session.scalars(filtered_log(criteria).limit(audit_export.EXPORT_LIMIT + 1)))
    truncated = len(entries) > audit_export.EXPORT_LIMIT
    rows = describe(entries[: audit_export.EXPORT_LIMIT], links=False)
    if kind == "csv":
        content, mime = audit_export.to_csv(rows, truncated), audit_export.CSV_MIME
    else:
        content, mime = audit_export.to_xlsx(rows, truncated), audit_export.XLSX_MIME
    # The export is itself an access (NEN 7513): which filters (names, not values) and the case.
    used = [name for name in FILTER_NAMES if request.args.get(name)]
    case_id = criteria.case_id if criteria.case_id and criteria.case_id > 0 else None
    record(None, case_id, AuditEvent.EXPORT, grounds=Grounds.ROLE, target="access_log",
           fields=used, reason=kind)
    db.session.commit()
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    return Response(content, mimetype=mime, headers={
        "Content-Disposition": f'attachment; filename="toegangslogboek-{stamp}.{kind}"',
        "Cache-Control": "no-store",
    })


@bp.route("/audit/export.csv")
@access(roles=[Role.BEHEERDER])
def export_csv() -> ResponseReturnValue:
    return _export("csv")


@bp.route("/audit/export.xlsx")
@access(roles=[Role.BEHEERDER])
def export_xlsx() -> ResponseReturnValue:
    return _export("xlsx")


@bp.route("/audit/casus/<int:case_id>/wie-zag-dit-dossier.pdf")
@access(roles=FAMILY_PDF_ROLES)
def case_access_pdf(case_id: int) -> ResponseReturnValue:
    """For the family's question "who looked at our file"; the beheerder (privacy officer) and the
    chairs, who see every case of the region, may print it. Only this case's rows. By the log's
    internal case number, as the log's case filter has it: this is a page of the log (for the
    beheerder, who may not open the case itself), not a case page."""
    case = db.session.get(Case, case_id)
    if case is None:
        abort(404)
    pdf = render_access_pdf(case)
    record(None, case, AuditEvent.PRINT, grounds=Grounds.ROLE, target="access_log",
           reason="family_request")
    db.session.commit()
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{case.reference}-wie-zag-dit-dossier.pdf"',
        "Cache-Control": "no-store",
    })


@bp.route("/noodtoegang")
@access(roles=[Role.BEHEERDER])
def break_glass() -> ResponseReturnValue:
    log_access(AuditEvent.READ, object_type="break_glass_grant")
    return render_template("audit/break_glass.html", grants=recent_grants())
