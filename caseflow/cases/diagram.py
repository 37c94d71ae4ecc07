"""The state diagram at /workflow, drawn from ``workflow.TRANSITIONS`` itself so it cannot drift
from the machine. Open phases stand in a row; forward moves are arrows between neighbours, loops
back are arcs below the row, and closing (from every phase) leads down to 'afgesloten'."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from flask_babel import gettext as _

from caseflow.cases.vocab import PHASE_LABELS, TRIGGER_LABELS
from caseflow.cases.workflow import GUARD_MESSAGES, OPEN_PHASES, TRANSITIONS, Phase, Trigger

BOX_W, BOX_H, GAP = 150, 56, 60
TOP = 90
LEFT = 20


def _x(phase: Phase) -> float:
    return LEFT + OPEN_PHASES.index(phase) * (BOX_W + GAP)


def _edges() -> list[tuple[Phase, Phase, Trigger]]:
    edges = []
    for transition in TRANSITIONS:
        sources = transition["source"]
        for source in sources if isinstance(sources, list) else [sources]:
            edges.append((Phase(source), Phase(transition["dest"]), Trigger(transition["trigger"])))
    return edges


def workflow_svg() -> str:
    width = LEFT * 2 + len(OPEN_PHASES) * BOX_W + (len(OPEN_PHASES) - 1) * GAP
    closed_x, closed_y = width / 2 - BOX_W / 2, TOP + BOX_H + 250
    height = closed_y + BOX_H + 30
    title = _("Fasen van een casus en de toegestane stappen")  # not in an f-string: extracted
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-labelledby="wf-title" font-family="system-ui, sans-serif" '
        f'font-size="12">',
        f'<title id="wf-title">{escape(title)}</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#333"/></marker></defs>',
    ]
    for phase in OPEN_PHASES:
        parts.append(_box(_x(phase), TOP, phase, "#e7f1ff"))
    parts.append(_box(closed_x, closed_y, Phase.AFGESLOTEN, "#eeeeee"))
    loop_depth = 0
    for source, dest, trigger in _edges():
        label = escape(str(TRIGGER_LABELS[trigger]))
        if dest is Phase.AFGESLOTEN:
            x1, y1 = _x(source) + BOX_W / 2, TOP + BOX_H
            parts.append(_line(x1, y1, closed_x + BOX_W / 2, closed_y, "#999", dashed=True,
                               name=f"{source}-{trigger}"))
            continue
        if source is Phase.AFGESLOTEN:
            x2, y2 = _x(dest) + BOX_W / 2 - 20, TOP + BOX_H
            parts.append(
                f'<path class="edge" data-edge="{source}-{trigger}" d="M{closed_x:.0f},'
                f'{closed_y + BOX_H / 2:.0f} C{x2 - 40:.0f},{closed_y:.0f} {x2:.0f},'
                f'{y2 + 120:.0f} {x2:.0f},{y2:.0f}" fill="none" stroke="#555" '
                f'marker-end="url(#arrow)"/>'
                f'<text x="{x2 + 6:.0f}" y="{closed_y - 20:.0f}">{label}</text>'
            )
            continue
        i, j = OPEN_PHASES.index(source), OPEN_PHASES.index(dest)
        if j == i + 1:
            x1, x2, y = _x(source) + BOX_W, _x(dest), TOP + BOX_H / 2
            parts.append(_line(x1, y, x2, y, "#333", name=f"{source}-{trigger}"))
            parts.append(
                f'<text x="{(x1 + x2) / 2:.0f}" y="{TOP - 14 - (i % 2) * 16:.0f}" '
                f'text-anchor="middle">{label}</text>'
            )
        else:
            loop_depth += 1
            x1, x2 = _x(source) + BOX_W / 2 + 12, _x(dest) + BOX_W / 2 + 12
            y, dip = TOP + BOX_H, 40 + loop_depth * 34
            parts.append(
                f'<path class="edge" data-edge="{source}-{trigger}" d="M{x1:.0f},{y:.0f} '
                f'C{x1:.0f},{y + dip:.0f} {x2:.0f},{y + dip:.0f} {x2:.0f},{y:.0f}" fill="none" '
                f'stroke="#b35900" marker-end="url(#arrow)"/>'
                f'<text x="{(x1 + x2) / 2:.0f}" y="{y + dip * 0.75 + 4:.0f}" text-anchor="middle" '
                f'fill="#8a4500">{label}</text>'
            )
    closing = escape(_("%(step)s — vanuit elke fase, met reden",
                       step=TRIGGER_LABELS[Trigger.AFSLUITEN]))
    parts.append(
        f'<text x="{closed_x + BOX_W + 10:.0f}" y="{closed_y + 20:.0f}" fill="#555">'
        f"{closing}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def _box(x: float, y: float, phase: Phase, fill: str) -> str:
    return (
        f'<g class="phase" data-phase="{phase}"><rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" '
        f'height="{BOX_H}" rx="8" fill="{fill}" stroke="#0b4f9c"/>'
        f'<text x="{x + BOX_W / 2:.0f}" y="{y + BOX_H / 2 + 4:.0f}" text-anchor="middle" '
        f'font-weight="bold">{escape(str(PHASE_LABELS[phase]))}</text></g>'
    )


def _line(x1, y1, x2, y2, colour: str, *, dashed: bool = False, name: str = "") -> str:
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    return (
        f'<line class="edge" data-edge="{name}" x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" '
        f'y2="{y2:.0f}" stroke="{colour}"{dash} marker-end="url(#arrow)"/>'
    )


@dataclass(frozen=True)
class TransitionRow:
    """One step of the machine, for the diagram's text version on /workflow (WCAG 1.1.1)."""

    sources: tuple[Phase, ...]
    trigger: Trigger
    dest: Phase
    conditions: tuple[str, ...]  # message ids of GUARD_MESSAGES, translated in the template

    @property
    def from_every_open_phase(self) -> bool:
        return set(self.sources) == set(OPEN_PHASES)


def transition_rows() -> list[TransitionRow]:
    """Every transition of ``workflow.TRANSITIONS`` in its order, the same source as the picture."""
    rows = []
    for transition in TRANSITIONS:
        sources = transition["source"]
        rows.append(TransitionRow(
            tuple(Phase(s) for s in (sources if isinstance(sources, list) else [sources])),
            Trigger(transition["trigger"]), Phase(transition["dest"]),
            tuple(GUARD_MESSAGES[c] for c in transition.get("conditions", [])),
        ))
    return rows
