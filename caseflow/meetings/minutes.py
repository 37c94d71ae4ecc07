"""The minutes (verslag) of a meeting as PDF, via WeasyPrint. Cases appear by reference and
pseudonym only; printing is logged per case in the access log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app, render_template

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import log_access
from caseflow.meetings.changes import addenda
from caseflow.meetings.queries import MeetingPage

STYLESHEET = "minutes.css"


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The minutes are self-contained: WeasyPrint may fetch nothing (no files, no network)."""
    raise ValueError(f"minutes PDF: refusing to fetch {url!r}")


def render_pdf(page: MeetingPage, *, base_url: str | None = None) -> bytes:
    from weasyprint import CSS, HTML  # imported here: it loads pango, only needed for printing

    html = render_template(
        "meetings/minutes_pdf.html", page=page, page_addenda=addenda(page.meeting)
    )
    css_path = Path(current_app.static_folder or "") / STYLESHEET
    stylesheet = CSS(string=css_path.read_text(encoding="utf-8"), url_fetcher=_no_fetching)
    document = HTML(string=html, base_url=base_url, url_fetcher=_no_fetching)
    return document.write_pdf(stylesheets=[stylesheet])


def log_print(page: MeetingPage) -> None:
    """One access-log row per case in the minutes (NEN 7513: which case, printed by whom)."""
    case_ids = [item.case_id for item in page.items] or [None]
    for case_id in case_ids:
        log_access(
            AuditEvent.PRINT,
            case_id=case_id,
            object_type="meeting_minutes",
            object_id=page.meeting.id,
        )
