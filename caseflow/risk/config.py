"""The thresholds and severities of the risk rules, in one place. Three layers, the later wins:
the defaults here, ``RISK_THRESHOLDS`` in ``instance/config.py``, e.g.

    RISK_THRESHOLDS = {"placements_12m": 4, "crisis_window_days": 60}

and the region's current settings in the database (set by the chair on ``/risk/instellingen``,
``settings_models.RiskSettingsVersion``). ``severities`` maps a rule code to the severity its
flags get (``informatie`` for a rule without evidence of lift); a code not in it keeps the rule's
own severity.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from flask import current_app, has_app_context

SETTINGS_CACHE = "risk_settings_current"  # session.info key: read once per request/transaction


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
    severities: tuple[tuple[str, str], ...] = ()  # (code, severity): hashable, sorted by code

    def severity_of(self, code: str, default: str) -> str:
        return dict(self.severities).get(code, default)


DEFAULTS = Thresholds()
NAMES = frozenset(f.name for f in fields(Thresholds))
NUMBERS = tuple(f.name for f in fields(Thresholds) if f.type == "int")  # the chair's form


def _as_pairs(value: Any) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, dict) else value
    return tuple(sorted((str(code), str(severity)) for code, severity in items))


def stored_settings() -> dict[str, Any]:
    """The current DB settings as ``thresholds()`` overrides ({} without a version or outside an
    app); read once per session transaction, forgotten when the chair saves new ones."""
    if not has_app_context():
        return {}
    from caseflow.extensions import db
    from caseflow.risk.settings_models import RiskSettingsVersion

    session = db.session()
    if SETTINGS_CACHE not in session.info:
        with session.no_autoflush:
            current = session.scalars(
                db.select(RiskSettingsVersion).order_by(RiskSettingsVersion.version.desc())
                .limit(1)
            ).first()
        values: dict[str, Any] = {}
        if current is not None:
            values.update({k: v for k, v in (current.thresholds or {}).items() if k in NAMES})
            if current.severities:
                values["severities"] = current.severities
        session.info[SETTINGS_CACHE] = values
    return dict(session.info[SETTINGS_CACHE])


def forget_settings(session: Any, transaction: Any = None, *_args: Any) -> None:
    # a savepoint ending (the access log writes in one) ends nothing that was read
    if getattr(transaction, "parent", None) is not None or getattr(transaction, "nested", False):
        return
    session.info.pop(SETTINGS_CACHE, None)


def install_listeners() -> None:
    """The end of a transaction (commit, rollback, close) ends what was read: the next one
    reads the settings again."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    for name in ("after_commit", "after_transaction_end"):
        if not event.contains(Session, name, forget_settings):
            event.listen(Session, name, forget_settings)


def instance_defaults() -> Thresholds:
    """The defaults with ``instance/config.py``'s, without the DB settings."""
    values = dict(current_app.config.get("RISK_THRESHOLDS") or {}) if has_app_context() else {}
    return _build(values)


def thresholds(overrides: dict[str, Any] | None = None) -> Thresholds:
    """The defaults, then the app's ``RISK_THRESHOLDS``, then the region's current DB settings,
    then ``overrides``."""
    values: dict[str, Any] = {}
    if has_app_context():
        values.update(current_app.config.get("RISK_THRESHOLDS") or {})
        stored = stored_settings()
        if "severities" in stored and "severities" in values:  # per code: the DB wins
            stored["severities"] = {**dict(_as_pairs(values["severities"])),
                                    **stored["severities"]}
        values.update(stored)
    values.update(overrides or {})
    return _build(values)


def _build(values: dict[str, Any]) -> Thresholds:
    unknown = set(values) - NAMES
    if unknown:
        raise ValueError(f"Onbekende risicodrempel(s): {', '.join(sorted(unknown))}")
    if "severities" in values:
        values["severities"] = _as_pairs(values["severities"])
    return replace(DEFAULTS, **values)
