"""Stored flags: recomputed in the write's own transaction, acknowledged, cleared with history;
the as-of report; the bulk recompute in a fixed number of queries."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import delete, select

from caseflow.cases.workflow import Phase
from caseflow.extensions import db
from caseflow.risk.hooks import recompute_pending
from caseflow.risk.models import RiskFlag
from caseflow.risk.services import RiskError, acknowledge, recompute, report
from caseflow.timeline.placements import PlacementInput, start_placement
from caseflow.timeline.services import EventContent, log_event, retract_event
from tests.case_helpers import chair_user, new_case
from tests.factories import UserFactory

TODAY = date(2026, 6, 15)


def at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def crisis(case, actor, day: date, recorded: date | None = None):
    return log_event(
        case, EventContent(kind="crisis", title="Crisis", occurred_on=day), actor,
        recorded_at=at(recorded or day),
    )


def active(case) -> dict[str, RiskFlag]:
    return {
        f.code: f for f in db.session.scalars(
            select(RiskFlag).where(RiskFlag.case_id == case.id, RiskFlag.cleared_at.is_(None))
        )
    }


def all_flags(case) -> list[RiskFlag]:
    return list(db.session.scalars(
        select(RiskFlag).where(RiskFlag.case_id == case.id).order_by(RiskFlag.id)
    ))


@freeze_time(TODAY)
def test_a_write_raises_flags_in_its_own_transaction(app):
    chair = chair_user()
    case = new_case(chair)
    crisis(case, chair, TODAY - timedelta(days=10))
    assert "crises_recent" not in active(case)
    second = crisis(case, chair, TODAY - timedelta(days=2))
    flag = active(case)["crises_recent"]
    assert flag.severity == "hoog" and "2 crises in de laatste 90 dagen" in flag.explanation
    assert {e["event_id"] for e in flag.evidence} >= {second.id}
    assert flag.raised_on == TODAY


@freeze_time(TODAY)
def test_acknowledge_then_clear_keeps_history(app):
    chair = chair_user()
    case = new_case(chair)
    crisis(case, chair, TODAY - timedelta(days=10))
    second = crisis(case, chair, TODAY - timedelta(days=2))
    flag = active(case)["crises_recent"]
    with pytest.raises(RiskError):
        acknowledge(flag, chair, note="   ")
    with pytest.raises(RiskError):
        acknowledge(flag, UserFactory(role="professional"), note="Gezien")
    assert flag.acknowledged_at is None
    acknowledge(flag, chair, note="Besproken in het RET")
    assert flag.acknowledged and flag.active
    with pytest.raises(RiskError):
        acknowledge(flag, chair, note="Nog een keer")
    retract_event(second, case, chair, reason="Dubbel vastgelegd")
    db.session.flush()
    assert "crises_recent" not in active(case)
    (old,) = [f for f in all_flags(case) if f.code == "crises_recent"]
    assert old.cleared_on == TODAY and old.acknowledgement_note == "Besproken in het RET"
    crisis(case, chair, TODAY - timedelta(days=1))
    rows = [f for f in all_flags(case) if f.code == "crises_recent"]
    assert len(rows) == 2 and rows[0].cleared_at and rows[1].active and not rows[1].acknowledged


@freeze_time(TODAY)
def test_closing_the_case_clears_everything(app):
    chair = chair_user()
    case = new_case(chair)
    crisis(case, chair, TODAY - timedelta(days=3))
    crisis(case, chair, TODAY - timedelta(days=2))
    assert active(case)
    from caseflow.cases.services import move_case
    from caseflow.cases.workflow import Trigger

    move_case(case, Trigger.AFSLUITEN, chair, reason="Klaar", closing_reason="afgerond")
    db.session.flush()
    assert active(case) == {}
    assert all_flags(case)


@freeze_time(TODAY)
def test_report_as_of_before_and_after_the_evidence(app):
    chair = chair_user()
    with freeze_time(date(2026, 1, 5)):
        case = new_case(chair, registered_on=date(2026, 1, 5))
    crisis(case, chair, date(2026, 3, 1))
    crisis(case, chair, date(2026, 3, 10), recorded=date(2026, 3, 20))  # recorded late
    db.session.flush()

    def codes(as_of):
        rows = report(as_of, case.reference)
        return {f["code"] for f in rows[0]["flags"]}

    assert "crises_recent" not in codes(date(2026, 3, 19))  # the second was not known yet
    assert "crises_recent" in codes(date(2026, 3, 20))
    assert "crises_recent" in codes(date(2026, 5, 29))  # 2026-03-01 is 89 days before
    assert "crises_recent" not in codes(date(2026, 6, 10))  # the first has left the window


@freeze_time(TODAY)
def test_report_as_of_placements_known_then(app):
    chair = chair_user()
    with freeze_time(date(2026, 1, 5)):
        case = new_case(chair, phase=Phase.RET_BESPREKING, registered_on=date(2026, 1, 5))
    for index, start in enumerate([date(2025, 9, 1), date(2025, 12, 1)]):
        placement = start_placement(
            case, PlacementInput(type="pleegzorg", provider_name=f"P{index}", start_date=start),
            chair, recorded_at=at(date(2026, 1, 5)),
        )
        from caseflow.timeline.placements import end_placement

        end_placement(placement, case, chair, end_date=start + timedelta(days=60),
                      ending="onplanmatig", end_reason="crisis", recorded_at=at(date(2026, 1, 5)))
    start_placement(
        case, PlacementInput(type="gezinshuis", provider_name="P3", start_date=date(2026, 4, 1),
                             in_region=False),
        chair, recorded_at=at(date(2026, 4, 2)),
    )
    db.session.flush()

    def flags(as_of):
        return {f["code"]: f for f in report(as_of, case.reference)[0]["flags"]}

    before = flags(date(2026, 4, 1))
    assert "veel_plaatsingen_12m" not in before and "buiten_regio" not in before
    assert "onplanmatig_beeindigd" in before
    after = flags(date(2026, 4, 2))
    assert after["veel_plaatsingen_12m"]["severity"] == "hoog"
    assert "3 plaatsingen gestart" in after["veel_plaatsingen_12m"]["explanation"]
    assert "buiten_regio" in after
    assert {e["type"] for e in after["buiten_regio"]["evidence"]} == {"placement"}
    assert "veel_plaatsingen_12m" not in flags(date(2026, 12, 2))  # Sep 2025 left the window
    assert report(date(2025, 12, 31), case.reference) == [
        {"ref": case.reference, "flags": []}
    ]  # not yet registered then


@freeze_time(TODAY)
def test_report_cli_json_shape(app, runner):
    chair = chair_user()
    case = new_case(chair)
    crisis(case, chair, TODAY - timedelta(days=5))
    crisis(case, chair, TODAY - timedelta(days=4))
    db.session.flush()
    result = runner.invoke(args=["risk", "report", "--json", "--ref", case.reference,
                                 "--as-of", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data[0]["ref"] == case.reference
    (flag,) = data[0]["flags"]
    assert set(flag) == {"code", "severity", "explanation", "evidence"}
    assert flag["code"] == "crises_recent" and len(flag["evidence"]) == 2
    bad = runner.invoke(args=["risk", "report", "--json", "--as-of", "15-06-2026"])
    assert bad.exit_code != 0 and "JJJJ-MM-DD" in bad.output
    earlier = runner.invoke(args=["risk", "report", "--json", "--ref", case.reference,
                                  "--as-of", (TODAY - timedelta(days=6)).isoformat()])
    assert json.loads(earlier.output) == [{"ref": case.reference, "flags": []}]


def _cases_with_flags(count: int, chair) -> None:
    for index in range(count):
        case = new_case(chair, pseudonym=f"Kind{index}")
        crisis(case, chair, TODAY - timedelta(days=3))
        crisis(case, chair, TODAY - timedelta(days=2))
    recompute_pending()  # their flags, as their commit would have raised them


@freeze_time(TODAY)
def test_recompute_is_a_bulk_job(app, count_queries, runner):
    chair = chair_user()
    counts = []
    for size in (2, 8):
        _cases_with_flags(size, chair)
        db.session.execute(delete(RiskFlag))
        db.session.flush()
        with count_queries() as queries:
            raised, _updated, _cleared = recompute()
        counts.append(len(queries))
        assert raised >= size
    assert counts[0] == counts[1], counts
    assert counts[0] <= 13  # 12, and one read of the region's settings (risk.config)
    result = runner.invoke(args=["risk", "recompute"])
    assert result.exit_code == 0, result.output
    assert "casussen" in result.output


@freeze_time(TODAY)
def test_recompute_ten_thousand_cases_in_a_fixed_number_of_queries(app, count_queries):
    from sqlalchemy import insert

    from caseflow.cases.models import Case, PhaseTransition
    from caseflow.timeline.models import Placement
    from tests.factories import GemeenteFactory

    gemeente = GemeenteFactory()
    size = 10_000
    db.session.execute(insert(Case), [
        {"reference": f"BULK-{i:05d}", "pseudonym": "Bulk", "birth_year": 2012, "birth_month": 1,
         "gemeente_id": gemeente.id, "referrer_type": "gi", "question": "-",
         "current_situation": "", "registered_on": date(2026, 1, 1), "phase": "ret_bespreking",
         "phase_since": at(date(2026, 1, 1)), "version": 1}
        for i in range(size)
    ])
    ids = list(db.session.scalars(select(Case.id).where(Case.reference.like("BULK-%"))))
    db.session.execute(insert(PhaseTransition), [
        {"case_id": i, "to_phase": "ret_bespreking", "at": at(date(2026, 1, 1)), "reason": ""}
        for i in ids
    ])
    db.session.execute(insert(Placement), [
        {"case_id": i, "type": "gezinshuis", "provider_name": "X", "in_region": False,
         "start_date": date(2026, 2, 1), "recorded_at": at(date(2026, 2, 1)), "end_note": ""}
        for i in ids
    ])
    with count_queries() as queries:
        raised, _updated, _cleared = recompute()
    assert raised == 2 * size  # buiten_regio and geen_analyse_voor_plaatsing for each
    # 12, the region's settings (risk.config), and on PostgreSQL the recompute lock
    assert len(queries) <= 15, len(queries)  # + the open searches (issue 25)


@freeze_time(TODAY)
def test_report_export_is_in_the_access_log(app, runner):
    from caseflow.audit.models import AccessLogEntry

    chair = chair_user()
    case = new_case(chair)
    db.session.flush()
    result = runner.invoke(args=["risk", "report", "--json", "--ref", case.reference])
    assert result.exit_code == 0, result.output
    entry = db.session.scalar(
        select(AccessLogEntry).where(AccessLogEntry.object_type == "risk_report")
    )
    assert entry.case_id == case.id and entry.event_type == "export"
