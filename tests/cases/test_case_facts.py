"""Case facts for the monitor (issue 24, point 1): legal framework periods with corrections and
their history, sibling links both ways, the count of siblings outside caseflow, each logged;
the screens refuse bad input by the field and store nothing; the monitor's query helpers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Role
from caseflow.cases import fact_queries
from caseflow.cases.fact_models import CaseFramework, SiblingLink
from caseflow.cases.fact_services import (
    FactError,
    FrameworkPeriod,
    add_framework,
    case_frameworks,
    correct_framework,
    framework_revisions,
    link_siblings,
    retract_framework,
    set_siblings_outside,
    sibling_links,
    unlink_siblings,
)
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.timeline import fact_queries as placement_queries
from caseflow.timeline.models import TimelineEvent
from caseflow.timeline.placements import PlacementInput, start_placement
from caseflow.timeline.services import EventContent, log_event
from tests.case_helpers import chair_user, new_case
from tests.helpers import csrf_token

D = date(2024, 1, 1)


def _rows(target: str) -> list[AccessLogEntry]:
    return list(db.session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.object_type == target)
        .order_by(AccessLogEntry.id)
    ))


def test_frameworks_over_time_with_a_correction_kept(app):
    chair = chair_user()
    case = new_case(chair, registered_on=D)
    ots = add_framework(case, FrameworkPeriod("ondertoezichtstelling", D, D + timedelta(days=364)),
                        chair)
    add_framework(case, FrameworkPeriod("vrijwillig", D + timedelta(days=365)), chair)
    # A machtiging gesloten jeugdhulp comes on top of the OTS.
    add_framework(case, FrameworkPeriod("machtiging_gesloten_jeugdhulp", D + timedelta(days=30),
                                        D + timedelta(days=120)), chair)
    assert [r.framework for r in case_frameworks(case)] == [
        "ondertoezichtstelling", "machtiging_gesloten_jeugdhulp", "vrijwillig"]
    correct_framework(ots, case, FrameworkPeriod("voogdij", D, D + timedelta(days=364)), chair,
                      reason="Het was voogdij")
    revisions = framework_revisions(ots)
    assert [(r.number, r.framework, r.changed_fields) for r in revisions] == [
        (1, "ondertoezichtstelling", []), (2, "voogdij", ["framework"])]
    assert revisions[1].reason == "Het was voogdij"
    rows = _rows("legal_framework")
    assert [r.event_type for r in rows] == ["create", "create", "create", "change"]
    assert rows[-1].fields == "framework"
    titles = db.session.scalars(select(TimelineEvent.title).where(TimelineEvent.case_id == case.id))
    assert any("voogdij" in t or "ondertoezichtstelling" in t for t in titles)


@pytest.mark.parametrize(
    ("period", "field"),
    [
        (FrameworkPeriod("geen_kader", D), "framework"),
        (FrameworkPeriod("voogdij", D, D - timedelta(days=1)), "until_date"),
        (FrameworkPeriod("voogdij", date.today() + timedelta(days=400)), "from_date"),
        (FrameworkPeriod("vrijwillig", D + timedelta(days=10)), "from_date"),  # overlaps the OTS
        (FrameworkPeriod("ondertoezichtstelling", D + timedelta(days=100)), "from_date"),
    ],
)
def test_bad_periods_are_refused_by_the_field(app, period, field):
    chair = chair_user()
    case = new_case(chair, registered_on=D)
    add_framework(case, FrameworkPeriod("ondertoezichtstelling", D, D + timedelta(days=200)), chair)
    with pytest.raises(FactError) as refused:
        add_framework(case, period, chair)
    assert field in refused.value.problems
    assert len(case_frameworks(case)) == 1


def test_a_retracted_period_stays_listed_and_no_longer_counts(app):
    chair = chair_user()
    case = new_case(chair, registered_on=D)
    row = add_framework(case, FrameworkPeriod("jeugdreclassering", D), chair)
    with pytest.raises(FactError):
        retract_framework(row, case, chair, reason=" ")
    retract_framework(row, case, chair, reason="Verkeerde casus")
    assert case_frameworks(case) == []
    assert [r.id for r in case_frameworks(case, include_retracted=True)] == [row.id]
    assert db.session.execute(fact_queries.framework_on(D)).all() == []
    add_framework(case, FrameworkPeriod("vrijwillig", D), chair)  # no overlap with the retracted


def test_siblings_link_both_ways_and_unlink_with_a_reason(app):
    chair = chair_user()
    first, second = new_case(chair), new_case(chair, pseudonym="Zus")
    link = link_siblings(second, first, chair)
    assert (link.case_id, link.sibling_id) == (min(first.id, second.id), max(first.id, second.id))
    assert [lk.other(first.id) for lk in sibling_links(first)] == [second.id]
    assert [lk.other(second.id) for lk in sibling_links(second)] == [first.id]
    for other, field in ((first, "sibling"), (second, "sibling"), (None, "sibling")):
        with pytest.raises(FactError) as refused:
            link_siblings(first, other, chair)
        assert field in refused.value.problems
    assert fact_queries.siblings_of([first.id]) == {first.id: {second.id}, second.id: {first.id}}
    unlink_siblings(link, first, chair, reason="Geen familie")
    assert sibling_links(first) == [] and sibling_links(second) == []
    assert len(sibling_links(first, include_removed=True)) == 1
    assert [r.event_type for r in _rows("sibling_link")] == ["create", "change"]


def test_the_count_outside_caseflow_keeps_its_history(app):
    chair = chair_user()
    case, other = new_case(chair), new_case(chair)
    set_siblings_outside(case, 2, chair)
    with pytest.raises(FactError) as refused:
        set_siblings_outside(case, 3, chair)  # a change needs a reason
    assert "reason" in refused.value.problems
    with pytest.raises(FactError):
        set_siblings_outside(case, 31, chair, reason="x")
    set_siblings_outside(case, 3, chair, reason="Halfbroer erbij bekend")
    set_siblings_outside(other, 0, chair)
    assert dict(db.session.execute(fact_queries.siblings_outside()).tuples().all()) == {
        case.id: 3, other.id: 0}
    assert len(_rows("siblings_outside")) == 3


def test_monitor_queries_for_frameworks_and_siblings_placed(app):
    chair = chair_user()
    one, two = new_case(chair, registered_on=D), new_case(chair, registered_on=D)
    add_framework(one, FrameworkPeriod("ondertoezichtstelling", D, date(2024, 6, 30)), chair)
    add_framework(one, FrameworkPeriod("vrijwillig", date(2024, 7, 1)), chair)
    assert dict(db.session.execute(fact_queries.framework_on(date(2024, 3, 1))).all()) == {
        one.id: "ondertoezichtstelling"}
    assert fact_queries.frameworks_of([one.id, two.id], date(2024, 6, 1), date(2024, 7, 31)) == {
        one.id: ["ondertoezichtstelling", "vrijwillig"]}
    clause = fact_queries.case_has_framework(Case.id, "vrijwillig", date(2025, 1, 1),
                                             date(2025, 1, 31))
    assert db.session.scalars(select(Case.id).where(clause)).all() == [one.id]
    link_siblings(one, two, chair)
    for case, provider in ((one, "Gezinshuis De Eik"), (two, "Gezinshuis De Eik")):
        start_placement(case, PlacementInput(type="gezinshuis", provider_name=provider,
                                             start_date=date(2024, 2, 1), contracted=True), chair)
    status = placement_queries.siblings_placed(date(2024, 1, 1), date(2024, 12, 31))
    assert status == {(min(one.id, two.id), max(one.id, two.id)): "samen"}
    assert db.session.scalar(select(SiblingLink.id)) is not None


def test_placements_after_a_crisis_are_found_by_the_monitor_query(app):
    chair = chair_user()
    case = new_case(chair, registered_on=D)
    log_event(case, EventContent(kind="crisis", title="Crisis thuis", occurred_on=date(2024, 3, 1)),
              chair)
    soon = start_placement(case, PlacementInput(type="kortdurend_verblijf",
                                                provider_name="Crisisbed",
                                                start_date=date(2024, 3, 3)), chair)
    later = start_placement(case, PlacementInput(type="gezinshuis", provider_name="De Eik",
                                                 start_date=date(2024, 4, 1)), chair)
    found = placement_queries.placements_after_crisis(date(2024, 1, 1), date(2024, 12, 31))
    assert found == {soon.id: True, later.id: False}


def test_the_facts_page_refuses_bad_input_and_stores_nothing(app, client, auth):
    auth.login(Role.PROCESBEGELEIDER)
    case = new_case(chair_user(), registered_on=D)
    db.session.commit()
    page = client.get(f"/cases/{case.reference}/feiten")
    assert page.status_code == 200 and "Juridisch kader" in page.get_data(as_text=True)
    token = csrf_token(client, f"/cases/{case.reference}/feiten")
    bad = client.post(f"/cases/{case.reference}/kader", data={
        "csrf_token": token, "framework": "voogdij", "from_date": "2024-05-01",
        "until_date": "2024-04-01"})
    assert bad.status_code == 400
    assert "De einddatum ligt vóór de begindatum." in bad.get_data(as_text=True)
    assert db.session.scalar(select(CaseFramework.id)) is None
    good = client.post(f"/cases/{case.reference}/kader", data={
        "csrf_token": token, "framework": "voogdij", "from_date": "2024-05-01"})
    assert good.status_code == 302
    detail = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert 'id="feiten"' in detail and "voogdij" in detail
    wrong = client.post(f"/cases/{case.reference}/broers-zussen",
                        data={"csrf_token": token, "sibling": "GV-1999-9999"})
    assert wrong.status_code == 400 and "Er is geen casus met dit kenmerk." in wrong.get_data(
        as_text=True)


def test_the_case_page_shows_frameworks_siblings_and_placed_together(app, client, auth):
    auth.login(Role.PROCESBEGELEIDER)
    chair = chair_user()
    one, two = new_case(chair, registered_on=D), new_case(chair, registered_on=D)
    add_framework(one, FrameworkPeriod("voogdij", D), chair)
    link_siblings(one, two, chair)
    set_siblings_outside(one, 1, chair)
    for case in (one, two):
        start_placement(case, PlacementInput(type="pleegzorg", provider_name="Pleeggezin Vos",
                                             start_date=date(2024, 2, 1)), chair)
    db.session.commit()
    html = client.get(f"/cases/{one.reference}").get_data(as_text=True)
    panel = html.split('id="feiten"', 1)[1].split("</section>", 1)[0]
    assert "voogdij" in panel and two.reference in panel and "Buiten caseflow: 1" in panel
    assert 'data-together="samen"' in html
    other = client.get(f"/cases/{two.reference}").get_data(as_text=True)
    assert one.reference in other.split('id="feiten"', 1)[1].split("</section>", 1)[0]
