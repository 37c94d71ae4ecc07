"""The monitor as a whole: which indicators, for which period and split.

The page builds every table; a chart or CSV builds only the table it shows. Each table is one
or two aggregate queries whatever the number of cases; figures two tables share (the phase
history counts of instroom and terugkeer) are read once per build."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, literal, select

from caseflow.cases.corrections import corrections_after
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.monitor import flow, stays, years
from caseflow.monitor.periods import Dimension, Period
from caseflow.monitor.tables import SUPPRESS_BELOW, Table

TREND_PERIODS = 8


@dataclass
class Monitor:
    period: Period
    dimension: Dimension
    tables: list[Table]
    trend: list[tuple[str, list[tuple[str, int | None]]]]
    # Cases of the period whose gemeente or birth year was corrected after the period ended:
    # the figures read today's (corrected) data, so they differ from what was shown back then.
    corrected_later: int = 0

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


class _Selection:
    """One period and split; figures shared by two tables are computed on first use."""

    def __init__(self, period: Period, dimension: Dimension, today: date) -> None:
        self.period, self.dimension, self.today = period, dimension, today

    @cached_property
    def transitions(self) -> flow.TransitionCounts:
        return flow.transition_counts(self.period, self.dimension)


def _signals(period: Period, dimension: Dimension) -> Table:
    from caseflow.monitor.signals import signals

    return signals(period, dimension)


# The monitor's own tables, by key, in page order.
BUILT_IN: dict[str, Callable[[_Selection], Table]] = {
    "instroom": lambda s: flow.instroom(s.period, s.dimension, s.transitions),
    "duur_fase": lambda s: flow.phase_durations(s.period),
    "aanmelding_plaatsing": lambda s: flow.time_to_first_placement(s.period, s.dimension),
    "looptijd": lambda s: flow.open_duration(s.period, s.dimension),
    "terugkeer": lambda s: flow.terugkeer(s.period, s.dimension, s.transitions),
    "uitval": lambda s: stays.uitval(s.period, s.dimension, s.today),
    "verblijf": lambda s: stays.verblijf(s.period, s.today, s.dimension),
    "wachten": lambda s: stays.wachten(s.period, s.today),
    "signalen": lambda s: _signals(s.period, s.dimension),
}

# The tables' titles without computing them (the first screen links to each detail page).
TITLES = {
    "instroom": _l("Instroom"),
    "duur_fase": _l("Duur per fase"),
    "aanmelding_plaatsing": _l("Van aanmelding tot eerste plaatsing"),
    "looptijd": _l("Looptijd van afgesloten casussen"),
    "terugkeer": _l("Terugkeer"),
    "uitval": _l("Uitval en doorplaatsing"),
    "verblijf": _l("Verblijf per soort"),
    "wachten": _l("Wachten en blijven volgen"),
    "signalen": _l("Signalen van doorplaatsing"),
    "verblijf_kosten": _l("Verblijf: kinderen en kosten per soort"),
    "uitkomst": _l("Uitkomst: doelrealisatie, veiligheid, stabiliteit en de stem van de jeugdige"),
    "rond_plaatsing": _l("Uitkomst rond de plaatsing"),
}


@dataclass
class Detail:
    """One or a few tables on a page of their own."""

    period: Period
    dimension: Dimension
    tables: list[Table]
    corrected_later: int = 0


def detail(period: Period, dimension: Dimension, tables: list[Table]) -> Detail:
    return Detail(period, dimension, tables, corrections_after(period.end_at, period.end))


# Periods side by side: their own page (and the first screen's headline numbers).
SERIES: dict[str, Callable[[_Selection], Table]] = {
    "jaren_indicatoren": lambda s: years.indicator_series(s.period, s.today),
    "jaren_verblijf": lambda s: years.verblijf_series(s.period, s.today),
}

# Indicators other domains contribute (e.g. outcome), each ``make(period, dimension) -> Table``.
MONITOR_TABLES: list = []
_EXTRA_KEYS: dict[object, str] = {}  # the key each contributed maker's table turned out to have


def build(period: Period, dimension: Dimension, today: date | None = None) -> Monitor:
    selection = _Selection(period, dimension, today or date.today())
    tables = [make(selection) for make in BUILT_IN.values()]
    tables += [_extra(make, period, dimension) for make in MONITOR_TABLES]
    corrected = corrections_after(period.end_at, period.end)
    return Monitor(period, dimension, tables, inflow_trend(period), corrected)


def table(key: str, period: Period, dimension: Dimension, today: date | None = None) -> Table:
    """Only the table ``key`` (for its chart or CSV); KeyError if there is none."""
    if key in BUILT_IN:
        return BUILT_IN[key](_Selection(period, dimension, today or date.today()))
    if key in SERIES:
        return SERIES[key](_Selection(period, dimension, today or date.today()))
    for make in MONITOR_TABLES:
        if _EXTRA_KEYS.get(make, key) == key:
            made = _extra(make, period, dimension)
            if made.key == key:
                return made
    raise KeyError(key)


def _extra(make, period: Period, dimension: Dimension) -> Table:
    made = make(period, dimension)
    _EXTRA_KEYS[make] = made.key
    return made


def series(period: Period, today: date | None = None) -> list[Table]:
    """The periods-side-by-side tables: the four indicators, then the verblijf mix."""
    return years.series(period, today or date.today())  # one read of the summary for both


@dataclass
class Summary:
    """The first screen: headline numbers with their change, from the series tables."""

    period: Period
    dimension: Dimension
    headlines: list
    mix: Table
    corrected_later: int = 0
    indicators: Table | None = None


def summary(period: Period, dimension: Dimension, today: date | None = None) -> Summary:
    indicators, mix = series(period, today)
    corrected = corrections_after(period.end_at, period.end)
    return Summary(
        period, dimension, years.headlines(indicators, mix), mix, corrected, indicators
    )


def inflow_trend(period: Period) -> list[tuple[str, list[tuple[str, int | None]]]]:
    """New cases over the last periods, in one query (a count per period)."""
    periods = period.series(TREND_PERIODS)
    counts = db.session.execute(
        select(
            *(
                func.count(
                    case(
                        (
                            and_(Case.registered_on >= each.start, Case.registered_on < each.end),
                            literal(1),
                        )
                    )
                )
                for each in periods
            )
        ).where(Case.registered_on >= periods[0].start, Case.registered_on < periods[-1].end)
    ).one()
    points = []
    for each, count in zip(periods, counts, strict=True):
        count = count or 0
        points.append((each.label, None if 0 < count < SUPPRESS_BELOW else count))
    return [(_("Aanmeldingen"), points)]
