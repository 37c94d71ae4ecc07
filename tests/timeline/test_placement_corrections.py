"""Correcting and retracting a placement (issue 20, point 3): a revision kept per correction, a
reason required, the access log's ``change`` row, bad input refused with nothing changed, "as
known on" showing what was known then, and the overlap rule and doorplaatsingen following the
corrected data."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Organisation, Role
from caseflow.extensions import db
from caseflow.timeline.models import Placement, TimelineEvent
from caseflow.timeline.placement_corrections import (
    correct_placement,
    current_placement,
    placement_revisions,
    retract_placement,
)
from caseflow.timeline.placements import (
    PlacementInput,
    case_placements,
    doorplaatsingen,
    end_placement,
    start_placement,
)
from caseflow.timeline.queries import placements_as_of
from caseflow.timeline.services import TimelineError
from tests.case_helpers import chair_user, new_case
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import csrf_token

D = date(2025, 1, 1)
EARLIER = datetime.now(UTC) - timedelta(days=10)


def place(case, actor, type_="gezinshuis", start=D, **kw):
    data = PlacementInput(type=type_, provider_name="Aanbieder", start_date=start, **kw)
    return start_placement(case, data, actor, recorded_at=EARLIER)


def _change_rows(placement: Placement) -> list[AccessLogEntry]:
    return list(db.session.scalars(
        select(AccessLogEntry).where(
            AccessLogEntry.object_type == "placement", AccessLogEntry.event_type == "change",
            AccessLogEntry.object_id == str(placement.id),
        )
    ))


def test_a_correction_keeps_the_first_version_and_as_of_shows_it(app):
    chair = chair_user()
    case = new_case(chair)
    placement = place(case, chair)
    provider = OrganisationFactory(name="Gezinshuis De Eik")
    data = replace(current_placement(placement), type="pleegzorg", provider_id=provider.id,
                   start_date=D + timedelta(days=3), in_region=False)
    correct_placement(placement, case, data, chair, reason="Verkeerde soort gekozen")
    db.session.flush()
    revisions = placement_revisions(placement)
    assert [(r.number, r.type, r.provider_name) for r in revisions] == [
        (1, "gezinshuis", "Aanbieder"), (2, "pleegzorg", "Gezinshuis De Eik"),
    ]
    assert revisions[1].changed_fields == ["type", "provider_name", "start_date", "in_region",
                                           "provider_id"]
    assert revisions[1].reason == "Verkeerde soort gekozen"
    assert (placement.type, placement.provider_id) == ("pleegzorg", provider.id)
    [then] = placements_as_of(case, date.today() - timedelta(days=5))
    assert (then.type, then.provider_name, then.start_date) == ("gezinshuis", "Aanbieder", D)
    [now] = placements_as_of(case, date.today())
    assert (now.type, now.start_date) == ("pleegzorg", D + timedelta(days=3))
    rows = _change_rows(placement)
    assert len(rows) == 1 and rows[0].fields.split(",")[0] == "type"
    start_event = db.session.scalar(
        select(TimelineEvent).where(TimelineEvent.placement_id == placement.id)
    )
    assert start_event.occurred_on == D + timedelta(days=3) and "Pleegzorg" in start_event.title
    assert start_event.revision_count == 2  # the timeline entry keeps its first version too


def test_a_new_provider_becomes_a_zorgaanbieder(app):
    chair = chair_user()
    case = new_case(chair)
    placement = place(case, chair)
    data = replace(current_placement(placement), provider_name="  Nieuw  Huis ")
    correct_placement(placement, case, data, chair, reason="Andere aanbieder")
    made = db.session.scalar(select(Organisation).where(Organisation.name == "Nieuw Huis"))
    assert made is not None and made.kind == "zorgaanbieder"
    assert placement.provider_id == made.id


def test_an_unchanged_free_text_provider_makes_no_organisation(app):
    chair = chair_user()
    case = new_case(chair)
    placement = place(case, chair)
    correct_placement(placement, case, replace(current_placement(placement), in_region=False),
                      chair, reason="Buiten de regio")
    assert placement.provider_id is None and placement.provider_name == "Aanbieder"
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Aanbieder")) is None
    assert placement_revisions(placement)[-1].changed_fields == ["in_region"]


@pytest.mark.parametrize(
    ("overrides", "reason", "field"),
    [
        ({"type": "pleegzorg"}, "", "reason"),
        ({"type": "pleegzorg"}, "  ", "reason"),
        ({"start_date": date(2011, 12, 31)}, "Typfout", "start_date"),  # before birth year 2012
        ({"start_date": date.today() + timedelta(days=2)}, "Typfout", "start_date"),
        ({"actual_end": date.today() + timedelta(days=2), "ending": "planmatig"}, "x",
         "actual_end"),
        ({"actual_end": D - timedelta(days=1), "ending": "planmatig"}, "x", "actual_end"),
        ({"planned_end": D - timedelta(days=1)}, "Typfout", "planned_end"),
        ({"actual_end": D + timedelta(days=9)}, "Typfout", "ending"),
        ({"actual_end": D + timedelta(days=9), "ending": "onplanmatig"}, "x", "end_reason"),
        ({"type": "kasteel"}, "Typfout", "type"),
        ({"provider_id": 999_999}, "Typfout", "provider_id"),
        ({"provider_name": " ", "provider_id": None}, "Typfout", "provider_name"),
        ({}, "Niets", "reason"),  # nothing changed
    ],
)
def test_bad_input_is_refused_with_nothing_changed(app, overrides, reason, field):
    chair = chair_user()
    case = new_case(chair)
    placement = place(case, chair)
    before = current_placement(placement)
    with pytest.raises(TimelineError) as refused:
        correct_placement(placement, case, replace(before, **overrides), chair, reason=reason)
    assert field in refused.value.problems
    assert current_placement(placement) == before and placement.revision_count == 1
    assert placement_revisions(placement) == [] and _change_rows(placement) == []


def test_the_overlap_rule_follows_the_corrected_dates(app):
    chair = chair_user()
    case = new_case(chair)
    first = place(case, chair)
    end_placement(first, case, chair, end_date=D + timedelta(days=30), ending="planmatig")
    second = place(case, chair, start=D + timedelta(days=30))
    with pytest.raises(TimelineError) as refused:  # would overlap the second one
        correct_placement(first, case, replace(current_placement(first),
                          actual_end=D + timedelta(days=40)), chair, reason="Later geëindigd")
    assert "start_date" in refused.value.problems
    correct_placement(second, case, replace(current_placement(second),
                      start_date=D + timedelta(days=45)), chair, reason="Later begonnen")
    correct_placement(first, case, replace(current_placement(first),
                      actual_end=D + timedelta(days=40)), chair, reason="Later geëindigd")
    assert first.actual_end == D + timedelta(days=40)


def test_doorplaatsingen_follow_a_corrected_ending(app):
    chair = chair_user()
    case = new_case(chair)
    first = place(case, chair)
    end_placement(first, case, chair, end_date=D + timedelta(days=30), ending="planmatig",
                  recorded_at=EARLIER + timedelta(days=1))
    place(case, chair, start=D + timedelta(days=30))
    assert doorplaatsingen(case_placements(case)) == 0
    correct_placement(first, case, replace(current_placement(first), ending="onplanmatig",
                      end_reason="crisis"), chair, reason="Eindigde toch in crisis")
    assert doorplaatsingen(case_placements(case)) == 1
    [then, _second] = placements_as_of(case, date.today() - timedelta(days=5))
    assert then.ending == "planmatig"


def test_ending_a_corrected_placement_is_a_version_of_its_own(app):
    chair = chair_user()
    case = new_case(chair)
    placement = place(case, chair)
    correct_placement(placement, case, replace(current_placement(placement), in_region=False),
                      chair, reason="Buiten de regio")
    end_placement(placement, case, chair, end_date=D + timedelta(days=5), ending="planmatig")
    assert [r.number for r in placement_revisions(placement)] == [1, 2, 3]
    [known] = placements_as_of(case, date.today())
    assert known.actual_end == D + timedelta(days=5)


def test_retracting_keeps_the_placement_but_it_counts_for_nothing(app):
    chair = chair_user()
    case = new_case(chair)
    first = place(case, chair)
    end_placement(first, case, chair, end_date=D + timedelta(days=30), ending="onplanmatig",
                  end_reason="crisis")
    mistake = place(case, chair, start=D + timedelta(days=30))
    assert doorplaatsingen(case_placements(case)) == 1
    with pytest.raises(TimelineError) as refused:
        retract_placement(mistake, case, chair, reason=" ")
    assert "reason" in refused.value.problems and mistake.retracted_at is None
    retract_placement(mistake, case, chair, reason="Bij de verkeerde casus vastgelegd")
    assert mistake.retraction_reason == "Bij de verkeerde casus vastgelegd"
    assert [p.id for p in case_placements(case)] == [first.id]
    assert mistake.id in [p.id for p in case_placements(case, include_retracted=True)]
    assert doorplaatsingen(case_placements(case)) == 0
    assert [p.id for p in placements_as_of(case, date.today() - timedelta(days=5))] == [
        first.id, mistake.id,
    ]
    assert [p.id for p in placements_as_of(case)] == [first.id]
    events = db.session.scalars(
        select(TimelineEvent).where(TimelineEvent.placement_id == mistake.id)
    ).all()
    assert events and all(e.retracted_at is not None for e in events)
    assert _change_rows(mistake)[-1].fields == "retracted_at,retraction_reason"
    with pytest.raises(TimelineError):  # a retracted placement is not corrected any more
        correct_placement(mistake, case, replace(current_placement(mistake), in_region=False),
                          chair, reason="Toch")
    # and the place it took is free again: a new placement may start there
    place(case, chair, start=D + timedelta(days=31))


def test_a_professional_corrects_only_their_own_placement(app):
    chair = chair_user()
    case = new_case(chair)
    placement = place(case, chair)
    professional = UserFactory(role=Role.PROFESSIONAL.value)
    with pytest.raises(TimelineError):
        correct_placement(placement, case, replace(current_placement(placement),
                          in_region=False), professional, reason="Mag niet")


def _form(placement: Placement, **overrides) -> dict:
    data = {
        "type": placement.type, "provider_id": "0", "provider_name": placement.provider_name,
        "in_region": "y", "start_date": placement.start_date.isoformat(), "planned_end": "",
        "actual_end": "", "ending": "", "end_reason": "", "end_note": "",
        "reason": "Soort verkeerd",
    }
    return data | overrides


def test_the_pages_correct_and_retract(app, client, auth):
    auth.login(Role.VOORZITTER)
    chair = chair_user()
    case = new_case(chair)
    placement = place(case, chair)
    reference, pid = case.reference, placement.id
    url = f"/cases/{reference}/placements/{pid}/correct"
    token = csrf_token(client, url)
    bad = client.post(url, data={"csrf_token": token, **_form(placement, reason="")})
    assert bad.status_code == 400
    assert "Geef een reden voor de correctie." in bad.get_data(as_text=True)
    early = client.post(url, data={"csrf_token": token,
                                   **_form(placement, start_date="2010-05-01")})
    assert early.status_code == 400 and "vóór het geboortejaar" in early.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Placement, pid).revision_count == 1
    good = client.post(url, data={"csrf_token": token, **_form(placement, type="pleegzorg")})
    assert good.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Versies" in page and "Soort verkeerd" in page
    retract_url = f"/cases/{reference}/placements/{pid}/retract"
    token = csrf_token(client, retract_url)
    refused = client.post(retract_url, data={"csrf_token": token, "reason": ""})
    assert refused.status_code == 400
    done = client.post(retract_url, data={"csrf_token": token, "reason": "Per vergissing"})
    assert done.status_code == 302
    listing = client.get(f"/cases/{reference}/placements").get_data(as_text=True)
    assert "Per vergissing" in listing and "<del>" in listing
