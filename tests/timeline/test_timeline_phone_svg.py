"""The timeline picture for a phone (issue 23): vertical, one lane, the same placements and
events as the landscape picture, ids of its own (both are in the page), and the pages carry it
while the downloadable ``timeline.svg`` stays the landscape picture alone."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from caseflow.auth.models import Role
from caseflow.timeline.placements import PlacementInput, end_placement, start_placement
from caseflow.timeline.queries import phase_periods, placements_as_of, timeline_rows
from caseflow.timeline.services import EventContent, log_event
from caseflow.timeline.svg import render_timeline_svg
from caseflow.timeline.svg_phone import render_timeline_phone_svg
from tests.case_helpers import chair_user, new_case

D = date(2025, 1, 1)
NS = "{http://www.w3.org/2000/svg}"


def _case_with_history(chair):
    case = new_case(chair)
    first = start_placement(case, PlacementInput(type="gezinshuis", provider_name="Huis A",
                                                 start_date=D, in_region=False), chair)
    end_placement(first, case, chair, end_date=D + timedelta(days=90), ending="onplanmatig",
                  end_reason="weggelopen")
    start_placement(case, PlacementInput(type="pleegzorg", provider_name="Gezin B",
                                         start_date=D + timedelta(days=90)), chair)
    log_event(case, EventContent(kind="crisis", title="Weggelopen",
                                 occurred_on=D + timedelta(days=80)), chair)
    return case


def _groups(root, name):
    return [g for g in root.iter(f"{NS}g") if g.get("class") == name]


def test_phone_picture_is_vertical_with_a_bar_per_placement_and_a_marker_per_event(app):
    chair = chair_user()
    case = _case_with_history(chair)
    rows, placements = timeline_rows(case), placements_as_of(case)
    args = (placements, rows, phase_periods(case))
    phone = ET.fromstring(render_timeline_phone_svg(*args, today=date.today(), title="T"))
    wide = ET.fromstring(render_timeline_svg(*args, today=date.today(), title="T"))
    _x, _y, width, height = map(float, phone.get("viewBox").split())
    assert width <= 340 < height  # made for a phone: narrow and long
    bars = _groups(phone, "placement-bar")
    assert len(bars) == len(placements) == 2
    assert len(_groups(phone, "event-marker")) == len(rows) == len(_groups(wide, "event-marker"))
    rects = [bar.find(f"{NS}rect") for bar in bars]
    assert all(float(r.get("height")) > float(r.get("width")) for r in rects)  # time runs down
    assert len({r.get("x") for r in rects}) == 1  # one lane: they follow each other
    first, second = sorted(rects, key=lambda r: float(r.get("y")))
    assert float(first.get("y")) + float(first.get("height")) <= float(second.get("y")) + 0.5
    assert {b.get("data-region") for b in bars} == {"in", "out"}
    assert "url(#hatch-phone)" in {r.get("fill") for r in rects}
    ids = {el.get("id") for el in phone.iter() if el.get("id")}
    assert ids and not ids & {el.get("id") for el in wide.iter() if el.get("id")}


def test_pages_carry_both_pictures_the_svg_file_only_the_landscape_one(client, auth):
    chair = auth.login(Role.VOORZITTER)
    case = _case_with_history(chair)
    for url in (f"/cases/{case.reference}", f"/cases/{case.reference}/timeline"):
        html = client.get(url).get_data(as_text=True)
        assert 'class="timeline-wide"' in html and 'class="timeline-svg-phone"' in html, url
    svg = client.get(f"/cases/{case.reference}/timeline.svg").get_data(as_text=True)
    assert "timeline-svg-phone" not in svg and 'class="timeline-svg"' in svg
    ET.fromstring(svg)
