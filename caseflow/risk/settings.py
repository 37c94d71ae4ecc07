"""The region's risk settings (thresholds and a severity per rule) as the chair sets them, the
severities proposed from the backtest's lift, and when each user last looked at the signals.

Saving writes a new version (the old ones stay), records the backtest figures it was based on,
and brings the stored flags in line (``recompute``) so every screen shows the new severities."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent, Grounds
from caseflow.audit.services import record
from caseflow.auth.models import Role, User
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.risk.config import NUMBERS, SETTINGS_CACHE, Thresholds, thresholds
from caseflow.risk.rules import CODES, HOOG, INFORMATIE, LAAG, MIDDEN, SEVERITY_ORDER
from caseflow.risk.settings_models import RiskSeen, RiskSettingsVersion

EDITORS = frozenset({Role.VOORZITTER.value})
MIN_LIFT = 1.5  # below: no evidence the rule foresees a breakdown here -> informatie
HIGH_LIFT = 3.0  # from here hoog (and always the rule with the highest lift)
MIDDLE_LIFT = 2.0
# A lift measured on a handful of breakdowns is noise: below this many in the region's own
# history no severity is derived (the chair is told why, and keeps setting them by hand).
MIN_BREAKDOWNS = 20
REASON_MAX = 2000
LIMITS = (0, 3650)  # every number on the form: days, weeks, months or counts


class SettingsError(ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def current_version() -> RiskSettingsVersion | None:
    return db.session.scalars(
        select(RiskSettingsVersion).order_by(RiskSettingsVersion.version.desc()).limit(1)
    ).first()


def history(limit: int = 20) -> list[RiskSettingsVersion]:
    return list(db.session.scalars(
        select(RiskSettingsVersion).order_by(RiskSettingsVersion.version.desc()).limit(limit)
    ))


def current_severities(limits: Thresholds | None = None) -> dict[str, str]:
    """Every rule code with the severity its flags get now."""
    from caseflow.risk.rules import SEVERITY

    limits = limits or thresholds()
    return {code: limits.severity_of(code, SEVERITY[code]) for code in CODES}


def rule_lifts(result: Mapping[str, Any]) -> dict[str, float | None]:
    """{code: lift} from ``BacktestResult.as_dict()``: a rule's ``lift`` when the backtest gives
    it, else its precision over the base rate. Without a ``base_rate`` either, the base rate is
    estimated as the share of case-months a breakdown follows (each breakdown is preceded by
    about horizon/30 checkpoints). None: the rule never fired, nothing measured."""
    base = result.get("base_rate")
    if base is None and result.get("case_months"):
        months_before = max(1.0, float(result.get("horizon_days") or 90) / 30.4)
        base = min(1.0, (result.get("breakdowns") or 0) * months_before / result["case_months"])
    lifts: dict[str, float | None] = {}
    for row in result.get("rules") or []:
        lift = row.get("lift")
        if lift is None and row.get("precision") is not None and base:
            lift = row["precision"] / base
        lifts[row["code"]] = lift
    return lifts


def derive_severities(lifts: Mapping[str, float | None], current: Mapping[str, str]
                      ) -> dict[str, str]:
    """A severity per rule from its lift: below ``MIN_LIFT`` informatie; hoog for a lift of
    ``HIGH_LIFT`` or more and for the highest lift of all; midden from ``MIDDLE_LIFT``; laag
    between. A rule without a measured lift keeps its current severity."""
    measured = {code: lift for code, lift in lifts.items() if lift is not None}
    best = max((lift for lift in measured.values() if lift >= MIN_LIFT), default=None)
    proposal = dict(current)
    for code, lift in measured.items():
        if code not in proposal:
            continue
        if lift < MIN_LIFT:
            proposal[code] = INFORMATIE
        elif lift >= HIGH_LIFT or lift == best:
            proposal[code] = HOOG
        elif lift >= MIDDLE_LIFT:
            proposal[code] = MIDDEN
        else:
            proposal[code] = LAAG
    return proposal


def backtest_figures(limits: Thresholds, horizon_days: int = 90) -> dict[str, Any]:
    """The backtest on the region's own history with these settings: what a version records."""
    from caseflow.risk.backtest import run_backtest
    from caseflow.risk.loading import load_raw_cases

    result = run_backtest(
        load_raw_cases().values(), horizon_days=horizon_days, today=date.today(), limits=limits
    ).as_dict()
    lifts = rule_lifts(result)
    return {
        "horizon_days": horizon_days,
        "overall": {k: result.get(k) for k in ("recall", "precision", "flag_rate", "lift",
                                               "base_rate", "case_months", "breakdowns")},
        "rules": {
            row["code"]: {"lift": lifts.get(row["code"]), "precision": row.get("precision"),
                          "recall": row.get("recall"), "months": row.get("months")}
            for row in result.get("rules") or []
        },
    }


