"""Guards against per-row work: every list and detail page runs the same number of queries
whatever the size of the region (data made by the generator; the lists grow, detail pages are
measured on a small and on the biggest case)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from caseflow.cases.models import Case
from caseflow.cases.workflow import Phase
from caseflow.extensions import db
from caseflow.meetings.models import AgendaItem
from caseflow.timeline.models import TimelineEvent
from tests.case_helpers import new_case
from tests.query_helpers import grow_region, page_queries

LISTS = (
    "/",
    "/cases",
    "/cases?status=all&sort=-phase_since",
    "/cases?status=closed&sort=gemeente",
    "/cases?status=all&page=2",
    "/board",
    "/risk",
    "/meetings",
    f"/monitor?period=year&year={date.today().year - 1}",
)
CASE_PAGES = ("/cases/{ref}", "/cases/{ref}/timeline", "/cases/{ref}/timeline.svg",
              "/cases/{ref}/risk")




def test_lists_run_a_fixed_number_of_queries(chair_client, count_queries):
    # Every list must already have rows in the small region (an empty list skips its selectin
    # loads, so the counts would differ for a reason that is not per-row work). The generated
    # data is relative to today: on some days it left no case waiting for the RET, so one is
    # added through the services.
    grow_region(40, seed=21)
    new_case(phase=Phase.RET_BESPREKING)
    small = {url: page_queries(chair_client, count_queries, url) for url in LISTS}
    grow_region(100, seed=22)
    large = {url: page_queries(chair_client, count_queries, url) for url in LISTS}
    assert large == small


def test_meeting_page_runs_a_fixed_number_of_queries(chair_client, count_queries):
    grow_region(80, seed=23)
    per_meeting = db.session.execute(
        select(AgendaItem.meeting_id, func.count()).group_by(AgendaItem.meeting_id)
        .order_by(func.count(), AgendaItem.meeting_id)
    ).all()
    smallest, biggest = per_meeting[0][0], per_meeting[-1][0]
    assert per_meeting[-1][1] > per_meeting[0][1]
    assert page_queries(chair_client, count_queries, f"/meetings/{smallest}") == page_queries(
        chair_client, count_queries, f"/meetings/{biggest}"
    )


def test_case_pages_run_a_fixed_number_of_queries(chair_client, count_queries, monkeypatch):
    """A small and the biggest closed case (the phase decides which guard facts are read, so
    both are taken from the same phase)."""
    # The generated cases closed years ago would be archived (break-glass only); measure the
    # chair's ordinary reading.
    monkeypatch.setitem(chair_client.application.config, "ARCHIVE_AFTER_DAYS", 100 * 365)
    grow_region(60, seed=24)
    sizes = db.session.execute(
        select(Case.reference, func.count(TimelineEvent.id))
        .join(TimelineEvent, TimelineEvent.case_id == Case.id)
        .where(Case.phase == Phase.AFGESLOTEN.value)
        .group_by(Case.reference)
        .order_by(func.count(TimelineEvent.id), Case.reference)
    ).all()
    small, big = sizes[0][0], sizes[-1][0]
    assert sizes[-1][1] >= 3 * sizes[0][1]
    for page in CASE_PAGES:
        assert page_queries(chair_client, count_queries, page.format(ref=small)) == page_queries(
            chair_client, count_queries, page.format(ref=big)
        ), page
