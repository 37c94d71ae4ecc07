"""The backtest's pictures for ``/risk/backtest`` (routes on the risk blueprint): server-rendered
SVG, for the chair and the process coordinator like the page that shows them."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, request
from flask.typing import ResponseReturnValue

from caseflow.auth.permissions import CHAIRS, access
from caseflow.risk.backtest import run_backtest
from caseflow.risk.backtest_charts import KINDS, chart
from caseflow.risk.config import thresholds
from caseflow.risk.loading import load_raw_cases
from caseflow.risk.views import bp
from caseflow.risk.vocab import severity_label

# An image: no script at all, only the chart's own inline <style> (as the monitor's charts).
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"


@bp.route("/risk/backtest/<kind>.svg")
@access(roles=CHAIRS)
def backtest_chart(kind: str) -> ResponseReturnValue:
    horizon = request.args.get("horizon_days", 90, type=int)
    if kind not in KINDS or not 1 <= horizon <= 3650:
        abort(404)
    result = run_backtest(load_raw_cases().values(), horizon_days=horizon, today=date.today(),
                          limits=thresholds())
    response = Response(chart(result, kind, severity_label), mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = CHART_CSP
    return response
