"""/admin/inrichting (first run), /admin/gemeenten and merging organisations; beheerder only."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from caseflow.auth.models import Organisation, Role
from caseflow.auth.permissions import access
from caseflow.auth.services import AccountError
from caseflow.cases.models import Case, Gemeente
from caseflow.extensions import db
from caseflow.region import gemeenten as services
from caseflow.region.forms import (
    OWN_LIST,
    GemeenteForm,
    GemeenteImportForm,
    MergeForm,
    RetireForm,
    SetupForm,
)
from caseflow.region.organisations import merge
from caseflow.region.settings import is_set_up, region_code, region_name
from caseflow.region.setup import SetupError, setup_region

bp = Blueprint("region", __name__, url_prefix="/admin")
ADMIN = [Role.BEHEERDER]
MAX_CSV_BYTES = 1_000_000


def _upload_text(storage) -> str:
    """An uploaded CSV as text (UTF-8, or Windows-1252 as older Excel saves it)."""
    if not storage or not getattr(storage, "filename", ""):
        return ""
    raw = storage.read(MAX_CSV_BYTES + 1)
    if len(raw) > MAX_CSV_BYTES:
        raise services.GemeenteError(_("Het bestand is groter dan 1 MB."))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


@bp.route("/inrichting", methods=["GET", "POST"])
@access(roles=ADMIN)
def setup() -> ResponseReturnValue:
    form = SetupForm()
    if request.method == "GET":
        form.name.data, form.code.data = region_name(), region_code()
    status = 200
    if form.validate_on_submit():
        try:
            if form.source.data == OWN_LIST:
                csv_text = _upload_text(form.gemeenten_file.data) or form.gemeenten_text.data or ""
            else:
                csv_text = services.shipped_csv(form.source.data)
            setup_region(
                current_user._get_current_object(), name=form.name.data or "",
                code=form.code.data or "", gemeenten_csv=csv_text,
                organisations=form.organisations.data or "",
                gemeente_organisations=bool(form.gemeente_organisations.data),
            )
        except services.GemeenteError as error:
            db.session.rollback()
            form.gemeenten_file.errors = [str(error)]
            status = 400
        except SetupError as error:
            db.session.rollback()
            fields = {"name": form.name, "code": form.code, "organisations": form.organisations,
                      "gemeenten": form.gemeenten_file if form.source.data == OWN_LIST
                      else form.source}
            for key, messages in error.errors.items():
                fields[key].errors = list(fields[key].errors) + messages
            status = 400
        else:
            db.session.commit()
            flash(_("De regio is ingericht. Maak nu de accounts aan, te beginnen met de "
                    "voorzitter."), "success")
            return redirect(url_for("admin.users"))
    elif request.method == "POST":
        status = 400
    counts = {
        "gemeenten": db.session.scalar(
            select(func.count()).select_from(Gemeente).where(Gemeente.active)
        ),
        "organisations": db.session.scalar(select(func.count()).select_from(Organisation)),
        "cases": db.session.scalar(select(func.count()).select_from(Case)),
    }
    return render_template(
        "region/setup.html", form=form, set_up=is_set_up(), counts=counts
    ), status


def _gemeenten_page(form: GemeenteForm, import_form: GemeenteImportForm, status: int = 200,
                    report: services.CsvResult | None = None) -> ResponseReturnValue:
    case_counts = dict(
        db.session.execute(
            select(Case.gemeente_id, func.count()).group_by(Case.gemeente_id)
        ).tuples().all()
    )
    return render_template(
        "region/gemeenten.html", gemeenten=services.all_gemeenten(), form=form,
        import_form=import_form, case_counts=case_counts, report=report,
    ), status


@bp.route("/gemeenten", methods=["GET", "POST"])
@access(roles=ADMIN)
def gemeenten() -> ResponseReturnValue:
    form, import_form = GemeenteForm(), GemeenteImportForm(formdata=None)
    if request.method == "GET":
        return _gemeenten_page(form, import_form)
    if not form.validate_on_submit():
        return _gemeenten_page(form, import_form, 400)
    try:
        gemeente, created = services.add_gemeente(
            current_user._get_current_object(), form.cbs_code.data or "", form.name.data or "",
            valid_from=form.valid_from.data,
        )
    except services.GemeenteError as error:
        db.session.rollback()
        target = form.cbs_code if "CBS" in str(error) or "GM" in str(error) else form.name
        target.errors = [str(error)]
        return _gemeenten_page(form, import_form, 400)
    db.session.commit()
    flash(_("Gemeente %(name)s toegevoegd.", name=gemeente.name) if created
          else _("%(name)s bestond al.", name=gemeente.name), "success")
    return redirect(url_for("region.gemeenten"))


@bp.route("/gemeenten/import", methods=["POST"])
@access(roles=ADMIN)
def gemeenten_import() -> ResponseReturnValue:
    form, import_form = GemeenteForm(formdata=None), GemeenteImportForm()
    if not import_form.validate_on_submit():
        return _gemeenten_page(form, import_form, 400)
    try:
        text = _upload_text(import_form.file.data)
        if not text:
            raise services.GemeenteError(_("Kies een CSV-bestand."))
    except services.GemeenteError as error:
        import_form.file.errors = [str(error)]
        return _gemeenten_page(form, import_form, 400)
    result = services.import_csv(current_user._get_current_object(), text)
    if result.errors:
        db.session.rollback()
        import_form.file.errors = result.errors
        return _gemeenten_page(form, import_form, 400)
    db.session.commit()
    flash(_("%(added)s, %(same)s.",
            added=ngettext("%(num)d gemeente toegevoegd", "%(num)d gemeenten toegevoegd",
                           len(result.added)),
            same=ngettext("%(num)d bestond al", "%(num)d bestonden al", len(result.unchanged))),
          "success")
    return redirect(url_for("region.gemeenten"))


@bp.route("/gemeenten/<int:gemeente_id>", methods=["GET", "POST"])
@access(roles=ADMIN)
def gemeente(gemeente_id: int) -> ResponseReturnValue:
    found = db.session.get(Gemeente, gemeente_id)
    if found is None:
        abort(404)
    form = RetireForm()
    form.successor.choices = [(0, _("Kies een gemeente"))] + [
        (g.id, g.name) for g in services.all_gemeenten() if g.active and g.id != found.id
    ]
    status = 200
    if form.validate_on_submit():
        successor = db.session.get(Gemeente, form.successor.data)
        try:
            if successor is None:
                raise services.GemeenteError(_("Kies de gemeente die haar opvolgt."))
            services.retire(current_user._get_current_object(), found, successor,
                            form.until.data)
        except services.GemeenteError as error:
            db.session.rollback()
            form.successor.errors = [str(error)]
            status = 400
        else:
            db.session.commit()
            flash(_("%(name)s is opgeheven; opvolger %(successor)s.", name=found.name,
                    successor=successor.name), "success")
            return redirect(url_for("region.gemeenten"))
    elif request.method == "POST":
        status = 400
    cases = db.session.scalar(
        select(func.count()).select_from(Case).where(Case.gemeente_id == found.id)
    )
    return render_template("region/gemeente.html", gemeente=found, form=form,
                           cases=cases), status


@bp.route("/organisaties/<int:organisation_id>/samenvoegen", methods=["POST"])
@access(roles=ADMIN)
def organisation_merge(organisation_id: int) -> ResponseReturnValue:
    duplicate = db.session.get(Organisation, organisation_id)
    if duplicate is None:
        abort(404)
    form = MergeForm()
    form.keep.choices = []  # validate_choice is off; the service checks the kind
    keep = db.session.get(Organisation, form.keep.data or 0) if form.validate_on_submit() else None
    if keep is None:
        flash(_("Kies de organisatie die blijft en bevestig het samenvoegen."), "danger")
        return redirect(url_for("admin.organisation_edit", organisation_id=duplicate.id))
    name = duplicate.name
    try:
        moved = merge(current_user._get_current_object(), duplicate, keep)
    except AccountError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("admin.organisation_edit", organisation_id=organisation_id))
    db.session.commit()
    flash(ngettext("%(old)s is samengevoegd met %(new)s (%(num)d verwijzing verplaatst).",
                   "%(old)s is samengevoegd met %(new)s (%(num)d verwijzingen verplaatst).",
                   moved, old=name, new=keep.name), "success")
    return redirect(url_for("admin.organisation_edit", organisation_id=keep.id))
