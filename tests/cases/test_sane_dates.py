"""Dates that make sense (issue 20, point 5): not before the child's birth year, not more than a
day ahead — in the forms (a Dutch message next to the field, nothing stored), in the import (the
JSON path) — and the timeline picture's range ignores retracted events."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseflow.auth.models import Role
from caseflow.core.dates import DateProblem, date_problem
from caseflow.exchange.importer import ImportRejected, import_history
from caseflow.extensions import db
from caseflow.timeline.models import Placement, TimelineEvent
from caseflow.timeline.services import EventContent, log_event, retract_event
from tests.case_helpers import new_case
from tests.exchange_helpers import case as doc_case
from tests.exchange_helpers import document, gemeenten, raw, stored_counts
from tests.helpers import csrf_token

TODAY = date(2026, 6, 15)


def next_to(html: str, field_id: str, message: str) -> bool:
    """``message`` is shown right after the field ``field_id``, which is marked invalid."""
    tag = re.search(rf'<(?:input|select|textarea)[^>]*id="{field_id}"[^>]*>', html)
    return bool(tag) and "is-invalid" in tag.group() and message in html[tag.end():][:1500]


@pytest.mark.parametrize(
    ("day", "birth_year", "future", "expected"),
    [
        (date(2011, 12, 31), 2012, True, DateProblem.BEFORE_BIRTH),
        (date(2012, 1, 1), 2012, True, None),  # care around the birth belongs to the history
        (TODAY + timedelta(days=1), 2012, True, None),  # another time zone's today
        (TODAY + timedelta(days=2), 2012, True, DateProblem.FUTURE),
        (TODAY + timedelta(days=400), 2012, False, None),  # a planned end may lie ahead
        (date(1999, 1, 1), None, True, None),  # birth year unknown: only the future is checked
    ],
)
def test_the_one_date_rule(day, birth_year, future, expected):
    assert date_problem(day, birth_year, today=TODAY, future=future) == expected


@pytest.fixture
def chair_case(auth):
    chair = auth.login(Role.VOORZITTER)
    return new_case(chair, pseudonym="Datumkind"), chair  # born 2012


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_event_before_the_birth_year_is_refused_next_to_the_field(client, chair_case):
    case, _chair = chair_case
    before = _count(TimelineEvent)
    url = f"/cases/{case.reference}/events/new"
    response = client.post(url, data={
        "csrf_token": csrf_token(client, url), "kind": "crisis", "title": "Weggelopen",
        "occurred_on": "1999-03-01", "precision": "day",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    message = "Deze datum ligt vóór het geboortejaar van de jeugdige (2012)"
    assert next_to(html, "occurred_on", message)
    assert _count(TimelineEvent) == before


def test_event_tomorrow_is_accepted_the_day_after_refused(client, chair_case):
    case, _chair = chair_case
    url = f"/cases/{case.reference}/events/new"
    data = {"kind": "gesprek", "title": "Gesprek", "precision": "day"}
    later = (date.today() + timedelta(days=2)).isoformat()
    response = client.post(url, data={**data, "csrf_token": csrf_token(client, url),
                                      "occurred_on": later})
    assert next_to(response.get_data(as_text=True), "occurred_on", "ligt in de toekomst")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(url, data={**data, "csrf_token": csrf_token(client, url),
                                      "occurred_on": tomorrow})
    assert response.status_code == 302


def test_placement_before_the_birth_year_is_refused_next_to_the_field(client, chair_case):
    case, _chair = chair_case
    url = f"/cases/{case.reference}/placements"
    response = client.post(url, data={
        "csrf_token": csrf_token(client, url), "type": "gezinshuis",
        "provider_name": "Gezinshuis De Linde", "in_region": "y", "start_date": "2008-09-01",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert next_to(html, "start_date", "vóór het geboortejaar van de jeugdige (2012)")
    assert _count(Placement) == 0


def test_intake_registration_before_the_birth_year_is_refused(client, chair_case):
    from tests.cases.test_case_views import _intake, _post_intake

    response = _post_intake(client, _intake(birth_year="2012", registered_on="2011-05-01"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert next_to(html, "registered_on", "vóór het geboortejaar van de jeugdige (2012)")


def test_a_retracted_mistake_no_longer_squeezes_the_picture(client, chair_case):
    case, chair = chair_case
    event = log_event(case, EventContent(kind="gesprek", title="Typfout", occurred_on=date.today()),
                      chair)
    event.occurred_on = date(1999, 3, 1)  # as an old mistake, typed before the rule existed
    db.session.commit()
    svg = client.get(f"/cases/{case.reference}/timeline.svg").get_data(as_text=True)
    assert ">1999</text>" in svg and f'data-event-id="{event.id}"' in svg
    retract_event(event, case, chair, reason="Verkeerd jaar getypt")
    db.session.commit()
    svg = client.get(f"/cases/{case.reference}/timeline.svg").get_data(as_text=True)
    assert ">1999</text>" not in svg
    assert f'data-event-id="{event.id}"' not in svg  # outside the range: only in the table
    # axis labels: "2026", "03-2026" or, in the reader's language, "mrt 2026"
    first = min(int(y) for y in re.findall(r">(?:[^<>]*[ -])?((?:19|20)\d\d)</text>", svg))
    assert first >= date.today().year - 1
    table = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert "Typfout" in table  # still on the timeline, struck through


# --- the import ------------------------------------------------------------------------------


@pytest.fixture
def region(app):
    gemeenten()


def _rejected(doc) -> list[str]:
    before = stored_counts()
    with pytest.raises(ImportRejected) as caught:
        import_history(raw(doc), None)
    assert stored_counts() == before, "nothing may be stored"
    return [str(issue) for issue in caught.value.errors]


def test_import_dates_before_the_birth_year_are_refused_with_their_path(region):
    item = doc_case()  # born 2009
    item["events"][0]["on"] = "1999-05-01"
    item["placements"][0]["start"] = "2008-12-31"
    errors = _rejected(document(item))
    assert "cases[0].events[0].on: vóór het geboortejaar" in errors
    assert "cases[0].placements[0].start: vóór het geboortejaar" in errors


def test_import_phase_before_the_birth_year_and_a_future_event(region):
    item = doc_case()
    item["phases"][0]["on"] = "2008-01-10"
    item["events"][0]["on"] = (date.today() + timedelta(days=3)).isoformat()
    errors = _rejected(document(item))
    assert "cases[0].phases[0].on: vóór het geboortejaar" in errors
    assert "cases[0].events[0].on: ligt in de toekomst" in errors


def test_import_accepts_tomorrow(region):
    item = doc_case()
    item["events"][0]["on"] = (date.today() + timedelta(days=1)).isoformat()
    report = import_history(raw(document(item)), None, dry_run=True)
    assert report.created == ["GV-2023-0014"]
