"""The thresholds of the risk rules, in one place. Override any of them in ``instance/config.py``:

    RISK_THRESHOLDS = {"placements_12m": 4, "crisis_window_days": 60}
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from flask import current_app, has_app_context


@dataclass(frozen=True)
class Thresholds:
    placements_12m: int = 3  # veel_plaatsingen_12m: this many or more started in the window
    placements_window_months: int = 12
    placements_total: int = 4  # veel_plaatsingen_totaal: this many or more in the history
    unplanned_window_months: int = 12  # onplanmatig_beeindigd
    short_stay_weeks: int = 8  # tijdelijk_te_lang: still running after (more than) this
    waiting_weeks: int = 12  # lang_wachten: more than this
    older_age: int = 12  # oudere_jeugdige_gedrag: this age or older at the placement's start
    behaviour_area: str = "gedrag"
    crises: int = 2  # crises_recent: this many or more in the window
    crisis_window_days: int = 90
    regisseur_changes: int = 2  # wisseling_regisseur: this many or more in the window
    regisseur_window_months: int = 12
    default_follow_up_weeks: int = 6


DEFAULTS = Thresholds()
NAMES = frozenset(f.name for f in fields(Thresholds))


def thresholds(overrides: dict[str, Any] | None = None) -> Thresholds:
    """The defaults, then the app's ``RISK_THRESHOLDS``, then ``overrides``."""
    values: dict[str, Any] = {}
    if has_app_context():
        values.update(current_app.config.get("RISK_THRESHOLDS") or {})
    values.update(overrides or {})
    unknown = set(values) - NAMES
    if unknown:
        raise ValueError(f"Onbekende risicodrempel(s): {', '.join(sorted(unknown))}")
    return replace(DEFAULTS, **values)
