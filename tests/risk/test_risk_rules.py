"""Each rule just below, at and just above its threshold (pure functions, no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from caseflow.risk import rules
from caseflow.risk.config import DEFAULTS, thresholds
from caseflow.risk.history import CaseHistory, Event, Placement

D = date(2026, 6, 15)


def hist(**kw) -> CaseHistory:
    values = {
        "case_id": 1, "reference": "GV-2026-0001", "as_of": D, "phase": "ret_bespreking",
        "phase_since": D - timedelta(days=10), "birth_year": 2012, "birth_month": 5,
        "problem_areas": frozenset(), "follow_up_weeks": None, "events": [], "placements": [],
        "analyses": [datetime(2020, 1, 1, tzinfo=UTC)], "regisseur_since": [],
    }
    values.update(kw)
    return CaseHistory(**values)


def pl(pid: int, start: date, *, type_="gezinshuis", end=None, ending=None, in_region=True):
    return Placement(pid, type_, in_region, start, end, ending, 100 + pid)


def ev(eid: int, kind: str, on: date) -> Event:
    return Event(eid, kind, on, None)


def codes(h: CaseHistory) -> set[str]:
    return {f.code for f in rules.evaluate(h, DEFAULTS)}


def fire(rule, h) -> list[rules.Flag]:
    return rule(h, DEFAULTS)


YEAR_AGO = date(2025, 6, 15)


@pytest.mark.parametrize("count,expected", [(2, 0), (3, 1), (4, 1)])
def test_veel_plaatsingen_12m(count, expected):
    old = pl(9, YEAR_AGO - timedelta(days=1), end=YEAR_AGO, ending="planmatig")
    recent = [
        pl(i, YEAR_AGO + timedelta(days=30 * i), end=YEAR_AGO + timedelta(days=30 * i + 29),
           ending="planmatig")
        for i in range(count)
    ]
    flags = fire(rules.veel_plaatsingen_12m, hist(placements=[old, *recent]))
    assert len(flags) == expected
    if flags:
        assert flags[0].severity == "hoog"
        assert f"{count} plaatsingen gestart in de laatste 12 maanden" in flags[0].explanation
        assert {e.id for e in flags[0].evidence} == {p.id for p in recent}


@pytest.mark.parametrize("count,expected", [(3, 0), (4, 1), (5, 1)])
def test_veel_plaatsingen_totaal(count, expected):
    placements = [pl(i, date(2018 + i, 1, 1), end=date(2018 + i, 6, 1), ending="planmatig")
                  for i in range(count)]
    flags = fire(rules.veel_plaatsingen_totaal, hist(placements=placements))
    assert len(flags) == expected
    if flags:
        assert flags[0].severity == "midden" and f"{count} plaatsingen" in flags[0].explanation


@pytest.mark.parametrize("ended,expected", [(-1, 0), (0, 1), (1, 1)])
def test_onplanmatig_beeindigd_window(ended, expected):
    end = YEAR_AGO + timedelta(days=ended)
    flags = fire(rules.onplanmatig_beeindigd,
                 hist(placements=[pl(1, date(2024, 1, 1), end=end, ending="onplanmatig")]))
    assert len(flags) == expected
    planned = hist(placements=[pl(1, date(2024, 1, 1), end=D, ending="planmatig")])
    assert fire(rules.onplanmatig_beeindigd, planned) == []


@pytest.mark.parametrize("days,expected", [(55, 0), (56, 0), (57, 1)])
def test_tijdelijk_te_lang(days, expected):
    stay = pl(1, D - timedelta(days=days), type_="kortdurend_verblijf")
    assert len(fire(rules.tijdelijk_te_lang, hist(placements=[stay]))) == expected
    other = pl(1, D - timedelta(days=days), type_="gezinshuis")
    assert fire(rules.tijdelijk_te_lang, hist(placements=[other])) == []


def test_tijdelijk_te_lang_explains_weeks():
    stay = pl(1, D - timedelta(days=70), type_="kortdurend_verblijf")
    (flag,) = fire(rules.tijdelijk_te_lang, hist(placements=[stay]))
    assert "10 weken" in flag.explanation and flag.evidence[0].event_id == 101


def test_buiten_regio():
    assert fire(rules.buiten_regio, hist(placements=[pl(1, D, in_region=True)])) == []
    (flag,) = fire(rules.buiten_regio, hist(placements=[pl(1, D, in_region=False)]))
    assert flag.severity == "midden"
    ended = pl(1, date(2025, 1, 1), in_region=False, end=D - timedelta(days=1), ending="planmatig")
    assert fire(rules.buiten_regio, hist(placements=[ended])) == []


@pytest.mark.parametrize("days,expected", [(83, 0), (84, 0), (85, 1)])
def test_lang_wachten_in_phase(days, expected):
    h = hist(phase="plaatsing", phase_since=D - timedelta(days=days))
    assert len(fire(rules.lang_wachten, h)) == expected
    placed = hist(phase="plaatsing", phase_since=D - timedelta(days=days),
                  placements=[pl(1, D - timedelta(days=2))])
    assert fire(rules.lang_wachten, placed) == []


@pytest.mark.parametrize("days,expected", [(83, 0), (84, 0), (85, 1)])
def test_lang_wachten_wachtlijst(days, expected):
    waiting = ev(7, "wachtlijst", D - timedelta(days=days))
    flags = fire(rules.lang_wachten, hist(events=[waiting]))
    assert len(flags) == expected
    if flags:
        assert flags[0].evidence[0].event_id == 7
    placed = hist(events=[waiting], placements=[pl(1, D - timedelta(days=3))])
    assert fire(rules.lang_wachten, placed) == []


@pytest.mark.parametrize("birth_month,expected", [(7, 0), (6, 1), (5, 1)])
def test_oudere_jeugdige_gedrag(birth_month, expected):
    # born 2014; the placement starts 2026-06-15: 11 (birthday in July), 12 (June), 12 (May)
    h = hist(birth_year=2014, birth_month=birth_month, problem_areas=frozenset({"gedrag"}),
             placements=[pl(1, D)])
    assert len(fire(rules.oudere_jeugdige_gedrag, h)) == expected
    older = hist(birth_year=2013, birth_month=1, problem_areas=frozenset({"gedrag"}),
                 placements=[pl(1, D)])
    assert fire(rules.oudere_jeugdige_gedrag, older)[0].severity == "laag"
    no_area = hist(birth_year=2010, problem_areas=frozenset({"trauma"}), placements=[pl(1, D)])
    assert fire(rules.oudere_jeugdige_gedrag, no_area) == []


@pytest.mark.parametrize("count,expected", [(1, 0), (2, 1), (3, 1)])
def test_crises_recent(count, expected):
    crises = [ev(i, "crisis", D - timedelta(days=i * 10)) for i in range(count)]
    outside = ev(99, "crisis", D - timedelta(days=91))
    flags = fire(rules.crises_recent, hist(events=[outside, *crises]))
    assert len(flags) == expected
    if flags:
        assert f"{count} crises in de laatste 90 dagen" in flags[0].explanation


def test_crises_window_edge():
    at_edge = [ev(1, "crisis", D - timedelta(days=90)), ev(2, "crisis", D)]
    assert fire(rules.crises_recent, hist(events=at_edge))
    past_edge = [ev(1, "crisis", D - timedelta(days=91)), ev(2, "crisis", D)]
    assert fire(rules.crises_recent, hist(events=past_edge)) == []


@pytest.mark.parametrize("offset,expected", [(-1, 0), (0, 0), (1, 1)])
def test_geen_analyse_voor_plaatsing(offset, expected):
    start = date(2026, 3, 1)
    recorded = datetime.combine(start + timedelta(days=offset), datetime.min.time(), UTC)
    h = hist(placements=[pl(1, start)], analyses=[recorded])
    assert len(fire(rules.geen_analyse_voor_plaatsing, h)) == expected
    assert fire(rules.geen_analyse_voor_plaatsing, hist(placements=[pl(1, start)], analyses=[]))


@pytest.mark.parametrize("days,expected", [(41, 0), (42, 0), (43, 1)])
def test_volgen_verlopen(days, expected):
    h = hist(phase="blijven_volgen", phase_since=D - timedelta(days=days), follow_up_weeks=6)
    assert len(fire(rules.volgen_verlopen, h)) == expected
    contact = hist(phase="blijven_volgen", phase_since=D - timedelta(days=days),
                   follow_up_weeks=6, events=[ev(5, "contact_jeugdige", D - timedelta(days=3))])
    assert fire(rules.volgen_verlopen, contact) == []
    other_phase = hist(phase="evaluatie", phase_since=D - timedelta(days=days))
    assert fire(rules.volgen_verlopen, other_phase) == []


@pytest.mark.parametrize("changes,expected", [(1, 0), (2, 1), (3, 1)])
def test_wisseling_regisseur(changes, expected):
    first = (1, date(2020, 1, 1))
    later = [(i + 2, D - timedelta(days=20 * (i + 1))) for i in range(changes)]
    assert len(fire(rules.wisseling_regisseur, hist(regisseur_since=[first, *later]))) == expected


def test_wisseling_regisseur_window():
    old = [(1, date(2020, 1, 1)), (2, YEAR_AGO - timedelta(days=1)), (3, D)]
    assert fire(rules.wisseling_regisseur, hist(regisseur_since=old)) == []
    at = [(1, date(2020, 1, 1)), (2, YEAR_AGO), (3, D)]
    assert fire(rules.wisseling_regisseur, hist(regisseur_since=at))


def test_closed_and_unknown_cases_raise_nothing():
    loaded = {"events": [ev(1, "crisis", D), ev(2, "crisis", D)],
                  "placements": [pl(1, D, in_region=False)], "analyses": []}
    assert codes(hist(**loaded)) == {"crises_recent", "buiten_regio", "geen_analyse_voor_plaatsing"}
    assert codes(hist(phase="afgesloten", **loaded)) == set()
    assert codes(hist(phase=None, **loaded)) == set()


def test_thresholds_overridable(app):
    app.config["RISK_THRESHOLDS"] = {"crises": 3}
    try:
        assert thresholds().crises == 3
        crises = [ev(1, "crisis", D), ev(2, "crisis", D)]
        assert rules.crises_recent(hist(events=crises), thresholds()) == []
    finally:
        del app.config["RISK_THRESHOLDS"]
    with pytest.raises(ValueError):
        thresholds({"geen_drempel": 1})


def test_every_code_has_a_rule_and_a_label():
    from caseflow.risk.vocab import CODE_LABELS

    assert set(rules.CODES) == set(rules.SEVERITY) == set(CODE_LABELS)
    assert len(rules.CODES) == 11


def test_wisseling_regisseur_from_events_without_memberships():
    first = ev(1, "wisseling_regisseur", date(2020, 1, 1))
    changes = [ev(2, "wisseling_regisseur", D - timedelta(days=40)),
               ev(3, "wisseling_regisseur", D - timedelta(days=20))]
    (flag,) = fire(rules.wisseling_regisseur, hist(events=[first, *changes]))
    assert "2 wisselingen" in flag.explanation and [e.id for e in flag.evidence] == [2, 3]
    assert fire(rules.wisseling_regisseur, hist(events=[first, changes[0]])) == []
