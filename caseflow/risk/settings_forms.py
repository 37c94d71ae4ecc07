"""The chair's form for the region's risk settings: every threshold, a severity per rule, and
why. Numbers are text fields so that bad input comes back as typed, with a Dutch message
next to it (``settings.validate``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField

from caseflow.risk.config import NUMBERS
from caseflow.risk.rules import CODES

THRESHOLD_LABELS = {
    "placements_12m": _l("Plaatsingen in de periode (aantal, vanaf)"),
    "placements_window_months": _l("Periode voor plaatsingen (maanden)"),
    "placements_total": _l("Plaatsingen in totaal (aantal, vanaf)"),
    "unplanned_window_months": _l("Periode voor eerder gestopte plaatsingen (maanden)"),
    "short_stay_weeks": _l("Kortdurend verblijf hooguit (weken)"),
    "waiting_weeks": _l("Wachten op een plek hooguit (weken)"),
    "older_age": _l("Leeftijd vanaf (jaar)"),
    "crises": _l("Crises in de periode (aantal, vanaf)"),
    "crisis_window_days": _l("Periode voor crises (dagen)"),
    "regisseur_changes": _l("Wisselingen van casusregisseur (aantal, vanaf)"),
    "regisseur_window_months": _l("Periode voor wisselingen (maanden)"),
    "default_follow_up_weeks": _l("Ritme blijven volgen als niets is afgesproken (weken)"),
}


class SettingsForm(FlaskForm):
    reason = TextAreaField(_l("Waarom deze wijziging?"), render_kw={"rows": 2})
    save = SubmitField(_l("Opslaan"))
    derive = SubmitField(_l("Ernst afleiden uit de backtest"))


for _name in NUMBERS:
    setattr(SettingsForm, _name, StringField(THRESHOLD_LABELS[_name]))
for _code in CODES:
    setattr(SettingsForm, f"ernst_{_code}", SelectField(_l("Ernst"), validate_choice=False))
