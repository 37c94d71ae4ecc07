"""The visual timeline of a case as server-rendered SVG: phases as background bands, placements
as bars in lanes per type, events as markers — so a child's 'gehop' is visible at a glance.

Colour never carries meaning alone: outside-region bars are hatched, unplanned endings get a
cross and a dashed outline, crises are triangles; the page also shows the same data as a table.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from caseflow.core.formatting import day
from caseflow.timeline.models import EventKind, Placement, PlacementType
from caseflow.timeline.queries import OutlineRow, TimelineRow
from caseflow.timeline.titles import display_title
from caseflow.timeline.vocab import END_REASON_LABELS, EVENT_KIND_LABELS, PLACEMENT_TYPE_LABELS

WIDTH = 1120  # about A4 landscape at 96 dpi minus margins
LEFT = 170
RIGHT = 20
TOP = 34
LANE = 30
EVENT_LANE = 40
PHASE_COLOURS = {
    "aanmelding": "#f1f3f5",
    "verklarende_analyse": "#e7f5ff",
    "ret_bespreking": "#fff4e6",
    "plaatsing": "#f3f0ff",
    "blijven_volgen": "#ebfbee",
    "evaluatie": "#fff9db",
    "afgesloten": "#f8f9fa",
}
IN_REGION = "#1c5d99"
LABEL_CHAR = 6.2  # px per character of an 11 px system-ui label (a generous average)
OUT_REGION = "#b35c00"
SHORT_LABELS = {
    "aanmelding": _l("Aanm."),
    "verklarende_analyse": _l("Analyse"),
    "ret_bespreking": _l("RET"),
    "plaatsing": _l("Plaatsing"),
    "blijven_volgen": _l("Volgen"),
    "evaluatie": _l("Evaluatie"),
    "afgesloten": _l("Afgesloten"),
}


def _lane_label(label: str, y: int) -> str:
    """A lane's name at the left; one longer than the margin holds (English names mostly:
    "Secure youth care (JeugdzorgPlus)") is shortened with an ellipsis, whole in its tooltip."""
    room = int((LEFT - 12) / LABEL_CHAR)
    shown = label if len(label) <= room else label[: room - 1].rstrip() + "…"
    return (f'<text x="{LEFT - 8}" y="{y + 19}" text-anchor="end"><title>{escape(label)}</title>'
            f"{escape(shown)}</text>")


def description(placements: int, events: int) -> str:
    """The picture's text alternative, in the reader's language with both plurals right."""
    return _(
        "%(placements)s en %(events)s; zie de tabel onder de figuur voor dezelfde gegevens.",
        placements=ngettext("%(num)d plaatsing", "%(num)d plaatsingen", placements),
        events=ngettext("%(num)d gebeurtenis", "%(num)d gebeurtenissen", events),
    )


def _span(
    placements: list[Placement],
    rows: list[TimelineRow] | list[OutlineRow],
    periods: list[tuple[str, date, date]],
    today: date,
) -> tuple[date, date]:
    # Retracted events do not count: a mistake (1999 for a child born in 2012) that was
    # withdrawn must not squeeze the picture for good.
    dates = [p.start_date for p in placements] + [r.occurred_on for r in rows if not r.retracted]
    dates += [start for _phase, start, _end in periods]
    first = min(dates, default=today - timedelta(days=365))
    first = min(first, today - timedelta(days=60))
    return date(first.year, first.month, 1), today + timedelta(days=14)


def render_timeline_svg(
    placements: list[Placement],
    rows: list[TimelineRow] | list[OutlineRow],
    periods: list[tuple[str, date, date]],
    *,
    today: date,
    title: str,
    titles: list[str] | None = None,
) -> str:
    """``titles``: each row's ``display_title`` when the caller has them (the case page draws
    two pictures of the same rows)."""
    start, end = _span(placements, rows, periods, today)
    days = max((end - start).days, 1)
    scale = (WIDTH - LEFT - RIGHT) / days

    def x(day: date) -> float:
        return LEFT + (min(max(day, start), end) - start).days * scale

    lanes = list(dict.fromkeys(p.type for p in placements))
    height = TOP + max(len(lanes), 1) * LANE + EVENT_LANE + 70
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="timeline-svg" role="img" aria-labelledby="tl-title tl-desc" '
        f'font-family="system-ui, sans-serif" font-size="11">',
        f'<title id="tl-title">{escape(title)}</title>',
        f'<desc id="tl-desc">{escape(description(len(placements), len(rows)))}</desc>',
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#b35c00"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>',
    ]
    body_bottom = TOP + max(len(lanes), 1) * LANE + EVENT_LANE
    for phase, begin, finish in periods:  # background bands per phase
        x1, x2 = x(begin), x(max(finish, begin + timedelta(days=1)))
        label = escape(str(SHORT_LABELS[phase]))
        # A band too narrow for its label shows none (it ran into the next band's): the
        # label stays as the band's tooltip, and the table below has every phase move.
        fits = x2 - x1 >= LABEL_CHAR * len(label) + 4
        out.append(
            f'<g class="phase-band" data-phase="{phase}"><title>{label}</title>'
            f'<rect x="{x1:.1f}" y="{TOP - 14}" '
            f'width="{max(x2 - x1, 1):.1f}" height="{body_bottom - TOP + 14}" '
            f'fill="{PHASE_COLOURS.get(phase, "#fff")}"/>'
            + (f'<text x="{x1 + 2:.1f}" y="{TOP - 4}" fill="#555">{label}</text>' if fits else "")
            + "</g>"
        )
    out += _axis(start, end, x, body_bottom)
    for index, lane in enumerate(lanes):
        y = TOP + index * LANE
        out.append(_lane_label(str(PLACEMENT_TYPE_LABELS[PlacementType(lane)]), y))
    for placement in placements:
        out.append(_bar(placement, TOP + lanes.index(placement.type) * LANE, x, today))
    events_y = TOP + max(len(lanes), 1) * LANE + 18
    events_label = escape(_("Gebeurtenissen"))
    out.append(f'<text x="{LEFT - 8}" y="{events_y + 4}" text-anchor="end">{events_label}</text>')
    # Labels are lazy strings (one translation lookup each): resolve them once, not per marker.
    kind_labels = {str(kind): str(label) for kind, label in EVENT_KIND_LABELS.items()}
    shown = titles if titles is not None else [display_title(row) for row in rows]
    for index, row in enumerate(rows):
        if row.retracted and not start <= row.occurred_on <= end:
            continue  # a withdrawn mistake outside the range: only in the table, struck through
        out.append(_marker(row, x(row.occurred_on), events_y, kind_labels, shown[index]))
    out += _legend(body_bottom + 34)
    out.append("</svg>")
    return "".join(out)


def month_label(month: date) -> str:
    """"mrt 2026" / "Mar 2026": the axis in the reader's language."""
    return format_date(month, "LLL y")


