"""The monitor's wachttijden (issue 25.5): the search domain's ``waiting_figures`` for the
searches opened in the monitor's period, shown with the same partial as ``/zoektochten``
(``search/_waiting.html``). Region-wide figures: a gemeente's consulent does not get them,
as they are not split by gemeente."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from caseflow.monitor.periods import Period
from caseflow.search import labels
from caseflow.search.figures import waiting_figures


def waiting_section(period: Period, *, scoped: bool = False) -> dict[str, Any] | None:
    """The context of the partial, or None for a gemeente-scoped reader."""
    if scoped:
        return None
    # waiting_figures takes inclusive dates; a period ends the day before ``end``.
    figures = waiting_figures(since=period.start, until=period.end - timedelta(days=1))
    return {"waiting": figures, "labels": labels}
