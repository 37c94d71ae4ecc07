"""The monitor screens: figures per period and split, charts, CSV and a printable PDF report."""

from __future__ import annotations

import base64
import csv
import io
from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import log_access
from caseflow.auth.models import OrganisationKind
from caseflow.auth.permissions import CHAIRS, access
from caseflow.core.charts import svg_response
from caseflow.monitor import charts, report, search_section, services
from caseflow.monitor.dimensions import Scope, available, scoped
from caseflow.monitor.gemeente_scope import GEMEENTE_DIMENSIONS, scope_of
from caseflow.monitor.periods import DIMENSION_LABELS, PERIOD_LABELS, Dimension, Period
from caseflow.monitor.tables import Table
from caseflow.textsafety import spreadsheet_row

bp = Blueprint("monitor", __name__, url_prefix="/monitor")
READERS = CHAIRS
# A gemeente's consulent: their own gemeente and the region's totals (gemeente_scope).
GEMEENTE_STAFF = frozenset({OrganisationKind.GEMEENTE.value})


def _selection() -> tuple[Period, Dimension]:
    period = Period.parse(
        request.args.get("period"),
        request.args.get("year"),
        request.args.get("number"),
        date.today(),
    )
    try:
        dimension = Dimension(request.args.get("dimension") or Dimension.GEMEENTE)
    except ValueError:
        dimension = Dimension.GEMEENTE
    if dimension not in available():  # a split no domain has registered yet
        dimension = Dimension.GEMEENTE
    scope = scope_of(current_user)
    return period, scope.dimension(dimension) if scope else dimension


def _switched(name: str) -> bool:
    return request.args.get(name, "") in {"1", "on", "true", "ja"}


def _scope(dimension: Dimension) -> Scope:
    """The request's switches (contracted only, RET cases only) and, for a consulent split by
    gemeente, their gemeente: the queries count only those (dimensions.Scope)."""
    gemeente = scope_of(current_user)
    return Scope(
        contracted_only=_switched("gecontracteerd"),
        ret_only=_switched("ret"),
        gemeente_id=gemeente.gemeente_id
        if gemeente is not None and dimension is Dimension.GEMEENTE
        else None,
    )


def _suffix(dimension: Dimension) -> str:
    """A download under a switch is named so (the name without switches is as before)."""
    return "".join(f"-{name}" for name in _scope(dimension).switches)


def _args(period: Period, dimension: Dimension) -> dict[str, object]:
    """The selection as query parameters: every link, chart, download and the PDF carry it."""
    return {
        "period": period.kind.value,
        "year": period.year,
        "number": period.number,
        "dimension": dimension.value,
        **_scope(dimension).switches,
    }


def _page(template: str, period: Period, dimension: Dimension, **context) -> str:
    scope = scope_of(current_user)
    offered = [d for d in available() if scope is None or d in GEMEENTE_DIMENSIONS]
    return render_template(
        template,
        args=_args(period, dimension),
        switches=_scope(dimension),
        period_labels=PERIOD_LABELS,
        dimension_labels={d: DIMENSION_LABELS[d] for d in offered},
        gemeente_scope=scope,
        years=range(date.today().year, date.today().year - 10, -1),
        **context,
    )


@bp.route("")
@access(roles=READERS, professional_organisations=GEMEENTE_STAFF)
def index() -> ResponseReturnValue:
    """The first screen: the four indicators and the verblijf mix as headline numbers with
    their change from the period before, each opening its detail page."""
    period, dimension = _selection()
    with scoped(_scope(dimension)):
        summary = services.summary(period, dimension)
    return _page(
        "monitor/summary.html",
        period,
        dimension,
        monitor=summary,
        details=_detail_links(),
    )


def _detail_links() -> list[tuple[str, object]]:
    return list(services.TITLES.items())


@bp.route("/alles")
@access(roles=READERS, professional_organisations=GEMEENTE_STAFF)
def everything() -> ResponseReturnValue:
    """Every table on one page (what /monitor showed before the first screen)."""
    period, dimension = _selection()
    with scoped(_scope(dimension)):
        monitor = _scoped(services.build(period, dimension))
    waiting = search_section.waiting_section(period, scoped=scope_of(current_user) is not None)
    return _page("monitor/index.html", period, dimension, monitor=monitor, search_waiting=waiting)


@bp.route("/indicator/<key>")
@access(roles=READERS, professional_organisations=GEMEENTE_STAFF)
def detail(key: str) -> ResponseReturnValue:
    period, dimension = _selection()
    with scoped(_scope(dimension)):
        table = _table(key, period, dimension)
        monitor = _scoped(services.detail(period, dimension, [table]))
    return _page("monitor/detail.html", period, dimension, table=table, monitor=monitor)


