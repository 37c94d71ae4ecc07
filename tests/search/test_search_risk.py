"""lang_wachten also reads the search for a place (issue 25, point 7): a search open longer than
the waiting limit without a placement started since raises it; the code and its limit are the
rule's own. Read through risk.history (snapshot) and from the database (load_raw_cases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from caseflow.risk import rules
from caseflow.risk.config import DEFAULTS
from caseflow.risk.history import RawCase, RawSearch, snapshot
from caseflow.risk.loading import load_raw_cases
from caseflow.search.services import Closing, close_search
from tests.risk.test_risk_rules import D, hist, pl
from tests.search_helpers import searching_case


def _flags(h):
    return rules.lang_wachten(h, DEFAULTS)


@pytest.mark.parametrize("days,expected", [(83, 0), (84, 0), (85, 1)])
def test_an_open_search_longer_than_the_limit(days, expected):
    h = hist(phase="ret_bespreking", open_searches=[D - timedelta(days=days)])
    flags = _flags(h)
    assert len(flags) == expected
    if flags:
        assert flags[0].code == "lang_wachten" and "zoektocht" in flags[0].explanation
    placed = hist(phase="ret_bespreking", open_searches=[D - timedelta(days=days)],
                  placements=[pl(1, D - timedelta(days=2))])
    assert _flags(placed) == []


def test_the_snapshot_knows_a_search_only_while_open_and_once_recorded():
    raw = RawCase(1, "GV-1", 2012, 5, D - timedelta(days=400), frozenset(), None)
    recorded = datetime(2026, 1, 1, tzinfo=UTC)
    raw.searches = [RawSearch(D - timedelta(days=100), D - timedelta(days=10), recorded)]
    assert snapshot(raw, D - timedelta(days=20)).open_searches == [D - timedelta(days=100)]
    assert snapshot(raw, D).open_searches == []  # closed by then
    late = RawSearch(D - timedelta(days=100), None, datetime(2030, 1, 1, tzinfo=UTC))
    raw.searches = [late]
    assert snapshot(raw, D).open_searches == []  # not yet recorded on that day


def test_loading_reads_the_cases_searches(app):
    case, search, actor = searching_case(opened_days_ago=90)
    raw = load_raw_cases([case.id])[case.id]
    assert [(s.opened_on, s.closed_on) for s in raw.searches] == [(search.opened_on, None)]
    close_search(search, case, Closing("gestopt", closed_on=search.opened_on), actor)
    raw = load_raw_cases([case.id])[case.id]
    assert raw.searches[0].closed_on == search.opened_on
