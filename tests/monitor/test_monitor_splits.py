"""The splits, the verblijf split, the waiting and cost regressions and the Dutch downloads,
against hand-computed values on the region of tests/monitor_data.py."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from caseflow.auth.models import Role
from caseflow.cases.models import Case, PhaseTransition
from caseflow.extensions import db
from caseflow.monitor import flow, stays
from caseflow.monitor.periods import Dimension, Period, PeriodKind
from caseflow.monitor.tables import Cell
from caseflow.timeline.models import Placement
from tests import monitor_data

YEAR_2025 = Period(PeriodKind.YEAR, 2025)
TODAY = date(2026, 11, 25)


@pytest.fixture
def region(app):
    return monitor_data.build()


def _values(table) -> dict:
    return {label: [cell.value for cell in cells] for label, cells in table.rows}


def test_instroom_by_type_of_care_provider_and_number_of_providers(region):
    # Five Aastad cases: gezinshuis at X; the first also pleegzorg at Y. Bedorp: no placement.
    by_type = _values(flow.instroom(YEAR_2025, Dimension.SOORT_ZORG))
    assert by_type == {"Pleegzorg": [1, 0], "Gezinshuis": [5, 0], "Geen plaatsing": [1, 1]}
    by_provider = _values(flow.instroom(YEAR_2025, Dimension.AANBIEDER))
    assert by_provider == {"X": [5, 0], "Y": [1, 0], "Geen plaatsing": [1, 1]}
    counts = _values(flow.instroom(YEAR_2025, Dimension.AANTAL_AANBIEDERS))
    assert counts == {"0": [1, 1], "1": [4, 0], "2": [1, 0]}
    assert list(counts) == ["0", "1", "2"]


def test_age_bands_include_18_to_23(region):
    from caseflow.cases.services import Intake, register_case
    from tests.monitor_data import at  # noqa: F401 - same helper as the region

    register_case(
        Intake(pseudonym="Kind", birth_year=2005, birth_month=1, gemeente=region["a"],
               referrer_type="gi", question="?", problem_areas=["trauma"],
               registered_on=date(2025, 5, 1)),
        region["chair"], region="GV", at=monitor_data.at(date(2025, 5, 1)),
    )
    table = flow.instroom(YEAR_2025, Dimension.LEEFTIJD)
    # born 2012 -> 13 (three Aastad cases and Bedorp's), 2008 -> 17 (two), 2005 -> 20
    assert [(label, cells[0].value) for label, cells in table.rows] == [
        ("12-15", 4), ("16-17", 2), ("18-23", 1)
    ]


def test_uitval_by_type_of_care_uses_the_placements_own_type(region):
    table = stays.uitval(YEAR_2025, Dimension.SOORT_ZORG, TODAY)
    rows = _values(table)
    assert rows["Gezinshuis"][:2] == [1, 5]  # the one breakdown, five starts
    assert rows["Pleegzorg"][:2] == [0, 1]


def test_verblijf_follows_the_split_with_a_total_per_group(region):
    table = stays.verblijf(YEAR_2025, TODAY, Dimension.GEMEENTE)
    assert _values(table) == {
        "Aastad · Pleegzorg": [1, 1, 0, 1],
        "Aastad · Gezinshuis": [5, 5, 5, 0],
        "Aastad · totaal": [6, 6, 5, 1],
        "Totaal": [6, 6, 5, 1],
    }
    assert table.row_header == "Gemeente · Soort verblijf"
    # Aastad's pleegzorg (1) is small; the totals would give it away, so more is hidden
    shown = {label: [c.display() for c in cells] for label, cells in table.rows}
    assert shown["Aastad · Pleegzorg"] == ["<5"] * 4
    assert shown["Aastad · Gezinshuis"] == ["<5", "<5", "<5", "0"]  # 6 = 1 + 5 otherwise
    assert shown["Totaal"] == ["6", "6", "<5", "<5"]


def _place(case: Case, phase_at: datetime) -> None:
    db.session.add(PhaseTransition(case_id=case.id, from_phase=case.phase, to_phase="plaatsing",
                                   trigger="test", at=phase_at))
    case.phase, case.phase_since = "plaatsing", phase_at


def test_waiting_counts_only_cases_that_existed_in_their_phase_then(region):
    other = region["other"]
    _place(other, datetime(2025, 10, 1, 12, tzinfo=UTC))
    db.session.flush()
    past = stays.wachten(Period(PeriodKind.YEAR, 2024), TODAY)
    assert past.rows[0][1] == [Cell(0, 0), Cell(None, 0)]  # before: 1 waiting, -4xx days
    now = stays.wachten(YEAR_2025, TODAY)
    assert now.rows[0][1] == [Cell(1, 1), Cell(91, 1)]  # 1 oct -> 31 dec


def test_a_closed_case_stops_its_placements_and_their_costs(region):
    first = region["cases"][0]
    first.phase, first.closed_at = "afgesloten", datetime(2025, 6, 30, 12, tzinfo=UTC)
    pleegzorg = db.session.query(Placement).filter_by(case_id=first.id, type="pleegzorg").one()
    pleegzorg.tariff_kind, pleegzorg.tariff_amount = "per_dag", 100
    db.session.flush()
    later = stays.verblijf(Period(PeriodKind.YEAR, 2026), TODAY)
    assert "Pleegzorg" not in _values(later)  # not running after the case closed
    days = _values(stays.uitval(YEAR_2025, Dimension.TOTAAL, TODAY))["Totaal"][3]
    assert days == 40 + 121 + 335 + 324 + 313 + 302  # pleegzorg 1 mar - 30 jun = 121
    from caseflow.outcome.cost_indicators import verblijf_kosten

    costs = _values(verblijf_kosten(YEAR_2025, Dimension.TOTAAL, TODAY))
    assert costs["Pleegzorg"][1] == 121 * 100
    assert _values(verblijf_kosten(Period(PeriodKind.YEAR, 2026), Dimension.TOTAAL, TODAY)) \
        .get("Pleegzorg") is None


ARGS = "period=year&year=2025&dimension=totaal"


@pytest.fixture
def chair(auth):
    return auth.login(Role.PROCESBEGELEIDER)


def test_csv_is_in_dutch_form_with_the_tables_own_header(client, chair):
    monitor_data.build()
    text = client.get(f"/monitor/uitval.csv?{ARGS}").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    rate = rows[1][5]
    assert "," in rate and "." not in rate  # 1000 / 1620 -> "0,6"
    assert rate == "0,6"
    verblijf = client.get(f"/monitor/verblijf.csv?{ARGS}").get_data(as_text=True)
    assert verblijf.lstrip("\ufeff").splitlines()[0].startswith("Soort verblijf;Plaatsingen")
    phases = client.get(f"/monitor/duur_fase.csv?{ARGS}").get_data(as_text=True)
    assert phases.lstrip("\ufeff").startswith("Fase;Aantal")


def test_xlsx_download_reads_back_with_numbers_and_suppression(client, chair):
    monitor_data.build()
    response = client.get("/monitor/instroom.xlsx?period=year&year=2025&dimension=gemeente")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Gemeente", "Aanmeldingen", "Heropend"]
    assert ["Aastad", 5, 0] in rows and ["Bedorp", "<5", "<5"] in rows