@bp.route("/jaren")
@access(roles=READERS, professional_organisations=GEMEENTE_STAFF)
def side_by_side() -> ResponseReturnValue:
    period, dimension = _selection()
    with scoped(_scope(dimension)):
        tables = services.series(period)
        monitor = _scoped(services.detail(period, dimension, tables))
    return _page("monitor/detail.html", period, dimension, table=None, monitor=monitor)


def _svg(svg: str) -> Response:
    return svg_response(svg)


def _table(key: str, period: Period, dimension: Dimension) -> Table:
    """Only the one table a chart or CSV needs, not the whole monitor, in the request's scope."""
    try:
        with scoped(_scope(dimension)):
            made = services.table(key, period, dimension)
    except KeyError:
        abort(404)
    scope = scope_of(current_user)
    return scope.keeps(made, dimension) if scope else made


def _scoped(monitor):
    """A consulent's view: split by gemeente, only their own gemeente's rows (gemeente_scope)."""
    scope = scope_of(current_user)
    if scope is not None:
        monitor.tables = [scope.keeps(table, monitor.dimension) for table in monitor.tables]
    return monitor


@bp.route("/chart/<key>.svg")
@access(roles=READERS, professional_organisations=GEMEENTE_STAFF)
def chart(key: str) -> ResponseReturnValue:
    period, dimension = _selection()
    table = _table(key, period, dimension)
    if table.chart_column is None:
        abort(404)
    return _svg(charts.table_chart(table))


@bp.route("/trend.svg")
@access(roles=READERS, professional_organisations=GEMEENTE_STAFF)
def trend() -> ResponseReturnValue:
    period, _dimension = _selection()
    return _svg(charts.trend_chart(period.label, services.inflow_trend(period)))


@bp.route("/<key>.csv")
@access(roles=READERS, professional_organisations=GEMEENTE_STAFF)
def table_csv(key: str) -> ResponseReturnValue:
    period, dimension = _selection()
    table = _table(key, period, dimension)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    # Labels are names people typed (gemeenten, organisations): neutralised against formulas.
    writer.writerow(spreadsheet_row([_row_header(table, dimension), *table.columns]))
    for label, cells in table.rows:
        writer.writerow(spreadsheet_row([label, *(cell.csv() for cell in cells)]))
    log_access(AuditEvent.EXPORT, object_type="monitor", object_id=f"{key}.{period.slug}")
    filename = f"caseflow-monitor-{key}-{period.slug}-{dimension.value}{_suffix(dimension)}.csv"
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _row_header(table: Table, dimension: Dimension) -> str:
    """The label column's own header: the split's name, or the table's (phase, type)."""
    return str(DIMENSION_LABELS[dimension]) if table.row_header is None else table.row_header


@bp.route("/<key>.xlsx")
@access(roles=READERS, professional_organisations=GEMEENTE_STAFF)
def table_xlsx(key: str) -> ResponseReturnValue:
    """The table as a spreadsheet: figures as numbers, hidden cells as "<5"."""
    from openpyxl import Workbook

    period, dimension = _selection()
    table = _table(key, period, dimension)
    book = Workbook()
    sheet = book.active
    sheet.title = key[:31]
    sheet.append(spreadsheet_row([_row_header(table, dimension), *table.columns]))
    for label, cells in table.rows:
        sheet.append([*spreadsheet_row([label]), *(cell.export() for cell in cells)])
    buffer = io.BytesIO()
    book.save(buffer)
    log_access(AuditEvent.EXPORT, object_type="monitor", object_id=f"{key}.{period.slug}")
    filename = f"caseflow-monitor-{key}-{period.slug}-{dimension.value}{_suffix(dimension)}.xlsx"
    return Response(
        buffer.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/report.pdf")
@access(roles=READERS, professional_organisations=GEMEENTE_STAFF)
def report_pdf() -> ResponseReturnValue:
    period, dimension = _selection()
    with scoped(_scope(dimension)):
        monitor = _scoped(services.build(period, dimension))
        summary = services.summary(period, dimension)
    # The same order as the screens: headline numbers, periods side by side, every table.
    tables = [summary.indicators, summary.mix, *monitor.tables]
    images = {
        table.key: base64.b64encode(charts.table_chart(table).encode()).decode()
        for table in tables
        if table.chart_column is not None and table.rows
    }
    pdf = report.render_pdf(
        monitor, images, DIMENSION_LABELS[dimension], summary, switches=_scope(dimension)
    )
    log_access(AuditEvent.PRINT, object_type="monitor", object_id=f"report.{period.slug}")
    filename = f"caseflow-monitor-{period.slug}-{dimension.value}{_suffix(dimension)}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
