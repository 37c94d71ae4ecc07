"""A human-readable PDF of one case's history, for a family's request for their data (AVG art. 15).
Professionals appear by role and organisation; the document fetches nothing (no files, network)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import format_date

from caseflow.cases.models import Case
from caseflow.exchange.exporter import export_cases

STYLESHEET = "minutes.css"


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"history PDF: refusing to fetch {url!r}")


def history_html(case: Case) -> str:
    (history,) = export_cases([case])["cases"]
    events = [e for e in history["events"] if not e["retracted_reason"]]
    return render_template(
        "exchange/history_pdf.html", case=case, history=history, events=events, on=_on
    )


def _on(value: str | None) -> str:
    return format_date(date.fromisoformat(value), "long") if value else ""


def render_history_pdf(case: Case) -> bytes:
    from weasyprint import CSS, HTML  # imported here: it loads pango, only needed for printing

    css_path = Path(current_app.static_folder or "") / STYLESHEET
    stylesheet = CSS(string=css_path.read_text(encoding="utf-8"), url_fetcher=_no_fetching)
    document = HTML(string=history_html(case), url_fetcher=_no_fetching)
    return document.write_pdf(stylesheets=[stylesheet])
