"""Imported history known at its own time (issue 19.3).

Several histories are entered by hand, each step on the day it happened (the clock frozen on that
day, through the real services). The same histories as a region's file — only the dates things
happened, no ``recorded_on`` — are imported into an empty database. ``flask risk report --json
--as-of D`` gives the same flags on both for every month D; before, the imported one showed
nothing before the day of the import.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from caseflow.auth.models import Role, User
from caseflow.cases.models import Case, Gemeente, PhaseTransition
from caseflow.cases.records import record_analysis, record_decision
from caseflow.cases.services import Intake, move_case, register_case
from caseflow.cases.vocab import DecisionKind
from caseflow.cases.workflow import Trigger
from caseflow.exchange.exporter import export_cases, select_cases, to_json
from caseflow.exchange.importer import ImportRejected, import_history
from caseflow.extensions import db
from caseflow.timeline.models import EventKind, Placement, TimelineEvent
from caseflow.timeline.placements import PlacementInput, end_placement, start_placement
from caseflow.timeline.queries import TimelineFilters, placements_as_of, timeline_rows
from caseflow.timeline.services import EventContent, log_event
from tests.case_helpers import ANALYSIS, voorzitter
from tests.factories import GemeenteFactory

START = date(2024, 1, 1)
# Each month from the first registration to well after the last step.
AS_OF = [date(2024 + m // 12, m % 12 + 1, 1) for m in range(0, 24)] + [date(2024, 4, 25)]
# What a region's spreadsheet does not have: when caseflow recorded each item.
RECORDED = ("recorded_on", "end_recorded_on", "retracted_on")


def _on(day: date):
    return freeze_time(datetime.combine(day, time(12), tzinfo=UTC))


class Hand:
    """Entering one case by hand, each step on its own day."""

    def __init__(self, chair: User, gemeente: Gemeente, pseudonym: str, day: date) -> None:
        self.chair = chair
        with _on(day):
            self.case = register_case(
                Intake(pseudonym=pseudonym, birth_year=2011, birth_month=3, gemeente=gemeente,
                       referrer_type="gi", question="Een plek die blijft.",
                       problem_areas=["trauma"], registered_on=day),
                chair, region="GV",
            )
        self.placement: Placement | None = None

    def move(self, day: date, trigger: Trigger, **kwargs) -> Hand:
        with _on(day):
            if trigger is Trigger.NAAR_RET:
                record_analysis(self.case, ANALYSIS, self.chair)
            elif trigger is Trigger.NAAR_PLAATSING:
                record_decision(self.case, DecisionKind.BESLUIT_BUITEN_VERGADERING, "Advies RET",
                                self.chair)
            move_case(self.case, trigger, self.chair, **kwargs)
        return self

    def place(self, day: date, kind: str, provider: str) -> Hand:
        with _on(day):
            self.placement = start_placement(self.case, PlacementInput(kind, provider, day),
                                             self.chair)
        return self

    def end(self, day: date, ending: str = "onplanmatig", reason: str | None = "crisis") -> Hand:
        with _on(day):
            end_placement(self.placement, self.case, self.chair, end_date=day, ending=ending,
                          end_reason=reason if ending == "onplanmatig" else None)
        return self

    def log(self, day: date, kind: EventKind, title: str) -> Hand:
        with _on(day):
            log_event(self.case, EventContent(kind.value, title, day), self.chair)
        return self


def _histories(chair: User, gemeente: Gemeente) -> None:
    d = date
    # Placements breaking down, crises in between.
    (Hand(chair, gemeente, "Noor", d(2024, 1, 8))
     .move(d(2024, 1, 15), Trigger.START_ANALYSE).move(d(2024, 2, 1), Trigger.NAAR_RET)
     .move(d(2024, 2, 20), Trigger.NAAR_PLAATSING).place(d(2024, 3, 1), "gezinshuis", "De Vlinder")
     .log(d(2024, 4, 10), EventKind.CRISIS, "Crisis op de groep")
     .log(d(2024, 4, 20), EventKind.CRISIS, "Weggelopen")
     .end(d(2024, 5, 1)).place(d(2024, 5, 1), "pleegzorg", "Pleegzorg Gooi")
     .end(d(2024, 8, 15), reason="aanbieder_stopt").place(d(2024, 8, 15), "verblijf_24uur", "Groep")
     .end(d(2024, 10, 1), reason="weggelopen").place(d(2024, 10, 1), "gezinshuis", "Het Anker"))
    # A short stay that goes on and on, a waiting list, a case waiting in the RET phase.
    (Hand(chair, gemeente, "Sem", d(2024, 2, 5))
     .move(d(2024, 2, 12), Trigger.START_ANALYSE).move(d(2024, 3, 4), Trigger.NAAR_RET)
     .log(d(2024, 3, 10), EventKind.WACHTLIJST, "Op de wachtlijst van de GGZ")
     .place(d(2024, 3, 15), "kortdurend_verblijf", "Logeerhuis"))
    # Placed, then followed ('blijven volgen') without a contact: follow-up overdue; closed later.
    (Hand(chair, gemeente, "Fenna", d(2024, 3, 1))
     .move(d(2024, 3, 8), Trigger.START_ANALYSE).move(d(2024, 4, 1), Trigger.NAAR_RET)
     .move(d(2024, 4, 15), Trigger.NAAR_PLAATSING).place(d(2024, 4, 20), "pleegzorg", "Pleegzorg")
     .move(d(2024, 5, 1), Trigger.START_VOLGEN, follow_up_weeks=4)
     .log(d(2024, 5, 20), EventKind.CONTACT_JEUGDIGE, "Gesprek met de jeugdige")
     .end(d(2024, 9, 1), ending="planmatig").move(d(2024, 9, 2), Trigger.AFSLUITEN,
                                                  closing_reason="afgerond"))


def _comparable(rows: list[dict]) -> dict[str, list[tuple]]:
    """Flags per case, their evidence by what it points at (ids differ between databases)."""
    def what(evidence: dict) -> tuple:
        if evidence["type"] == "placement":
            placement = db.session.get(Placement, evidence["id"])
            return ("placement", placement.type, placement.start_date)
        event = db.session.get(TimelineEvent, evidence["id"])
        return ("event", event.kind, event.occurred_on, event.title)

    return {
        row["ref"]: [(f["code"], f["severity"], f["explanation"],
                      sorted(what(e) for e in f["evidence"])) for f in row["flags"]]
        for row in rows
    }


def _reports(runner) -> dict[date | str, dict]:
    out = runner.invoke(args=["risk", "backtest", "--json"])
    assert out.exit_code == 0, out.output
    result: dict[date | str, dict] = {"backtest": json.loads(out.output)}
    for day in AS_OF:
        out = runner.invoke(args=["risk", "report", "--json", "--as-of", day.isoformat()])
        assert out.exit_code == 0, out.output
        result[day] = _comparable(json.loads(out.output))
    return result


def _legacy(document: dict) -> dict:
    """The file as a region keeps it: when things happened, not when they were recorded."""
    for case in document["cases"]:
        for item in case["events"] + case["placements"]:
            for key in RECORDED:
                item.pop(key, None)
    return document


def _by_hand_then_imported(app, runner, build: Callable[[User, Gemeente], None]):
    region = db.session.begin_nested()
    gemeente = GemeenteFactory(name="Hilversum")
    build(voorzitter(), gemeente)
    db.session.flush()
    by_hand = _reports(runner)
    exported = _legacy(json.loads(to_json(export_cases(select_cases()))))
    region.rollback()
    db.session.expunge_all()
    assert select_cases() == []
    db.session.add(Gemeente(name="Hilversum"))
    db.session.flush()
    import_history(to_json(exported).encode(), None)  # today: long after every step
    db.session.flush()
    return by_hand, _reports(runner)


def test_risk_report_as_of_on_imported_history_equals_the_history_entered_by_hand(app, runner):
    by_hand, imported = _by_hand_then_imported(app, runner, _histories)
    flagged = {day: rows for day, rows in by_hand.items() if rows and day != "backtest"}
    assert len(flagged) >= 10  # the histories give flags on many days, not just one
    codes = {flag[0] for rows in flagged.values() for flags in rows.values() for flag in flags}
    assert "onplanmatig_beeindigd" in codes and len(codes) >= 3, codes
    for day in AS_OF:
        assert imported[day] == by_hand[day], day
    # The backtest, which cuts every month as known then, sees the same breakdowns and flags.
    assert by_hand["backtest"]["breakdowns"] >= 1
    assert imported["backtest"] == by_hand["backtest"]


def test_imported_items_are_known_from_their_own_date_and_marked_with_the_import(app, runner):
    gemeente = GemeenteFactory(name="Hilversum")
    region = db.session.begin_nested()
    _histories(voorzitter(), gemeente)
    db.session.flush()
    exported = _legacy(json.loads(to_json(export_cases(select_cases()))))
    region.rollback()
    db.session.expunge_all()
    before = datetime.now(UTC) - timedelta(seconds=1)
    import_history(to_json(exported).encode(), None)
    db.session.flush()
    case = db.session.scalar(select(Case).where(Case.pseudonym == "Noor"))
    # The timeline as known on 25 April 2024 shows the crises of April, not the later ending.
    known = timeline_rows(case, TimelineFilters(as_of=date(2024, 4, 25)))
    assert [r.title for r in known if r.kind == "crisis"] == ["Crisis op de groep", "Weggelopen"]
    assert all(r.occurred_on <= date(2024, 4, 25) for r in known)
    placements = placements_as_of(case, date(2024, 4, 25))
    assert [(p.type, p.actual_end) for p in placements] == [("gezinshuis", None)]
    assert len(placements_as_of(case, date(2024, 5, 2))) == 2
    # ... and caseflow keeps when it got them.
    events = db.session.scalars(select(TimelineEvent).where(TimelineEvent.case_id == case.id))
    assert all(e.imported_at >= before and e.recorded_at.date() <= date(2024, 10, 1)
               for e in events)
    moves = db.session.scalars(select(PhaseTransition).where(PhaseTransition.case_id == case.id))
    assert all(m.imported and m.imported_at >= before for m in moves)


def test_the_timeline_shows_imported_history_as_known_then_and_marks_the_import(client, auth):
    from tests.exchange_helpers import document, gemeenten, raw

    auth.login(Role.VOORZITTER)
    gemeenten()
    import_history(raw(document()), None)
    db.session.commit()
    page = client.get("/cases/GV-2023-0014/timeline?as_of=2023-05-02").get_data(as_text=True)
    # Known on 2 May 2023: the crisis of 1 May and the first placement, not the second (June).
    assert "Crisis" in page and "Gezinshuis De Vlinder" in page
    assert "Pleegzorg Gooi" not in page
    assert "geïmporteerd op" in page
    placements = client.get("/cases/GV-2023-0014/placements").get_data(as_text=True)
    assert placements.count("geïmporteerd op") == 2


def _file(**changes) -> bytes:
    from tests.exchange_helpers import case, document, raw

    data = document(case(**changes))
    data["format"] = "caseflow-history/2"
    return raw(data)


def test_a_recorded_on_in_the_file_is_when_the_region_knew_it(app):
    from tests.exchange_helpers import CASE, gemeenten

    gemeenten()
    event = {**CASE["events"][0], "recorded_on": "2023-05-20"}  # happened 1 May, noted 20 May
    placement = {**CASE["placements"][0], "recorded_on": "2023-03-10",
                 "end_recorded_on": "2023-07-01"}
    import_history(_file(events=[event], placements=[placement, CASE["placements"][1]]), None)
    case = db.session.scalar(select(Case).where(Case.reference == "GV-2023-0014"))
    def titles(day: date) -> list[str]:
        return [r.title for r in timeline_rows(case, TimelineFilters(as_of=day))]

    assert "Crisis" not in titles(date(2023, 5, 10))
    assert "Crisis" in titles(date(2023, 5, 20))
    assert placements_as_of(case, date(2023, 3, 5)) == []
    # the end of 15 June was recorded on 1 July: on 20 June the placement still runs
    [running] = [p for p in placements_as_of(case, date(2023, 6, 20)) if p.type == "gezinshuis"]
    assert running.actual_end is None


def test_dates_of_knowing_are_checked_with_their_path(app):
    from tests.exchange_helpers import CASE, gemeenten

    gemeenten()
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    version = {"recorded_on": "2023-05-02", "on": "2023-05-01", "kind": "crisis", "title": "Eerst"}
    events = [
        {**CASE["events"][0], "recorded_on": tomorrow},
        {**CASE["events"][0], "id": "e2", "retracted_on": "2023-05-03"},
        {**CASE["events"][0], "id": "e3", "revisions": [version]},
    ]
    analysis = CASE["analysis"]
    with pytest.raises(ImportRejected) as caught:
        import_history(_file(events=events, analysis_versions=[
            {**analysis, "recorded_on": "2023-03-01"}]), None)
    errors = [str(e) for e in caught.value.errors]
    assert errors == [
        "cases[0].analysis_versions[0].recorded_on: ligt na de actuele analyse",
        "cases[0].events[0].recorded_on: ligt in de toekomst",
        "cases[0].events[1].retracted_reason: verplicht als 'retracted_on' is ingevuld",
        "cases[0].events[2].revisions[0]: de laatste versie moet de gebeurtenis zelf zijn "
        "(on, kind, title)",
    ]


def test_a_retrospective_as_of_a_date_before_the_import_freezes_the_imported_history(app):
    from caseflow.retrospectives.frozen_models import FrozenEvent, FrozenPlacement
    from caseflow.retrospectives.services import Preparation, prepare_retrospective
    from tests.case_helpers import chair_user
    from tests.exchange_helpers import document, gemeenten, raw
    from tests.retro_helpers import facilitator, give_consent

    gemeenten()
    import_history(raw(document()), None)
    case = db.session.scalar(select(Case).where(Case.reference == "GV-2023-0014"))
    give_consent(case)
    data = Preparation(facilitator(), date(2023, 5, 2), date.today() + timedelta(days=7),
                       "ochtend", "Wat leren we van de eerste plaatsing?")
    retro = prepare_retrospective(case, data, chair_user())
    events = db.session.scalars(
        select(FrozenEvent).where(FrozenEvent.retrospective_id == retro.id)
    ).all()
    assert "Crisis" in [e.title for e in events]
    assert max(e.occurred_on for e in events) <= date(2023, 5, 2)
    placements = db.session.scalars(
        select(FrozenPlacement).where(FrozenPlacement.retrospective_id == retro.id)
    ).all()
    assert [(p.type, p.actual_end) for p in placements] == [("gezinshuis", None)]
