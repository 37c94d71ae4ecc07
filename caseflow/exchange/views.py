"""The chair's exchange screens: the upload page (import with dry run), the CSV template, and the
case page's downloads (the history as caseflow-history JSON, and as PDF for the family).
Exports and prints are logged per case in the access log."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from caseflow.audit.models import Grounds
from caseflow.auth.models import Role
from caseflow.auth.permissions import CaseAction, access, can_access_case
from caseflow.cases.access import case_by_reference
from caseflow.cases.models import Case
from caseflow.exchange import FORMAT, FORMATS, csv_template, transfer
from caseflow.exchange.csv_convert import Converted
from caseflow.exchange.files import refuse_spreadsheet
from caseflow.exchange.forms import CaseExportForm, ImportForm
from caseflow.exchange.importer import ImportRejected
from caseflow.exchange.validator import MAX_BYTES, Issue, too_large
from caseflow.extensions import db

bp = Blueprint("exchange", __name__)
CHAIR = [Role.VOORZITTER]


@bp.context_processor
def _format_names() -> dict[str, str]:
    """The format's one name on every exchange screen (the same the exporter writes)."""
    return {
        "format_name": FORMAT,
        "older_formats": ", ".join(f for f in FORMATS if f != FORMAT),
    }


def upload_limit() -> int:
    return int(current_app.config.get("EXCHANGE_MAX_BYTES", MAX_BYTES))


def _read_upload(form: ImportForm) -> tuple[bytes, Converted | None]:
    """The upload as caseflow-history bytes (a CSV or a zip of CSVs converted, with what the
    conversion guessed and where each case came from); never more than the limit is read, and
    a CSV or zip that is off raises CsvProblem."""
    upload = form.file.data
    limit = upload_limit()
    data = upload.read(limit + 1)
    name = upload.filename or "bestand"
    refuse_spreadsheet(name)
    if name.lower().endswith((".csv", ".zip")):
        converted = csv_template.convert_upload(name, data, limit)
        return converted.raw, converted
    return data, None


@bp.route("/exchange/import", methods=["GET", "POST"])
@access(roles=CHAIR)
def import_page() -> ResponseReturnValue:
    form = ImportForm()
    errors: list[Issue] = []
    report = None
    excerpt: list[tuple[int, str, bool]] = []
    if request.method == "POST":
        refused = too_large(request.content_length or 0, upload_limit() + 10_000)
        if refused:
            form.file.errors = [_("Het bestand is te groot; de grens is 50 MB.")]
            return render_template("exchange/import.html", form=form, errors=[refused]), 413
    if form.validate_on_submit():
        raw, converted = b"", None
        try:
            raw, converted = _read_upload(form)
            report = transfer.import_file(
                raw,
                current_user,
                dry_run=form.dry_run.data,
                update=form.update.data,
                limit=upload_limit(),
            )
        except csv_template.CsvProblem as problem:
            db.session.rollback()
            errors = [Issue("csv", str(problem))]
        except ImportRejected as rejected:
            db.session.rollback()
            errors = converted.locate(rejected.errors) if converted else rejected.errors
            excerpt = [] if converted else file_excerpt(raw, {e.line for e in errors if e.line})
        if errors:
            form.file.errors = [
                ngettext("Het bestand is geweigerd (%(num)d fout); er is niets opgeslagen.",
                         "Het bestand is geweigerd (%(num)d fouten); er is niets opgeslagen.",
                         len(errors))
            ]
            return render_template(
                "exchange/import.html", form=form, errors=errors, excerpt=excerpt
            ), 400
        if converted is not None:
            report.warnings = converted.locate([*converted.warnings, *report.warnings])
        if report is not None and report.dry_run:
            db.session.rollback()
            return render_template("exchange/import.html", form=form, report=report)
        db.session.commit()
        flash(
            _(
                "Import gelukt: %(new)d casussen aangemaakt, %(old)d aangevuld.",
                new=len(report.created),
                old=len(report.updated),
            ),
            "success",
        )
        return render_template(
            "exchange/import.html", form=ImportForm(formdata=None), report=report
        )
    status = 400 if form.errors else 200
    return render_template("exchange/import.html", form=form, errors=errors), status


EXCERPT_CONTEXT = 2  # lines shown around each line with an error
EXCERPT_MAX_LINES = 400
EXCERPT_LINE_CHARS = 300


def file_excerpt(raw: bytes, lines: set[int]) -> list[tuple[int, str, bool]]:
    """(number, text, has an error) of the file's lines with an error and a few around them,
    so each error on the page can link to its line (``#regel-N``)."""
    wanted = {n + d for n in lines for d in range(-EXCERPT_CONTEXT, EXCERPT_CONTEXT + 1)}
    if not wanted:
        return []
    text = raw.decode("utf-8-sig", errors="replace")
    shown = []
    for number, line in enumerate(text.splitlines(), start=1):
        if number in wanted:
            cut = line[:EXCERPT_LINE_CHARS] + ("…" if len(line) > EXCERPT_LINE_CHARS else "")
            shown.append((number, cut, number in lines))
            if len(shown) >= EXCERPT_MAX_LINES:
                break
        elif number > max(wanted):
            break
    return shown


@bp.route("/exchange/template.zip")
@access(roles=CHAIR)
def csv_template_zip() -> ResponseReturnValue:
    return Response(
        csv_template.template_zip(),
        mimetype="application/zip",
        headers={"Content-Disposition": 'attachment; filename="caseflow-history-sjabloon.zip"'},
    )


def _case_from_form() -> Case:
    form = CaseExportForm()
    if not form.validate_on_submit():
        abort(400)
    case = case_by_reference(form.reference.data)
    if case is None:
        abort(404)
    decision = can_access_case(current_user, case, CaseAction.READ)
    # The whole history: never for someone who may see only their own entries, and break-glass
    # lets one read the case on screen, not take a copy away.
    if (
        not decision.allowed
        or decision.own_entries_only
        or decision.grounds == Grounds.BREAK_GLASS
    ):
        abort(404)
    return case


@bp.route("/exchange/export", methods=["POST"])
@access(roles=CHAIR)
def export_case() -> ResponseReturnValue:
    if not request.form.get("reference"):
        flash(_("Kies een casus om te exporteren."), "warning")
        return redirect(url_for("cases.case_list"))
    case = _case_from_form()
    text = transfer.export_history(case, current_user)
    filename = f"{case.reference}.caseflow-history.json"
    db.session.commit()
    return Response(
        text,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/exchange/history.pdf", methods=["POST"])
@access(roles=CHAIR)
def history_pdf() -> ResponseReturnValue:
    if not request.form.get("reference"):
        flash(_("Kies een casus om af te drukken."), "warning")
        return redirect(url_for("cases.case_list"))
    case = _case_from_form()
    pdf = transfer.print_history(case, current_user)
    filename = f"{case.reference}-historie.pdf"
    db.session.commit()
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
