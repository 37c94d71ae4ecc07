"""The split by legal framework and the scope switches (contracted only, RET cases only),
against hand-computed values on the region of tests/monitor_data.py."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from caseflow.auth.models import Role
from caseflow.cases.fact_models import CaseFramework
from caseflow.extensions import db
from caseflow.meetings.models import AgendaItem, Meeting
from caseflow.monitor import flow, stays
from caseflow.monitor.dimensions import Scope, available, scoped
from caseflow.monitor.periods import Dimension, Period, PeriodKind
from caseflow.timeline.models import Placement
from tests import monitor_data

YEAR_2025 = Period(PeriodKind.YEAR, 2025)
TODAY = date(2026, 11, 25)
OTS, MGJ = "ondertoezichtstelling", "machtiging_gesloten_jeugdhulp"


@pytest.fixture
def region(app):
    return monitor_data.build()


def _values(table) -> dict:
    return {label: [cell.value for cell in cells] for label, cells in table.rows}


def _framework(case, kind: str, start: date, until: date | None = None, *, retracted=False):
    db.session.add(
        CaseFramework(
            case_id=case.id,
            framework=kind,
            from_date=start,
            until_date=until,
            retracted_at=datetime(2025, 12, 1, tzinfo=UTC) if retracted else None,
        )
    )


def _frameworks(region) -> None:
    c = region["cases"]
    _framework(c[0], OTS, date(2025, 1, 1))  # in force at the year's end ...
    _framework(c[0], MGJ, date(2025, 11, 1), date(2026, 2, 1))  # ... and this on top of it
    _framework(c[1], "vrijwillig", date(2025, 1, 11), date(2025, 5, 1))  # ended: its last one
    _framework(c[2], "voogdij", date(2024, 1, 1), date(2024, 6, 1))  # not in the period
    _framework(c[3], "jeugdreclassering", date(2025, 2, 1), retracted=True)  # never counts
    _framework(c[4], "vrijwillig", date(2025, 1, 1), date(2025, 3, 1))
    _framework(c[4], OTS, date(2025, 3, 2))  # the later one counts
    db.session.flush()


def test_the_legal_framework_split_is_offered(app):
    assert Dimension.JURIDISCH_KADER in available()


def test_cases_count_under_the_framework_at_the_periods_end(region):
    _frameworks(region)
    table = flow.instroom(YEAR_2025, Dimension.JURIDISCH_KADER)
    # registered in 2025: the five Aastad cases and Bedorp's (re-opened once, no framework)
    assert list(_values(table).items()) == [
        ("Vrijwillig kader", [1, 0]),  # case 1
        ("Ondertoezichtstelling (OTS)", [2, 0]),  # cases 0 and 4
        ("Machtiging gesloten jeugdhulp", [1, 0]),  # case 0 (beside its OTS)
        ("Geen kader vastgelegd", [3, 1]),  # cases 2, 3 and Bedorp's
    ]


def test_placements_count_under_the_framework_on_their_first_day(region):
    _frameworks(region)
    rows = _values(stays.uitval(YEAR_2025, Dimension.JURIDISCH_KADER, TODAY))
    # starts: case 0 gezinshuis 20 jan and pleegzorg 1 mar (OTS), case 4 on 5 mar (OTS since
    # 2 mar); case 1 on 31 jan (vrijwillig); cases 2 and 3 (none, or retracted)
    assert rows["Ondertoezichtstelling (OTS)"][:2] == [1, 3]  # the breakdown of 1 March
    assert rows["Vrijwillig kader"][:2] == [0, 1]
    assert rows["Geen kader vastgelegd"][:2] == [0, 2]
    assert "Machtiging gesloten jeugdhulp" not in rows  # from November: no start under it


def _contract(region, *indexes: int) -> None:
    for index in indexes:
        placement = (
            db.session.query(Placement)
            .filter_by(case_id=region["cases"][index].id, type="gezinshuis")
            .one()
        )
        placement.contracted = True
    db.session.flush()


def _meeting(region, day: date, *cases, cancelled: bool = False) -> None:
    chair = region["chair"]
    meeting = Meeting(
        starts_at=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
        chair_id=chair.id,
        coordinator_id=chair.id,
        cancelled_at=datetime(2025, 1, 1, tzinfo=UTC) if cancelled else None,
    )
    db.session.add(meeting)
    db.session.flush()
    for position, case in enumerate(cases, start=1):
        db.session.add(AgendaItem(meeting_id=meeting.id, case_id=case.id, position=position))
    db.session.flush()


def test_contracted_only_changes_the_placement_tables_not_the_cases(region):
    _contract(region, 1, 2)  # two gezinshuis placements; case 0's breakdown is not contracted
    whole_instroom = _values(flow.instroom(YEAR_2025, Dimension.TOTAAL))
    assert _values(stays.verblijf(YEAR_2025, TODAY))["Totaal"] == [6, 6, 5, 1]
    with scoped(Scope(contracted_only=True)):
        verblijf = _values(stays.verblijf(YEAR_2025, TODAY))
        uitval = _values(stays.uitval(YEAR_2025, Dimension.TOTAAL, TODAY))["Totaal"]
        instroom = _values(flow.instroom(YEAR_2025, Dimension.TOTAAL))
    assert verblijf == {"Gezinshuis": [2, 2, 2, 0], "Totaal": [2, 2, 2, 0]}
    assert uitval[:2] == [0, 2]  # no contracted breakdown; two contracted starts
    assert instroom == whole_instroom == {"Totaal": [6, 1]}


def test_ret_only_counts_the_cases_discussed_before_the_periods_end(region):
    first, other = region["cases"][0], region["other"]
    _meeting(region, date(2025, 6, 10), first, other)
    _meeting(region, date(2025, 7, 1), region["cases"][1], cancelled=True)  # not held
    _meeting(region, date(2026, 2, 1), region["cases"][2])  # after 2025
    with scoped(Scope(ret_only=True)):
        instroom = _values(flow.instroom(YEAR_2025, Dimension.TOTAAL))
        verblijf = _values(stays.verblijf(YEAR_2025, TODAY))
        looptijd = _values(flow.open_duration(YEAR_2025, Dimension.TOTAAL))
        later = _values(stays.verblijf(Period(PeriodKind.YEAR, 2026), TODAY))
    assert instroom == {"Totaal": [2, 1]}  # case 0 and Bedorp's (re-opened)
    assert verblijf == {
        "Pleegzorg": [1, 1, 0, 1],
        "Gezinshuis": [1, 1, 1, 0],
        "Totaal": [2, 2, 1, 1],
    }
    assert looptijd["Totaal"][0] == 1  # Bedorp's closing
    # 2026: case 2 was discussed then (its gezinshuis runs on); case 0's gezinshuis had ended
    assert later == {"Pleegzorg": [1, 1, 0, 1], "Gezinshuis": [1, 1, 1, 0], "Totaal": [2, 2, 1, 1]}


ARGS = "period=year&year=2025&dimension=totaal"


def test_the_switches_are_checkboxes_carried_into_downloads_and_the_pdf(client, auth):
    region = monitor_data.build()
    _contract(region, 1, 2)
    auth.login(Role.PROCESBEGELEIDER)
    html = client.get(f"/monitor/alles?{ARGS}&gecontracteerd=1").get_data(as_text=True)
    assert 'name="gecontracteerd" value="1" checked' in html
    assert 'name="ret" value="1">' in html  # not switched on
    assert "Alleen gecontracteerde plaatsingen" in html
    assert "gecontracteerd=1" in html.split('data-table="verblijf"')[1].split("</section>")[0]
    response = client.get(f"/monitor/verblijf.csv?{ARGS}&gecontracteerd=1&ret=1")
    assert "verblijf-2025-totaal-gecontracteerd-ret.csv" in response.headers["Content-Disposition"]
    csv = client.get(f"/monitor/verblijf.csv?{ARGS}&gecontracteerd=1").get_data(as_text=True)
    assert "Totaal;<5;<5;<5;0" in csv  # 2 placements only (else 6;6;5;1)
    full = client.get(f"/monitor/verblijf.csv?{ARGS}").get_data(as_text=True)
    assert "Totaal;6;6;<5;<5" in full
    pdf = client.get(f"/monitor/report.pdf?{ARGS}&gecontracteerd=1")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Alleen gecontracteerde plaatsingen" in text