def validate(numbers: Mapping[str, Any], severities: Mapping[str, str], reason: str
             ) -> dict[str, str]:
    """Problems per form field ({} when all is well); the field names are the form's."""
    problems: dict[str, str] = {}
    for name in NUMBERS:
        value = numbers.get(name)
        if not isinstance(value, int) or isinstance(value, bool):
            problems[name] = _("Vul een heel getal in.")
        elif not LIMITS[0] <= value <= LIMITS[1]:
            problems[name] = _("Kies een getal van %(low)d tot %(high)d.",
                               low=LIMITS[0], high=LIMITS[1])
    for code in CODES:
        if severities.get(code) not in SEVERITY_ORDER:
            problems[f"ernst_{code}"] = _("Kies een ernst.")
    if not reason.strip():
        problems["reason"] = _("Schrijf op waarom de instellingen veranderen.")
    elif len(reason) > REASON_MAX:
        problems["reason"] = _("De toelichting is te lang (hooguit 2000 tekens).")
    return problems


def save_settings(actor: User, numbers: Mapping[str, int], severities: Mapping[str, str],
                  reason: str) -> RiskSettingsVersion:
    """A new version of the region's settings, with the backtest figures under them; then the
    stored flags follow (their severity). Raises SettingsError (per field) on bad input."""
    problems = validate(numbers, severities, reason)
    if actor.role not in EDITORS:
        problems["reason"] = _("Alleen de voorzitter kan de instellingen wijzigen.")
    if problems:
        raise SettingsError(problems)
    values = {name: int(numbers[name]) for name in NUMBERS}
    chosen = {code: severities[code] for code in CODES}
    limits = thresholds({**values, "severities": chosen})
    number = (db.session.scalar(select(func.max(RiskSettingsVersion.version))) or 0) + 1
    version = RiskSettingsVersion(
        version=number, thresholds=values, severities=chosen, reason=reason.strip(),
        backtest=backtest_figures(limits), changed_by_id=actor.id, changed_at=utcnow(),
    )
    db.session.add(version)
    db.session.flush()
    # the region's settings, no case's data: one row without a case, on the chair's role
    record(actor, None, AuditEvent.CHANGE, grounds=Grounds.ROLE, target="risk_settings",
           target_id=version.id)
    db.session().info.pop(SETTINGS_CACHE, None)
    from caseflow.risk.services import recompute

    recompute()
    return version


def changes(version: RiskSettingsVersion, before: RiskSettingsVersion | None
            ) -> list[tuple[str, Any, Any]]:
    """What this version changed against the one before it (or the defaults): (name, old, new)."""
    from caseflow.risk.config import instance_defaults
    from caseflow.risk.rules import SEVERITY

    defaults = instance_defaults()
    old_numbers = before.thresholds if before else asdict(defaults)
    old_severities = before.severities if before else {
        code: defaults.severity_of(code, SEVERITY[code]) for code in CODES
    }
    found = [(n, old_numbers.get(n), v) for n, v in version.thresholds.items()
             if old_numbers.get(n) != v]
    found += [(c, old_severities.get(c), s) for c, s in version.severities.items()
              if old_severities.get(c) != s]
    return found


def mark_seen(user: User, now: datetime | None = None) -> datetime | None:
    """Record that the user looks at the signals now; returns when they looked before (None:
    never). One upsert: two tabs at once don't collide on the key."""
    now = now or utcnow()
    previous = db.session.scalar(select(RiskSeen.seen_at).where(RiskSeen.user_id == user.id))
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(RiskSeen).values(user_id=user.id, seen_at=now)
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[RiskSeen.user_id], set_={"seen_at": now}
    ))
    return previous