def _axis(start: date, end: date, x, bottom: int) -> list[str]:
    parts = []
    step_months = 1 if (end - start).days < 400 else (3 if (end - start).days < 1500 else 12)
    month = date(start.year, start.month, 1)
    while month <= end:
        xpos = x(month)
        label = f"{month.year}" if month.month == 1 or step_months == 12 else month_label(month)
        parts.append(
            f'<line x1="{xpos:.1f}" y1="{bottom}" x2="{xpos:.1f}" y2="{bottom + 5}" '
            f'stroke="#888"/><text x="{xpos:.1f}" y="{bottom + 16}" text-anchor="middle" '
            f'fill="#444">{label}</text>'
        )
        total = month.month - 1 + step_months
        month = date(month.year + total // 12, total % 12 + 1, 1)
    parts.append(
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#888"/>'
    )
    return parts


def _bar(placement: Placement, y: int, x, today: date) -> str:
    x1 = x(placement.start_date)
    x2 = x(placement.actual_end or today)
    width = max(x2 - x1, 3)
    fill = IN_REGION if placement.in_region else "url(#hatch)"
    dashed = ' stroke-dasharray="4 2"' if placement.unplanned else ""
    region = _("binnen de regio") if placement.in_region else _("buiten de regio")
    if placement.actual_end is None:
        ending = _("loopt nog")
    elif placement.unplanned:
        ending = _("onplanmatig beëindigd (%(reason)s)", reason=_end_reason(placement))
    else:
        ending = _("volgens plan beëindigd")
    until = day(placement.actual_end) if placement.actual_end else _("heden")
    label = (
        f"{PLACEMENT_TYPE_LABELS[PlacementType(placement.type)]}, {placement.provider_name}, "
        f"{day(placement.start_date)} – {until}, {region}, {ending}"
    )
    parts = [
        f'<g class="placement-bar" data-placement-id="{placement.id}" '
        f'data-region="{"in" if placement.in_region else "out"}" '
        f'data-ending="{placement.ending or "running"}"><title>{escape(label)}</title>',
        f'<rect x="{x1:.1f}" y="{y + 6}" width="{width:.1f}" height="18" rx="3" fill="{fill}" '
        f'stroke="#222"{dashed}/>',
    ]
    if placement.unplanned:
        cx = x1 + width
        parts.append(
            f'<path d="M{cx - 5:.1f},{y + 3} l10,10 m0,-10 l-10,10" stroke="#c92a2a" '
            f'stroke-width="2.5"/>'
        )
    elif placement.actual_end is None:
        parts.append(f'<path d="M{x1 + width:.1f},{y + 6} l6,9 l-6,9 z" fill="#222"/>')
    parts.append("</g>")
    return "".join(parts)


def _marker(
    row: TimelineRow | OutlineRow, xpos: float, y: int, kind_labels: dict[str, str], title: str
) -> str:
    label = escape(f"{day(row.occurred_on)} {kind_labels[row.kind]}: {title}")
    opacity = ' opacity="0.35"' if row.retracted else ""
    if row.kind == EventKind.CRISIS:
        shape = f'<path d="M{xpos:.1f},{y - 7} l6,11 h-12 z" fill="#c92a2a"{opacity}/>'
    elif row.kind in (EventKind.FASE, EventKind.BESLUIT):
        shape = (
            f'<rect x="{xpos - 4:.1f}" y="{y - 4}" width="8" height="8" fill="#333" '
            f'transform="rotate(45 {xpos:.1f} {y})"{opacity}/>'
        )
    else:
        shape = f'<circle cx="{xpos:.1f}" cy="{y}" r="4" fill="#495057"{opacity}/>'
    return (
        f'<g class="event-marker" data-event-id="{row.event_id}" data-kind="{row.kind}">'
        f"<title>{label}</title>{shape}</g>"
    )


def _end_reason(placement: Placement) -> str:
    reason = placement.end_reason
    return str(END_REASON_LABELS.get(reason, reason)) if reason else "—"


def _legend(y: int) -> list[str]:
    # Babel (on Python 3.11) does not extract _() inside f-strings: translate first.
    texts = [escape(str(t)) for t in (
        _("binnen de regio"), _("buiten de regio (gearceerd)"), _("onplanmatig beëindigd"),
        _("crisis"), _("fase of besluit"), _("gebeurtenis"),
    )]
    inside, outside, unplanned, crisis, phase, event = texts
    return [
        f'<g class="legend" transform="translate({LEFT},{y})">',
        f'<rect width="22" height="10" fill="{IN_REGION}" stroke="#222"/>'
        f'<text x="28" y="9">{inside}</text>',
        '<rect x="130" width="22" height="10" fill="url(#hatch)" stroke="#222"/>'
        f'<text x="158" y="9">{outside}</text>',
        '<rect x="330" width="22" height="10" fill="#ddd" stroke="#222" '
        'stroke-dasharray="4 2"/><path d="M347,-2 l10,10 m0,-10 l-10,10" stroke="#c92a2a" '
        f'stroke-width="2.5"/><text x="364" y="9">{unplanned}</text>',
        '<path d="M530,-2 l6,11 h-12 z" fill="#c92a2a"/>'
        f'<text x="542" y="9">{crisis}</text>',
        '<rect x="596" y="0" width="8" height="8" fill="#333" transform="rotate(45 600 4)"/>'
        f'<text x="612" y="9">{phase}</text>',
        '<circle cx="714" cy="4" r="4" fill="#495057"/>'
        f'<text x="724" y="9">{event}</text>',
        "</g>",
    ]
