"""The filtered access log as a file: CSV for Excel-NL (``;``, UTF-8 with BOM) and XLSX (openpyxl).

Both carry the same columns in words (``caseflow.admin.audit_words``) and the codes a machine
needs (row number, user id, case id); times are Dutch local time, as on the screen."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

from caseflow.admin.audit_words import LogRow

CSV_MIME = "text/csv; charset=utf-8"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An export is for one request or one question, not a copy of the whole log: past this the file
# says it was cut short (the screen's filters narrow it down).
EXPORT_LIMIT = 50_000


def headers() -> list[str]:
    return [
        _("Nr."), _("Tijd"), _("Gebruiker"), _("E-mail"), _("Gebruiker-id"), _("Rol"),
        _("Organisatie"), _("Gebeurtenis"), _("Casus"), _("Casus-id"), _("Object"), _("Velden"),
        _("Grondslag"), _("Uitkomst"), _("Toegangspunt"), _("IP-adres"),
    ]


def _local(moment: datetime) -> str:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def values(row: LogRow) -> list[object]:
    return [
        row.id, _local(row.occurred_at), row.user_name, row.user_email, row.user_id or "",
        row.role, row.organisation, row.event, row.case_reference, row.case_id or "", row.object,
        row.fields, row.grounds, row.outcome, row.access_point, row.ip_address,
    ]


def _safe(value: object) -> object:
    """A cell that starts like a formula is read as text by Excel (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(rows: list[LogRow], truncated: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows:
        writer.writerow([_safe(v) for v in values(row)])
    if truncated:
        writer.writerow([_("Afgebroken na %(n)d regels; verfijn de filters.", n=EXPORT_LIMIT)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(rows: list[LogRow], truncated: bool = False) -> bytes:
    from openpyxl import Workbook  # imported here: only the export needs it

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Toegangslogboek"))
    sheet.append(headers())
    for row in rows:
        sheet.append([_safe(v) for v in values(row)])
    if truncated:
        sheet.append([_("Afgebroken na %(n)d regels; verfijn de filters.", n=EXPORT_LIMIT)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
