"""The region's view of the searches (``/zoektochten``) and the waiting figures the monitor
shows (wachttijden). A fixed number of queries however many searches there are; the counting
happens here in Python over the rows read. Counts of 1–4 are suppressed ("<5") like the monitor.

For the monitor: ``waiting_figures(since=None, until=None)`` returns plain numbers and labels
keys, no templates — the monitor may render them as one of its tables."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from caseflow.auth.models import Organisation
from caseflow.cases.models import Case
from caseflow.core.clock import region_today
from caseflow.extensions import db
from caseflow.search.models import Search, SearchRequest
from caseflow.search.vocab import Answer, CloseKind, RegionPreference
from caseflow.timeline.models import Placement

SUPPRESS_BELOW = 5
WEEK_BANDS = ((0, 4, "0–4"), (4, 8, "4–8"), (8, 12, "8–12"), (12, 26, "12–26"),
              (26, None, "26+"))


def nearest_rank(values: list[int], share: float) -> int | None:
    """The nearest-rank percentile (the monitor's definition): the ⌈share·n⌉-th smallest."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def shown(count: int) -> int | str:
    """A count as published: 1–4 become "<5"."""
    return "<5" if 0 < count < SUPPRESS_BELOW else count


@dataclass
class ProviderRow:
    name: str
    asked: int = 0
    ja: int = 0
    nee: int = 0
    wachtlijst: int = 0
    geen_reactie: int = 0
    open: int = 0
    answer_days: list[int] = field(default_factory=list)

    @property
    def median_days(self) -> int | None:
        return nearest_rank(self.answer_days, 0.5)


def _rows(since: date | None = None, until: date | None = None):
    """Every search (with its case's reference and placement) and every request: 2 queries."""
    query = (
        select(Search, Case.reference, Placement)
        .join(Case, Case.id == Search.case_id)
        .outerjoin(Placement, Placement.id == Search.placement_id)
        .order_by(Search.opened_on, Search.id)
    )
    if since is not None:
        query = query.where(Search.opened_on >= since)
    if until is not None:
        query = query.where(Search.opened_on <= until)
    searches = db.session.execute(query).all()
    ids = [row[0].id for row in searches]
    requests: list[tuple[SearchRequest, str]] = []
    if ids:
        requests = [tuple(r) for r in db.session.execute(
            select(SearchRequest, Organisation.name)
            .join(Organisation, Organisation.id == SearchRequest.provider_id)
            .where(SearchRequest.search_id.in_(ids))
        ).all()]
    return searches, requests


def region_view(today: date | None = None) -> dict:
    """Open searches by weeks searching, by care type sought and by refusal reasons; per
    provider asked / ja / nee / wachtlijst and the median answer time in days."""
    today = today or region_today()
    searches, requests = _rows()
    open_rows = [(s, ref) for s, ref, _p in searches if s.is_open]
    open_ids = {s.id for s, _ref in open_rows}
    bands: Counter[str] = Counter()
    care: Counter[str] = Counter()
    listing = []
    for search, reference in open_rows:
        weeks = (today - search.opened_on).days // 7
        label = next(lb for low, high, lb in WEEK_BANDS if weeks >= low and (high is None
                                                                          or weeks < high))
        bands[label] += 1
        care.update(search.care_types)
        listing.append((reference, search, weeks))
    refusals: Counter[str] = Counter()
    per_provider: dict[int, ProviderRow] = {}
    for item, name in requests:
        if item.search_id in open_ids and item.answer == Answer.NEE.value:
            refusals[item.refusal_reason or "anders"] += 1
        row = per_provider.setdefault(item.provider_id, ProviderRow(name))
        row.asked += 1
        if item.answer is None:
            row.open += 1
        else:
            setattr(row, item.answer, getattr(row, item.answer) + 1)
            row.answer_days.append((item.answered_on - item.requested_on).days)
    return {
        "open_count": len(open_rows),
        "bands": [(label, bands[label]) for _low, _high, label in WEEK_BANDS],
        "care": sorted(care.items(), key=lambda kv: (-kv[1], kv[0])),
        "refusals": sorted(refusals.items(), key=lambda kv: (-kv[1], kv[0])),
        "providers": sorted(per_provider.values(), key=lambda r: (-r.asked, r.name)),
        "listing": sorted(listing, key=lambda t: (-t[2], t[0])),
    }


def waiting_figures(since: date | None = None, until: date | None = None) -> dict:
    """Wachttijden over the searches opened in the period: days from search start to placement
    per care type placed (n, median, p90; suppressed below 5 placed), refusals per reason, the
    share placed out of region and how often the weighing was recorded for those."""
    searches, requests = _rows(since, until)
    days: dict[str, list[int]] = defaultdict(list)
    placed = outside = weighed = 0
    for search, _ref, placement in searches:
        if search.close_kind != CloseKind.PLAATSING.value or placement is None:
            continue
        placed += 1
        days[placement.type].append((search.closed_on - search.opened_on).days)
        if not placement.in_region:
            outside += 1
            weighed += search.weighing_recorded
    per_care = []
    for care_type, values in sorted(days.items()):
        n = len(values)
        small = n < SUPPRESS_BELOW
        per_care.append({"care_type": care_type, "n": shown(n),
                         "median": None if small else nearest_rank(values, 0.5),
                         "p90": None if small else nearest_rank(values, 0.9)})
    reasons = Counter(item.refusal_reason or "anders" for item, _name in requests
                      if item.answer == Answer.NEE.value)
    out_pref = sum(1 for s, _r, _p in searches
                   if s.region_preference == RegionPreference.BUITEN_REGIO.value)
    return {
        "per_care_type": per_care,
        "refusals": [{"reason": r, "n": shown(n)} for r, n in sorted(reasons.items())],
        "placed": shown(placed),
        "placed_out_of_region": shown(outside),
        "share_out_of_region": None if placed < SUPPRESS_BELOW else round(outside / placed, 3),
        "weighing_recorded": shown(weighed),
        "weighing_share": None if outside < SUPPRESS_BELOW else round(weighed / outside, 3),
        "out_of_region_preferred": shown(out_pref),
    }
