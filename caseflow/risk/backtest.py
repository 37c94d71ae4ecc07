"""The backtest: would the flags, as they would have been raised from what was known then, have
foreseen the placements that really broke down?

Checkpoints are the first day of every month in which a case was open ("case-months"). A
case-month is *flagged* when the case carried a hoog or midden flag on that day. For every
unplanned placement ending (as finally recorded) that fell while the RET followed the case (at
least one checkpoint in the horizon before it) we ask whether a flagged checkpoint lay in that
horizon (recall); for every flagged case-month, whether a breakdown followed within the horizon
(precision). The flag rate is flagged case-months / all case-months.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from caseflow.risk.config import Thresholds
from caseflow.risk.history import RawCase, snapshot
from caseflow.risk.rules import CODES, HOOG, MIDDEN, SEVERITY, evaluate

SIGNALLING = frozenset({HOOG, MIDDEN})


@dataclass
class RuleRow:
    code: str
    severity: str
    months: int = 0  # case-months on which the rule fired
    followed: int = 0  # ... followed by a breakdown within the horizon
    foreseen: int = 0  # breakdowns with this rule firing in the horizon before

    @property
    def precision(self) -> float | None:
        return self.followed / self.months if self.months else None


@dataclass
class BacktestResult:
    horizon_days: int
    case_months: int = 0
    flagged_months: int = 0
    flagged_followed: int = 0
    breakdowns: int = 0
    breakdowns_foreseen: int = 0
    rules: list[RuleRow] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return self.breakdowns_foreseen / self.breakdowns if self.breakdowns else None

    @property
    def precision(self) -> float | None:
        return self.flagged_followed / self.flagged_months if self.flagged_months else None

    @property
    def flag_rate(self) -> float | None:
        return self.flagged_months / self.case_months if self.case_months else None

    def rule_recall(self, row: RuleRow) -> float | None:
        return row.foreseen / self.breakdowns if self.breakdowns else None

    def as_dict(self) -> dict[str, object]:
        return {
            "horizon_days": self.horizon_days,
            "case_months": self.case_months,
            "flagged_months": self.flagged_months,
            "flagged_followed": self.flagged_followed,
            "breakdowns": self.breakdowns,
            "breakdowns_foreseen": self.breakdowns_foreseen,
            "recall": self.recall,
            "precision": self.precision,
            "flag_rate": self.flag_rate,
            "rules": [
                {
                    "code": r.code, "severity": r.severity, "months": r.months,
                    "followed": r.followed, "foreseen": r.foreseen,
                    "precision": r.precision, "recall": self.rule_recall(r),
                }
                for r in self.rules
            ],
        }


def month_starts(first: date, last: date) -> list[date]:
    """The first days of the months from ``first`` (inclusive) up to ``last`` (inclusive)."""
    day = first if first.day == 1 else (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    days = []
    while day <= last:
        days.append(day)
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return days


def run_backtest(
    cases: Iterable[RawCase], *, horizon_days: int, today: date, limits: Thresholds
) -> BacktestResult:
    horizon = timedelta(days=horizon_days)
    result = BacktestResult(horizon_days)
    rows = {code: RuleRow(code, SEVERITY[code]) for code in CODES}
    for raw in cases:
        if not raw.transitions:
            continue
        breakdowns = sorted(
            p.actual_end for p in raw.placements
            if p.ending == "onplanmatig" and p.actual_end is not None
        )
        checkpoints: list[tuple[date, bool, set[str]]] = []
        for day in month_starts(raw.transitions[0][0].date(), today):
            history = snapshot(raw, day)
            if history.phase is None or history.closed:
                continue
            flags = evaluate(history, limits)
            flagged = any(f.severity in SIGNALLING for f in flags)
            codes = {f.code for f in flags}
            checkpoints.append((day, flagged, codes))
            result.case_months += 1
            followed = any(day < end <= day + horizon for end in breakdowns)
            if flagged:
                result.flagged_months += 1
                result.flagged_followed += followed
            for code in codes:
                rows[code].months += 1
                rows[code].followed += followed
        for end in breakdowns:
            window = [c for c in checkpoints if end - horizon <= c[0] < end]
            if not window:
                continue  # not while the RET followed the case
            result.breakdowns += 1
            result.breakdowns_foreseen += any(flagged for _d, flagged, _c in window)
            for code in set().union(*(codes for _d, _f, codes in window)):
                rows[code].foreseen += 1
    result.rules = list(rows.values())
    return result
