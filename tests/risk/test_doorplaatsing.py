"""Issue 22, point 1: one definition of doorplaatsing and overgang (DOMAIN.md), as a table of
placement sequences and how each start counts; and the 'many placements' rules that use it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

import pytest

from caseflow.risk.config import Thresholds
from caseflow.risk.history import CaseHistory
from caseflow.risk.history import Placement as HistoryPlacement
from caseflow.risk.rules import onplanmatig_beeindigd, veel_plaatsingen_12m, veel_plaatsingen_totaal
from caseflow.timeline.doorplaatsing import (
    Kind,
    classify,
    counted_placements,
    doorplaatsingen,
    unplanned_endings,
)

D0 = date(2025, 1, 1)


class P(NamedTuple):
    id: int
    type: str
    start_date: date
    actual_end: date | None = None
    ending: str | None = None
    planned_end: date | None = None
    end_reason: str | None = None
    provider_id: int | None = None
    provider_name: str = ""
    retracted_at: object = None


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def place(id_, type_, start, end=None, ending=None, *, planned=None, reason=None,
          provider="Aanbieder A", provider_id=None, retracted=None) -> P:
    return P(id_, type_, day(start), None if end is None else day(end), ending,
             None if planned is None else day(planned), reason, provider_id, provider, retracted)


FOSTER, HOME_HELP, SHORT, RESID, GZH = (
    "pleegzorg", "thuis_ambulant", "kortdurend_verblijf", "verblijf_24uur", "gezinshuis"
)
E, D, V, H, N, Z = (Kind.EERSTE, Kind.DOORPLAATSING, Kind.VERVOLG, Kind.NAAR_HUIS,
                    Kind.NAAST_LOPENDE, Kind.ZELFDE_PLEK)

TABLE = {
    "one placement": ([place(1, FOSTER, 0)], [E]),
    "crisis ending, next place the same day": (
        [place(1, FOSTER, 0, 100, "onplanmatig", reason="crisis", provider="B"),
         place(2, RESID, 100)], [E, D]),
    "provider gave up, next place after 30 days": (
        [place(1, GZH, 0, 100, "onplanmatig", reason="aanbieder_stopt", provider="B"),
         place(2, RESID, 130)], [E, D]),
    "ran away, next place after 31 days: too long ago": (
        [place(1, RESID, 0, 100, "onplanmatig", reason="weggelopen"), place(2, GZH, 131)],
        [E, V]),
    "ended as planned, next place": (
        [place(1, GZH, 0, 100, "planmatig", planned=100, provider="B"), place(2, FOSTER, 100)],
        [E, V]),
    "ended before the planned end at the provider's request (recorded as planned)": (
        [place(1, GZH, 0, 60, "planmatig", planned=180, reason="aanbieder_stopt",
               provider="B"), place(2, RESID, 70)], [E, D]),
    "kortdurend, then the planned follow-on": (
        [place(1, SHORT, 0, 40, "planmatig", planned=42, provider="B"), place(2, FOSTER, 40)],
        [E, V]),
    "breakdown, crisis bed, then the planned follow-on": (
        [place(1, FOSTER, 0, 100, "onplanmatig", reason="crisis", provider="B"),
         place(2, SHORT, 100, 120, "planmatig", provider="C"), place(3, GZH, 120)], [E, D, V]),
    "going home after a planned ending": (
        [place(1, FOSTER, 0, 100, "planmatig", provider="B"), place(2, HOME_HELP, 100)],
        [E, H]),
    "going home after a breakdown is no new place": (
        [place(1, FOSTER, 0, 100, "onplanmatig", reason="crisis", provider="B"),
         place(2, HOME_HELP, 100)], [E, H]),
    "breakdown, two weeks at home, then a new place": (
        [place(1, FOSTER, 0, 100, "onplanmatig", reason="crisis", provider="B"),
         place(2, HOME_HELP, 100, 114, "planmatig", provider="C"), place(3, RESID, 114)],
        [E, H, D]),
    "three respite weekends beside running foster care": (
        [place(1, FOSTER, 0, provider="B"),
         place(2, SHORT, 30, 32, "planmatig"), place(3, SHORT, 60, 62, "planmatig"),
         place(4, SHORT, 90, 92, "planmatig")], [E, N, N, N]),
    "respite beside foster care that ends in a crisis": (
        [place(1, FOSTER, 0, provider="B"),
         place(2, SHORT, 30, 31, "onplanmatig", reason="crisis")], [E, N]),
    "new tariff at the same place (same provider id)": (
        [place(1, RESID, 0, 200, "planmatig", provider="B", provider_id=7),
         place(2, RESID, 200, provider="B (nieuw contract)", provider_id=7)], [E, Z]),
    "new tariff at the same place (same provider name), next day": (
        [place(1, GZH, 0, 200, "planmatig", provider="Gezinshuis De Es"),
         place(2, GZH, 201, provider="gezinshuis de es ")], [E, Z]),
    "same provider, other kind of care: a real step": (
        [place(1, GZH, 0, 200, "planmatig", provider="B"), place(2, RESID, 200, provider="B")],
        [E, V]),
    "a retracted placement counts for nothing": (
        [place(1, FOSTER, 0, 100, "onplanmatig", reason="crisis", retracted="x"),
         place(2, RESID, 100)], [E]),
}


@pytest.mark.parametrize("name", list(TABLE))
def test_each_kind_of_sequence_counts_as_in_the_table(name):
    placements, expected = TABLE[name]
    assert [s.kind for s in classify(placements)] == expected
    found = doorplaatsingen(placements)
    assert [s.placement.id for s in found] == [
        s.placement.id for s in classify(placements) if s.kind is Kind.DOORPLAATSING
    ]
    for start in found:  # each doorplaatsing names the placement that broke down before it
        assert start.after is not None and start.after in unplanned_endings(placements)


def test_unplanned_endings_and_counted_placements():
    placements = TABLE["three respite weekends beside running foster care"][0]
    assert [p.id for p in counted_placements(placements)] == [1]
    broken = TABLE["breakdown, crisis bed, then the planned follow-on"][0]
    assert [p.id for p in unplanned_endings(broken)] == [1]
    assert [p.id for p in counted_placements(broken)] == [1, 2, 3]
    tariff = TABLE["new tariff at the same place (same provider id)"][0]
    assert [p.id for p in counted_placements(tariff)] == [1]


def _history(placements: list[P], as_of: date) -> CaseHistory:
    return CaseHistory(
        case_id=1, reference="RET-1", as_of=as_of, phase="blijven_volgen", phase_since=D0,
        birth_year=2012, birth_month=1, problem_areas=frozenset(), follow_up_weeks=None,
        events=[],
        placements=[
            HistoryPlacement(p.id, p.type, True, p.start_date, p.actual_end, p.ending, None,
                             p.planned_end, p.end_reason, p.provider_id, p.provider_name)
            for p in placements
        ],
        analyses=[], regisseur_since=[],
    )


def test_foster_child_with_three_respite_weekends_is_not_flagged_for_many_placements():
    """Regression (issue 22): four placement rows, one placement of its own."""
    limits = Thresholds(placements_total=4, placements_12m=3)
    placements = TABLE["three respite weekends beside running foster care"][0]
    history = _history(placements, day(120))
    assert veel_plaatsingen_totaal(history, limits) == []
    assert veel_plaatsingen_12m(history, limits) == []


def test_many_real_moves_are_still_flagged_with_the_same_code_and_threshold():
    limits = Thresholds(placements_total=4, placements_12m=3)
    moves = [
        place(n, RESID if n % 2 else GZH, 20 * n, 20 * n + 20, "onplanmatig",
              reason="crisis", provider=f"P{n}")
        for n in range(4)
    ] + [place(9, SHORT, 30, 32, "planmatig")]  # a respite stay beside the second: not counted
    history = _history(moves, day(90))
    flags = veel_plaatsingen_totaal(history, limits)
    assert [f.code for f in flags] == ["veel_plaatsingen_totaal"]
    assert [e.id for e in flags[0].evidence] == [0, 1, 2, 3]
    assert flags[0].explanation.startswith("4 plaatsingen")
    assert [f.code for f in veel_plaatsingen_12m(history, limits)] == ["veel_plaatsingen_12m"]
    assert [e.id for e in onplanmatig_beeindigd(history, limits)[0].evidence] == [0, 1, 2, 3]
