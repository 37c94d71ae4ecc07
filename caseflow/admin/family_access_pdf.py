"""'Wie zag dit dossier': one case's access history as a PDF for the family (AVG art. 15, NEN 7513
asks that a client can learn who looked at their file). Only rows of that case, only successful
accesses; professionals by name, role and organisation. The document fetches nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import current_app, render_template

from caseflow.admin.access_history import case_access_rows
from caseflow.cases.models import Case

STYLESHEET = "minutes.css"
# A family asks about their whole file; a busy case holds thousands of reads, all of them listed.
PDF_LIMIT = 20_000


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"access PDF: refusing to fetch {url!r}")


def access_html(case: Case) -> str:
    rows = case_access_rows(case.id, PDF_LIMIT + 1)
    return render_template(
        "audit/who_saw_pdf.html", case=case, rows=rows[:PDF_LIMIT],
        truncated=len(rows) > PDF_LIMIT, made_at=datetime.now(UTC),
    )


def render_access_pdf(case: Case) -> bytes:
    from weasyprint import CSS, HTML  # imported here: it loads pango, only needed for printing

    css_path = Path(current_app.static_folder or "") / STYLESHEET
    stylesheet = CSS(string=css_path.read_text(encoding="utf-8"), url_fetcher=_no_fetching)
    return HTML(string=access_html(case), url_fetcher=_no_fetching).write_pdf(
        stylesheets=[stylesheet]
    )
