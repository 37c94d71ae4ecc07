"""/admin/taken: the daily jobs' recent runs, for the beheerder."""

from __future__ import annotations

import json

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from caseflow.auth.models import Role
from caseflow.auth.permissions import access
from caseflow.jobs.services import STALE_AFTER, is_ok, last_run, recent_runs

bp = Blueprint("jobs", __name__, url_prefix="/admin")


@bp.route("/taken")
@access(roles=[Role.BEHEERDER])
def runs() -> ResponseReturnValue:
    rows = [(run, json.loads(run.counts or "{}")) for run in recent_runs()]
    last = last_run()
    return render_template("jobs/runs.html", rows=rows, last=last, ok=is_ok(last),
                           stale_hours=int(STALE_AFTER.total_seconds() // 3600))
