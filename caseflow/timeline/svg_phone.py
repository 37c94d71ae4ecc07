"""The timeline picture for a phone (issue 23): time runs down the screen in one lane, so a
narrow screen shows a child's placements at a readable size instead of a landscape strip
shrunk to a third. Same data and same visual language as ``svg.py`` (hatched = outside the
region, dashed with a cross = unplanned ending, triangles = crises); the page shows it only
below 576 px (caseflow.css, "phone" section) and prints the landscape picture.

Its ids differ from the landscape picture's, because both are in the same page.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from flask_babel import gettext as _

from caseflow.timeline.models import EventKind, Placement, PlacementType
from caseflow.timeline.queries import OutlineRow, TimelineRow
from caseflow.timeline.svg import IN_REGION, PHASE_COLOURS, SHORT_LABELS, _span
from caseflow.timeline.titles import display_title
from caseflow.timeline.vocab import EVENT_KIND_LABELS, PLACEMENT_TYPE_LABELS

WIDTH = 310  # about a phone's CSS width: text in the picture stays near its own size
TOP = 14
AXIS = 58  # the time axis; dates to its left
EVENTS_X = 68
BARS_X = 80
BAR = 14
LINE = 13  # height of one label line
LABEL_CHARS = 26


def DESC() -> str:  # noqa: N802 - reads like the constant of svg.py
    return _("Van boven (eerst) naar beneden (nu); de tabel bevat dezelfde gegevens.")


def render_timeline_phone_svg(
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
    body = min(max(days * 0.5, 360), 1400)  # long histories stay scrollable, short ones readable
    scale = body / days

    def y(day: date) -> float:
        return TOP + (min(max(day, start), end) - start).days * scale

    bottom = TOP + body
    columns = _columns(placements, today)
    labels_x = BARS_X + (max(columns.values(), default=0) + 1) * (BAR + 2) + 6
    legend_y = bottom + 24
    height = legend_y + 6 * 18 + 6
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'class="timeline-svg-phone" role="img" '
        f'aria-labelledby="tlp-title tlp-desc" font-family="system-ui, sans-serif" font-size="11">',
        f'<title id="tlp-title">{escape(title)}</title>',
        f'<desc id="tlp-desc">{escape(DESC())}</desc>',
        '<defs><pattern id="hatch-phone" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#b35c00"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>',
    ]
    for phase, begin, finish in periods:  # background bands per phase, label at the right
        y1, y2 = y(begin), y(max(finish, begin + timedelta(days=1)))
        out.append(
            f'<g class="phase-band" data-phase="{phase}"><rect x="{AXIS}" y="{y1:.1f}" '
            f'width="{WIDTH - AXIS}" height="{max(y2 - y1, 1):.1f}" '
            f'fill="{PHASE_COLOURS.get(phase, "#fff")}"/>'
        )
        if y2 - y1 >= LINE:
            out.append(f'<text x="{WIDTH - 4}" y="{y1 + 11:.1f}" text-anchor="end" fill="#555">'
                       f"{escape(str(SHORT_LABELS[phase]))}</text>")
        out.append("</g>")
    out += _axis(start, end, y, bottom)
    next_label = 0.0
    for placement in sorted(placements, key=lambda p: (p.start_date, p.id or 0)):
        x = BARS_X + columns[id(placement)] * (BAR + 2)
        label_y = max(y(placement.start_date) + 10, next_label)
        next_label = label_y + LINE
        out.append(_bar(placement, x, y, today, labels_x, label_y))
    kind_labels = {str(kind): str(label) for kind, label in EVENT_KIND_LABELS.items()}
    shown = titles if titles is not None else [display_title(row) for row in rows]
    for index, row in enumerate(rows):
        if row.retracted and not start <= row.occurred_on <= end:
            continue
        out.append(_marker(row, y(row.occurred_on), kind_labels, shown[index]))
    out += _legend(legend_y)
    out.append("</svg>")
    return "".join(out)


def _columns(placements: list[Placement], today: date) -> dict[int, int]:
    """One lane; placements at the same time (school and a home) sit side by side in it."""
    ends: list[date] = []
    columns: dict[int, int] = {}
    for placement in sorted(placements, key=lambda p: (p.start_date, p.id or 0)):
        finish = placement.actual_end or today
        free = next((i for i, e in enumerate(ends) if e <= placement.start_date), None)
        if free is None:
            ends.append(finish)
            free = len(ends) - 1
        else:
            ends[free] = finish
        columns[id(placement)] = free
    return columns


def _axis(start: date, end: date, y, bottom: float) -> list[str]:
    parts = [f'<line x1="{AXIS}" y1="{TOP}" x2="{AXIS}" y2="{bottom:.1f}" stroke="#888"/>']
    step_months = 1 if (end - start).days < 400 else (3 if (end - start).days < 1500 else 12)
    month = date(start.year, start.month, 1)
    last = -LINE
    while month <= end:
        ypos = y(month)
        if ypos - last >= LINE:  # no labels on top of each other
            label = f"{month.year}" if month.month == 1 or step_months == 12 else f"{month:%m-%Y}"
            parts.append(
                f'<line x1="{AXIS - 4}" y1="{ypos:.1f}" x2="{AXIS}" y2="{ypos:.1f}" '
                f'stroke="#888"/><text x="{AXIS - 6}" y="{ypos + 4:.1f}" text-anchor="end" '
                f'fill="#444">{label}</text>'
            )
            last = ypos
        total = month.month - 1 + step_months
        month = date(month.year + total // 12, total % 12 + 1, 1)
    return parts


def _bar(placement: Placement, x: float, y, today: date, label_x: float, label_y: float) -> str:
    y1 = y(placement.start_date)
    length = max(y(placement.actual_end or today) - y1, 3)
    fill = IN_REGION if placement.in_region else "url(#hatch-phone)"
    dashed = ' stroke-dasharray="4 2"' if placement.unplanned else ""
    kind = str(PLACEMENT_TYPE_LABELS[PlacementType(placement.type)])
    until = placement.actual_end.strftime("%d-%m-%Y") if placement.actual_end else "…"
    full = f"{kind}, {placement.provider_name}, {placement.start_date:%d-%m-%Y} – {until}"
    short = f"{kind} · {placement.provider_name}"
    if len(short) > LABEL_CHARS:
        short = short[: LABEL_CHARS - 1] + "…"
    parts = [
        f'<g class="placement-bar" data-placement-id="{placement.id}" '
        f'data-region="{"in" if placement.in_region else "out"}" '
        f'data-ending="{placement.ending or "running"}"><title>{escape(full)}</title>',
        f'<rect x="{x:.1f}" y="{y1:.1f}" width="{BAR}" height="{length:.1f}" rx="3" '
        f'fill="{fill}" stroke="#222"{dashed}/>',
        f'<text x="{label_x:.1f}" y="{label_y:.1f}">{escape(short)}</text>',
    ]
    end_y = y1 + length
    if placement.unplanned:
        parts.append(f'<path d="M{x + 2:.1f},{end_y - 5:.1f} l10,10 m0,-10 l-10,10" '
                     f'stroke="#c92a2a" stroke-width="2.5"/>')
    elif placement.actual_end is None:
        parts.append(f'<path d="M{x:.1f},{end_y:.1f} l{BAR},0 l-{BAR / 2},7 z" fill="#222"/>')
    parts.append("</g>")
    return "".join(parts)


def _marker(
    row: TimelineRow | OutlineRow, ypos: float, kind_labels: dict[str, str], title: str
) -> str:
    label = escape(f"{row.occurred_on:%d-%m-%Y} {kind_labels[row.kind]}: {title}")
    opacity = ' opacity="0.35"' if row.retracted else ""
    x = EVENTS_X
    if row.kind == EventKind.CRISIS:
        shape = f'<path d="M{x},{ypos - 7:.1f} l6,11 h-12 z" fill="#c92a2a"{opacity}/>'
    elif row.kind in (EventKind.FASE, EventKind.BESLUIT):
        shape = (f'<rect x="{x - 4}" y="{ypos - 4:.1f}" width="8" height="8" fill="#333" '
                 f'transform="rotate(45 {x} {ypos:.1f})"{opacity}/>')
    else:
        shape = f'<circle cx="{x}" cy="{ypos:.1f}" r="4" fill="#495057"{opacity}/>'
    return (f'<g class="event-marker" data-event-id="{row.event_id}" data-kind="{row.kind}">'
            f"<title>{label}</title>{shape}</g>")


def _legend(y: float) -> list[str]:
    """The same legend as the landscape picture, one item a line."""
    items = [
        (f'<rect y="-9" width="22" height="10" fill="{IN_REGION}" stroke="#222"/>',
         _("binnen de regio")),
        ('<rect y="-9" width="22" height="10" fill="url(#hatch-phone)" stroke="#222"/>',
         _("buiten de regio (gearceerd)")),
        ('<rect y="-9" width="22" height="10" fill="#ddd" stroke="#222" stroke-dasharray="4 2"/>'
         '<path d="M17,-11 l10,10 m0,-10 l-10,10" stroke="#c92a2a" stroke-width="2.5"/>',
         _("onplanmatig beëindigd")),
        ('<path d="M11,-11 l6,11 h-12 z" fill="#c92a2a"/>', _("crisis")),
        ('<rect x="7" y="-8" width="8" height="8" fill="#333" transform="rotate(45 11 -4)"/>',
         _("fase of besluit")),
        ('<circle cx="11" cy="-4" r="4" fill="#495057"/>', _("gebeurtenis")),
    ]
    parts = [f'<g class="legend" transform="translate(8,{y:.0f})">']
    for index, (shape, text) in enumerate(items):
        parts.append(f'<g transform="translate(0,{index * 18})">{shape}'
                     f'<text x="34" y="0">{escape(text)}</text></g>')
    parts.append("</g>")
    return parts
