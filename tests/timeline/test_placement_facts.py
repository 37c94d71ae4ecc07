"""The pure functions behind two monitor facts (issue 24, point 1): a placement that followed a
crisis within 7 days, and siblings placed together or apart. Table tests."""

from __future__ import annotations

from collections import namedtuple
from datetime import date, timedelta

import pytest

from caseflow.timeline.placement_facts import (
    Together,
    after_crisis,
    crisis_before,
    crisis_days,
    placed_together,
)

P = namedtuple("P", "type start_date actual_end provider_id provider_name retracted_at",
               defaults=(None, None, "", None))
E = namedtuple("E", "kind occurred_on precision retracted_at", defaults=("day", None))
D = date(2025, 3, 10)


@pytest.mark.parametrize(
    ("days_after_crisis", "expected"),
    [(0, True), (1, True), (7, True), (8, False), (-1, False), (30, False)],
)
def test_the_window_is_seven_days_after_the_crisis_inclusive(days_after_crisis, expected):
    placement = P("gezinshuis", D + timedelta(days=days_after_crisis))
    assert after_crisis(placement, [E("crisis", D)]) is expected


@pytest.mark.parametrize(
    ("placement", "events", "expected", "why"),
    [
        (P("gezinshuis", D), [E("incident", D)], False, "an incident is no crisis"),
        (P("gezinshuis", D), [E("crisis", D, "month")], False, "a crisis known only by month"),
        (P("gezinshuis", D), [E("crisis", D, "approximate")], False, "an approximate crisis"),
        (P("gezinshuis", D), [E("crisis", D, "day", D)], False, "a retracted crisis"),
        (P("thuis_ambulant", D), [E("crisis", D)], False, "going home is no uithuisplaatsing"),
        (P("gezinshuis", D, retracted_at=D), [E("crisis", D)], False, "a retracted placement"),
        (P("kortdurend_verblijf", D + timedelta(days=2)), [E("crisis", D)], True, "crisis bed"),
        (P("gezinshuis", D), [E("crisis", D - timedelta(days=20)), E("crisis", D)], True,
         "the latest of two crises counts"),
        (P("gezinshuis", D), [], False, "no crisis at all"),
    ],
)
def test_which_crises_and_placements_count(placement, events, expected, why):
    assert after_crisis(placement, events) is expected, why


def test_crisis_before_names_the_latest_crisis_in_the_window():
    crises = crisis_days([E("crisis", D - timedelta(days=6)), E("crisis", D - timedelta(days=2)),
                          E("crisis", D + timedelta(days=1))])
    assert crisis_before(D, crises) == D - timedelta(days=2)
    assert crisis_before(D - timedelta(days=7), crises) is None


A0, A1 = date(2025, 1, 1), date(2025, 6, 30)


@pytest.mark.parametrize(
    ("first", "second", "window", "expected", "why"),
    [
        ([P("pleegzorg", A0, A1, 7)], [P("pleegzorg", A0, A1, 7)], (None, None),
         Together.SAMEN, "same provider, same time"),
        ([P("pleegzorg", A0, A1, 7)], [P("pleegzorg", A0, A1, 8)], (None, None),
         Together.APART, "other provider at the same time"),
        ([P("pleegzorg", A0, A1, None, "Huis  De Eik")],
         [P("pleegzorg", A0, None, None, "huis de eik")], (None, None),
         Together.SAMEN, "no organisation linked: the same name counts"),
        ([P("pleegzorg", A0, date(2025, 2, 1), 7)], [P("pleegzorg", date(2025, 3, 1), A1, 7)],
         (None, None), None, "never placed at the same time"),
        ([P("thuis_ambulant", A0, A1, 7)], [P("thuis_ambulant", A0, A1, 7)], (None, None),
         None, "both at home is not placed"),
        ([P("pleegzorg", A0, A1, 7, retracted_at=A0)], [P("pleegzorg", A0, A1, 7)],
         (None, None), None, "a retracted placement counts for nothing"),
        ([P("pleegzorg", A0, None, 7), P("gezinshuis", A0, date(2025, 2, 1), 9)],
         [P("gezinshuis", A0, date(2025, 2, 1), 9)], (None, None),
         Together.SAMEN, "together at one time is together"),
        ([P("pleegzorg", A0, date(2025, 2, 1), 7), P("gezinshuis", date(2025, 2, 2), None, 9)],
         [P("pleegzorg", A0, date(2025, 2, 1), 7), P("verblijf_24uur", date(2025, 2, 2), None, 3)],
         (date(2025, 5, 1), date(2025, 5, 31)), Together.APART, "apart in the window asked"),
        ([P("pleegzorg", A0, A1, 7)], [P("pleegzorg", A0, A1, 7)],
         (date(2025, 8, 1), date(2025, 8, 31)), None, "nothing in the window"),
    ],
)
def test_placed_together_or_apart(first, second, window, expected, why):
    assert placed_together(first, second, *window) is expected, why
    assert placed_together(second, first, *window) is expected, "symmetric"
