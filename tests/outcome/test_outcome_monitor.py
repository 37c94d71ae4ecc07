"""The outcome's monitor tables against figures worked out by hand (tests/outcome_data.py), on
the page, in the service and in the CSV, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.auth.models import Role
from caseflow.monitor import services
from caseflow.monitor.periods import Dimension, Period, PeriodKind
from tests import outcome_data

YEAR_2025 = Period(PeriodKind.YEAR, 2025)
ARGS = "period=year&year=2025&dimension=gemeente"


def _rows(table):
    return {label: [cell.csv() for cell in cells] for label, cells in table.rows}


def test_verblijf_costs_equal_the_hand_computed_table(app):
    outcome_data.build_costs()
    # the table as the regions show it: not split (a split by gemeente now splits it)
    table = services.build(YEAR_2025, Dimension.TOTAAL, date(2026, 6, 1)).table(
        "verblijf_kosten"
    )
    assert [label for label, _cells in table.rows] == [
        "Pleegzorg", "Gezinshuis", "Kortdurend verblijf", "Maatwerk", "Totaal",
    ]
    assert _rows(table) == {
        # 12 - 5 - 5 = 2 children under two small types would make both 1: one more is
        # hidden (secondary suppression), with its cost per child (7500 / 1500 = 5)
        "Pleegzorg": ["<5", "7500", "<5", "0"],
        "Gezinshuis": ["5", "5000", "1000", "0"],
        "Kortdurend verblijf": ["<5", "<5", "<5", "<5"],
        "Maatwerk": ["<5", "<5", "<5", "<5"],
        "Totaal": ["12", "32500", "2708", "<5"],  # 1 = the one small type without tariff
    }
    # the euros themselves are unchanged (seed 004's table to the euro)
    assert [c.value for c in dict(table.rows)["Pleegzorg"]][:3] == [5, 7500, 1500]
    assert "twee keer" in table.note


def test_verblijf_costs_csv_equals_the_table(client, auth):
    auth.login(Role.PROCESBEGELEIDER)
    outcome_data.build_costs()
    response = client.get(f"/monitor/verblijf_kosten.csv?{ARGS.replace('gemeente', 'totaal')}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines == [
        "Soort verblijf;Unieke kinderen;Kosten (€);Kosten per kind (€);Zonder tarief",
        "Pleegzorg;<5;7500;<5;0",
        "Gezinshuis;5;5000;1000;0",
        "Kortdurend verblijf;<5;<5;<5;<5",
        "Maatwerk;<5;<5;<5;<5",
        "Totaal;12;32500;2708;<5",
    ]


def test_a_day_tariff_counts_only_the_days_in_the_period(app):
    outcome_data.build_costs()
    table = services.build(Period(PeriodKind.MONTH, 2025, 1), Dimension.TOTAAL).table(
        "verblijf_kosten"
    )
    assert _rows(table)["Gezinshuis"] == ["5", "5000", "1000", "0"]
    assert "Pleegzorg" not in _rows(table)


def test_outcome_indicators_equal_the_hand_computed_values(app):
    outcome_data.build_outcome()
    table = services.build(YEAR_2025, Dimension.GEMEENTE, date(2026, 6, 1)).table("uitkomst")
    rows = _rows(table)
    assert rows["Aastad"] == ["9", "77,8", "0,7", "2,0", "80,0", "11", "90,9", "1"]
    cells = dict(table.rows)["Aastad"]
    assert cells[2].value == pytest.approx(15 / 22, abs=0.005)  # shown with one decimal
    # Bedorp: one child with one evaluation and no goals or placements: counts below 5 hidden
    assert rows["Bedorp"] == ["0", "", "", "", "", "<5", "<5", "<5"]


def test_outcome_table_on_the_monitor_page(client, auth):
    auth.login(Role.VOORZITTER)
    outcome_data.build_outcome()
    html = client.get(f"/monitor?{ARGS}").get_data(as_text=True)
    assert "Uitkomst: doelrealisatie" in html and "Verblijf: kinderen en kosten" in html
    svg = client.get(f"/monitor/chart/uitkomst.svg?{ARGS}")
    assert svg.mimetype == "image/svg+xml" and "<script" not in svg.get_data(as_text=True)


@pytest.mark.parametrize("key", ["uitkomst", "verblijf_kosten"])
def test_professionals_cannot_read_the_outcome_tables(client, auth, key):
    auth.login(Role.PROFESSIONAL)
    assert client.get(f"/monitor/{key}.csv?{ARGS}").status_code == 403
