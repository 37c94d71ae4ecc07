"""Labels of the flag codes and severities (the codes themselves are fixed, see rules.py), and
the explanations in the reader's language. The labels are written to be read aloud with the
young person and the parents at the table: what was seen, not a verdict on the child."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

# %(name)s: the region's current threshold of that name (config.Thresholds)
CODE_LABELS = {
    "veel_plaatsingen_12m": _l(
        "%(placements_12m)s of meer plaatsingen gestart in de afgelopen "
        "%(placements_window_months)s maanden"
    ),
    "veel_plaatsingen_totaal": _l(
        "%(placements_total)s of meer plaatsingen sinds de start van de hulp"
    ),
    "onplanmatig_beeindigd": _l(
        "Een plaatsing stopte eerder dan gepland, in de afgelopen %(unplanned_window_months)s "
        "maanden"
    ),
    "tijdelijk_te_lang": _l("Een kortdurend verblijf duurt langer dan %(short_stay_weeks)s weken"),
    "buiten_regio": _l("De huidige plek is buiten de eigen regio"),
    "lang_wachten": _l("Langer dan %(waiting_weeks)s weken wachten op een plek"),
    "oudere_jeugdige_gedrag": _l(
        "%(older_age)s jaar of ouder en gedrag als zorg bij de start van de plaatsing"
    ),
    "crises_recent": _l("%(crises)s of meer crises in de afgelopen %(crisis_window_days)s dagen"),
    "geen_analyse_voor_plaatsing": _l("Geplaatst voordat er een verklarende analyse was"),
    "volgen_verlopen": _l("Het afgesproken contact bij blijven volgen is over tijd"),
    "wisseling_regisseur": _l(
        "%(regisseur_changes)s of meer wisselingen van casusregisseur in de afgelopen "
        "%(regisseur_window_months)s maanden"
    ),
}
SEVERITY_LABELS = {
    "hoog": _l("hoog"), "midden": _l("midden"), "laag": _l("laag"), "informatie": _l("informatie"),
}
SEVERITY_CLASSES = {
    "hoog": "text-bg-danger", "midden": "text-bg-warning", "laag": "text-bg-info",
    "informatie": "text-bg-light border",
}
SHOWN = frozenset({"hoog", "midden", "laag"})  # on the start page and the overview


def code_label(code: str) -> str:
    """The rule's label with the region's current numbers in it."""
    from dataclasses import asdict

    from caseflow.risk.config import thresholds

    label = CODE_LABELS.get(code)
    if label is None:
        return code
    try:
        return str(label) % asdict(thresholds())
    except (KeyError, ValueError, TypeError):  # a translation with a broken placeholder
        return str(label)


def severity_label(severity: str) -> str:
    return str(SEVERITY_LABELS.get(severity, severity))


# Messages stored before plurals were told apart (rules.NP_): their old msgid → the pair now.
OLD_PLURALS = {
    "%(count)s plaatsing(en) onplanmatig beëindigd in de laatste %(months)s maanden, "
    "het laatst op %(last)s.": (
        "%(count)s plaatsing onplanmatig beëindigd in de laatste %(months)s maanden, op %(last)s.",
        "%(count)s plaatsingen onplanmatig beëindigd in de laatste %(months)s maanden, "
        "het laatst op %(last)s.",
    ),
}


def _value(value: Any) -> Any:
    """Dates are stored as ISO text (rules._explain): shown as the reader's medium date."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return format_date(date.fromisoformat(value), "medium")
        except ValueError:
            return value
    return value


def _old_plural(msgid: str) -> tuple[str, str | None]:
    """A row stored with only the plural text as its msgid: the pair it belongs to."""
    from caseflow.risk.rules import PLURALS  # imported here: rules never import vocab

    return next(((one, many) for one, many in PLURALS if msgid == many), (msgid, None))


def explanation(message: dict | None, stored: str) -> str:
    """The explanation in the reader's language from its message ({"msgid", "values"}); rows
    raised before messages were stored (or a message this version no longer knows how to fill)
    show their stored Dutch text."""
    if not message or not isinstance(message.get("msgid"), str):
        return stored
    values = {k: _value(v) for k, v in (message.get("values") or {}).items()}
    msgid, plural = message["msgid"], message.get("plural")
    if not isinstance(plural, str):
        msgid, plural = OLD_PLURALS.get(msgid, _old_plural(msgid))
    try:
        if plural and isinstance(values.get("count"), int):
            return ngettext(msgid, plural, values["count"], **values)
        return _(msgid, **values)
    except (KeyError, ValueError, TypeError):
        return stored
