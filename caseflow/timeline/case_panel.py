"""The timeline's parts of pages: the event form's choices, the picture of a case's timeline,
and the case page's timeline panel (registered in ``timeline/hooks.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.auth.models import Organisation
from caseflow.cases.models import Case
from caseflow.core.formatting import day
from caseflow.extensions import db
from caseflow.timeline import queries
from caseflow.timeline.forms import EventForm
from caseflow.timeline.placements import case_placements, doorplaatsingen, shown_placements
from caseflow.timeline.services import is_follow_up_overdue
from caseflow.timeline.svg import render_timeline_svg
from caseflow.timeline.svg_phone import render_timeline_phone_svg
from caseflow.timeline.titles import display_title


def organisation_choices() -> list[tuple[int, str]]:
    query = select(Organisation.id, Organisation.name).order_by(Organisation.name, Organisation.id)
    return [(id_, name) for id_, name in db.session.execute(query)]


def prepare_event_form(
    form: EventForm, case: Case, *, quick: bool = False, placements: list | None = None
) -> EventForm:
    """``quick``: the quick-log form of the case and timeline pages, which asks no organisations
    (a national region has hundreds; the full form at /events/new lists them). ``placements``:
    the case's current placements when the caller has them already."""
    form.organisations.choices = [] if quick else organisation_choices()
    if placements is None:
        placements = case_placements(case)
    form.placement.choices = [(0, _("(geen)"))] + [
        (p.id, f"{day(p.start_date)} {p.provider_name}") for p in placements
    ]
    return form



def timeline_svg_for(
    case: Case,
    as_of: date | None = None,
    rows: list[queries.TimelineRow] | list[queries.OutlineRow] | None = None,
    placements: list | None = None,
    *,
    phases: bool = True,
    phone: bool = False,
) -> str:
    """The picture of the whole timeline (as known on ``as_of``); filters do not apply to it.
    ``phases=False`` leaves out the phase bands (a former member's picture of their own events).
    ``phone=True`` (pages, not the .svg file) adds the vertical phone rendering after the
    landscape one; caseflow.css shows one of the two by screen width."""
    if rows is None:
        rows = (
            queries.timeline_outline(case)
            if as_of is None
            else queries.timeline_rows(case, queries.TimelineFilters(as_of=as_of))
        )
    if placements is None:
        placements = queries.placements_as_of(case, as_of)
    today = as_of or date.today()
    periods = queries.phase_periods(case, today) if phases else []
    title = _("Tijdlijn van %(ref)s", ref=case.reference)
    if not phone:
        return render_timeline_svg(placements, rows, periods, today=today, title=title)
    # Both pictures show the same titles: translated once.
    titles = [display_title(row) for row in rows]
    wide = render_timeline_svg(placements, rows, periods, today=today, title=title, titles=titles)
    narrow = render_timeline_phone_svg(
        placements, rows, periods, today=today, title=title, titles=titles
    )
    return f'<div class="timeline-wide">{wide}</div><div class="timeline-phone">{narrow}</div>'


def timeline_context(case: Case) -> dict[str, Any]:
    """What the case page shows of the timeline: the picture, the latest events, the quick form
    (3 queries: events, placements, phase history; the last two shared with other panels)."""
    rows = queries.timeline_outline(case)
    placements = shown_placements(case)
    return {
        "timeline_svg": timeline_svg_for(case, None, rows, placements, phone=True),
        "recent_events": rows[-8:][::-1],
        "placements": placements,
        "doorplaatsingen": doorplaatsingen(placements),
        "event_form": prepare_event_form(
            EventForm(formdata=None), case, quick=True, placements=placements
        ),
        "follow_up_overdue": is_follow_up_overdue(case),
    }


def own_entries_context(case: Case, access: Any) -> dict[str, Any]:
    """The page of a former member: only the events they recorded themselves."""
    return {"events": queries.own_entries(case, access)}
