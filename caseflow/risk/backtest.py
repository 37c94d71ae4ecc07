"""The backtest: would the flags, as they would have been raised from what was known then, have
foreseen the placements that really broke down?

Checkpoints are the first day of every month in which a case was open ("case-months"). A
case-month is *flagged* when the case carried a signal shown as hoog or midden on that day. For
every unplanned placement ending (``outcome_endings``, as finally recorded) that fell while the
RET followed the case (at least one checkpoint in the horizon before it) we ask whether a flagged
checkpoint lay in that horizon (recall); for every flagged case-month, whether a breakdown
followed within the horizon (precision). The base rate is the share of all case-months followed
by a breakdown within the horizon, the lift is precision / base rate, and the flag rate is
flagged case-months / all case-months: the share of open cases flagged on an average checkpoint
day (weighted by the number of cases open that day). Intervals: ``backtest_stats``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from caseflow.risk.config import Thresholds
from caseflow.risk.history import CaseHistory, RawCase, snapshot
from caseflow.risk.rules import CODES, HOOG, MIDDEN, RULES, SEVERITY, evaluate, months_ago
from caseflow.timeline.doorplaatsing import unplanned_endings

SIGNALLING = frozenset({HOOG, MIDDEN})
# The plain international measure (UK: 3 or more placements in 12 months), every placement
# counted as it is recorded; a baseline row, never a flag.
BASELINE = "baseline_3_in_12m"
RULE_OF = {rule.__name__: rule for rule in RULES}


def outcome_endings(raw: RawCase) -> list[date]:
    """What the backtest counts as the outcome: the days on which the case's placements broke
    down (ended unplanned, or earlier than planned at the provider's request), as finally
    recorded; the one definition of ``caseflow.timeline.doorplaatsing``."""
    return sorted(p.actual_end for p in unplanned_endings(raw.placements))


def baseline_fires(history: CaseHistory) -> bool:
    since = months_ago(history.as_of, 12)
    return sum(p.start_date >= since for p in history.placements) >= 3


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
    followed_months: int = 0  # case-months followed by a breakdown (flagged or not)
    breakdowns: int = 0
    breakdowns_foreseen: int = 0
    rules: list[RuleRow] = field(default_factory=list)
    baseline: RuleRow = field(default_factory=lambda: RuleRow(BASELINE, "basislijn"))
    # per case: the counts above, for the bootstrap (``backtest_stats.VECTOR`` order)
    per_case: list[tuple[int, ...]] = field(default_factory=list, repr=False)
    intervals: dict[str, object] = field(default_factory=dict)
    period: tuple[date | None, date | None] = (None, None)

    @property
    def recall(self) -> float | None:
        return self.breakdowns_foreseen / self.breakdowns if self.breakdowns else None

    @property
    def precision(self) -> float | None:
        return self.flagged_followed / self.flagged_months if self.flagged_months else None

    @property
    def flag_rate(self) -> float | None:
        return self.flagged_months / self.case_months if self.case_months else None

    @property
    def base_rate(self) -> float | None:
        return self.followed_months / self.case_months if self.case_months else None

    @property
    def lift(self) -> float | None:
        return ratio(self.precision, self.base_rate)

    def rule_recall(self, row: RuleRow) -> float | None:
        return row.foreseen / self.breakdowns if self.breakdowns else None

    def rule_figures(self, row: RuleRow) -> dict[str, object]:
        return {
            "code": row.code, "severity": row.severity, "months": row.months,
            "followed": row.followed, "foreseen": row.foreseen,
            "precision": row.precision, "recall": self.rule_recall(row),
            "lift": ratio(row.precision, self.base_rate),
            "flag_rate": row.months / self.case_months if self.case_months else None,
            "intervals": self.intervals.get(row.code, {}),
        }

    def as_dict(self) -> dict[str, object]:
        since, until = self.period
        return {
            "horizon_days": self.horizon_days,
            "case_months": self.case_months,
            "flagged_months": self.flagged_months,
            "flagged_followed": self.flagged_followed,
            "followed_months": self.followed_months,
            "breakdowns": self.breakdowns,
            "breakdowns_foreseen": self.breakdowns_foreseen,
            "recall": self.recall,
            "precision": self.precision,
            "base_rate": self.base_rate,
            "lift": self.lift,
            "flag_rate": self.flag_rate,
            "intervals": self.intervals.get("signal", {}),
            "period": {"from": since and since.isoformat(), "until": until and until.isoformat()},
            "rules": [self.rule_figures(r) for r in self.rules],
            "baseline": self.rule_figures(self.baseline),
        }


def ratio(top: float | None, bottom: float | None) -> float | None:
    return None if top is None or not bottom else top / bottom


def month_starts(first: date, last: date) -> list[date]:
    """The first days of the months from ``first`` (inclusive) up to ``last`` (inclusive)."""
    day = first if first.day == 1 else (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    days = []
    while day <= last:
        days.append(day)
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return days


@dataclass
class Point:
    case: int  # index into Frame.cases
    day: date
    history: CaseHistory
    followed: bool
    codes: set[str] = field(default_factory=set)  # rules (and the baseline) firing that day


@dataclass
class Frame:
    """The checkpoints and breakdowns of a backtest, cut once; thresholds are applied later."""

    horizon_days: int
    cases: int = 0
    points: list[Point] = field(default_factory=list)
    breakdowns: list[tuple[int, list[int]]] = field(default_factory=list)  # case, point indexes
    period: tuple[date | None, date | None] = (None, None)


def build_frame(cases: Iterable[RawCase], *, horizon_days: int, today: date,
                since: date | None = None, until: date | None = None) -> Frame:
    """Checkpoints on days in [since, until) (all when None) and breakdowns in that period."""
    horizon = timedelta(days=horizon_days)
    frame = Frame(horizon_days, period=(since, until))
    last = min(today, until - timedelta(days=1)) if until else today
    for raw in cases:
        if not raw.transitions:
            continue
        index, frame.cases = frame.cases, frame.cases + 1
        ends = [end for end in outcome_endings(raw) if until is None or end < until]
        mine: list[int] = []
        for day in month_starts(max(raw.transitions[0][0].date(), since or date.min), last):
            history = snapshot(raw, day)
            if history.phase is None or history.closed:
                continue
            mine.append(len(frame.points))
            frame.points.append(Point(index, day, history,
                                      any(day < end <= day + horizon for end in ends)))
        for end in ends:
            window = [i for i in mine if end - horizon <= frame.points[i].day < end]
            if window:  # else not while the RET followed the case (in this period)
                frame.breakdowns.append((index, window))
    return frame


def apply_limits(frame: Frame, limits: Thresholds, codes: Iterable[str] | None = None) -> None:
    """(Re)compute which rules fire at every checkpoint; only ``codes`` when given."""
    if codes is None:
        for point in frame.points:
            point.codes = {f.code for f in evaluate(point.history, limits)}
            if baseline_fires(point.history):
                point.codes.add(BASELINE)
        return
    for code in codes:
        rule = RULE_OF[code]
        for point in frame.points:
            point.codes.discard(code)
            if rule(point.history, limits):
                point.codes.add(code)


def score(frame: Frame, severities: Mapping[str, str] | None = None) -> BacktestResult:
    """The figures of the signal as shown (codes whose severity is hoog or midden)."""
    severities = severities or SEVERITY
    shown = {code for code in CODES if severities.get(code) in SIGNALLING}
    result = BacktestResult(frame.horizon_days, period=frame.period)
    rows = {code: RuleRow(code, severities.get(code, SEVERITY[code])) for code in CODES}
    rows[BASELINE] = result.baseline
    order = [*CODES, BASELINE]
    per_case = [[0] * (6 + 3 * len(order)) for _ in range(frame.cases)]
    flagged_at: list[bool] = []
    for point in frame.points:
        flagged = bool(point.codes & shown)
        flagged_at.append(flagged)
        tally = per_case[point.case]
        tally[0] += 1
        tally[1] += flagged
        tally[2] += flagged and point.followed
        tally[3] += point.followed
        for code in point.codes:
            tally[6 + 3 * order.index(code)] += 1
            tally[7 + 3 * order.index(code)] += point.followed
    for case, window in frame.breakdowns:
        tally = per_case[case]
        tally[4] += 1
        tally[5] += any(flagged_at[i] for i in window)
        for code in set().union(*(frame.points[i].codes for i in window)):
            tally[8 + 3 * order.index(code)] += 1
    totals = [sum(column) for column in zip(*per_case, strict=True)] if per_case else [0] * (
        6 + 3 * len(order))
    (result.case_months, result.flagged_months, result.flagged_followed,
     result.followed_months, result.breakdowns, result.breakdowns_foreseen) = totals[:6]
    for position, code in enumerate(order):
        row = rows[code]
        row.months, row.followed, row.foreseen = totals[6 + 3 * position: 9 + 3 * position]
    result.rules = [rows[code] for code in CODES]
    result.per_case = [tuple(t) for t in per_case]
    return result


def run_backtest(
    cases: Iterable[RawCase], *, horizon_days: int, today: date, limits: Thresholds,
    severities: Mapping[str, str] | None = None, since: date | None = None,
    until: date | None = None,
) -> BacktestResult:
    frame = build_frame(cases, horizon_days=horizon_days, today=today, since=since, until=until)
    apply_limits(frame, limits)
    return score(frame, severities)
