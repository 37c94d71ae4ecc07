import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseflow.cases.services import MoveRefused, move_case
from caseflow.cases.workflow import Phase, Trigger
from caseflow.extensions import db
from caseflow.timeline.models import Placement, TimelineEvent
from caseflow.timeline.placements import (
    PlacementInput,
    case_placements,
    doorplaatsingen,
    end_placement,
    start_placement,
)
from caseflow.timeline.queries import phase_periods, placements_as_of, timeline_rows
from caseflow.timeline.services import EventContent, TimelineError, log_event
from caseflow.timeline.svg import render_timeline_svg
from tests.case_helpers import chair_user, new_case

D = date(2025, 1, 1)


def place(case, actor, type_="gezinshuis", start=D, **kw):
    return start_placement(
        case, PlacementInput(type=type_, provider_name="Aanbieder", start_date=start, **kw), actor
    )


def test_start_and_end_write_timeline_events(app):
    chair = chair_user()
    case = new_case(chair)
    placement = place(case, chair, in_region=False)
    end_placement(
        placement,
        case,
        chair,
        end_date=D + timedelta(days=40),
        ending="onplanmatig",
        end_reason="crisis",
        note="Groep kon het niet aan",
    )
    events = db.session.scalars(
        select(TimelineEvent)
        .where(TimelineEvent.placement_id == placement.id)
        .order_by(TimelineEvent.occurred_on)
    ).all()
    assert [e.occurred_on for e in events] == [D, D + timedelta(days=40)]
    assert "Plaatsing gestart: Gezinshuis" in events[0].title
    assert "onplanmatig: Crisis" in events[1].title


def test_overlapping_residential_placements_are_refused(app):
    chair = chair_user()
    case = new_case(chair)
    place(case, chair, start=D)
    with pytest.raises(TimelineError) as error:
        place(case, chair, type_="pleegzorg", start=D + timedelta(days=10))
    assert "overlapt met de lopende plaatsing Gezinshuis" in error.value.problems["start_date"]
    assert len(case_placements(case)) == 1


def test_a_short_stay_may_overlap_and_moving_day_is_not_an_overlap(app):
    chair = chair_user()
    case = new_case(chair)
    first = place(case, chair, start=D)
    place(case, chair, type_="kortdurend_verblijf", start=D + timedelta(days=3))
    end_placement(first, case, chair, end_date=D + timedelta(days=30), ending="planmatig")
    place(case, chair, type_="pleegzorg", start=D + timedelta(days=30))
    with pytest.raises(TimelineError):  # back-dated into the ended period
        place(case, chair, type_="maatwerk", start=D + timedelta(days=29))
    assert len(case_placements(case)) == 3


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"end_date": D - timedelta(days=1), "ending": "planmatig"}, "end_date"),
        ({"end_date": date.today() + timedelta(days=2), "ending": "planmatig"}, "end_date"),
        ({"end_date": D, "ending": "onplanmatig"}, "end_reason"),
        ({"end_date": D, "ending": "zomaar"}, "ending"),
    ],
)
def test_bad_endings_are_refused(app, kwargs, field):
    chair = chair_user()
    case = new_case(chair)
    placement = place(case, chair)
    with pytest.raises(TimelineError) as error:
        end_placement(placement, case, chair, **kwargs)
    assert field in error.value.problems
    db.session.refresh(placement)
    assert placement.actual_end is None


def test_bad_start_input_is_refused(app):
    chair = chair_user()
    case = new_case(chair)
    with pytest.raises(TimelineError) as error:
        start_placement(
            case,
            PlacementInput(
                type="hotel",
                provider_name=" ",
                start_date=date.today() + timedelta(days=2),
                planned_end=D,
            ),
            chair,
        )
    assert set(error.value.problems) == {"type", "provider_name", "start_date", "planned_end"}
    assert db.session.scalar(select(func.count()).select_from(Placement)) == 0


def test_doorplaatsingen_count_unplanned_endings_followed_by_a_new_placement(app):
    chair = chair_user()
    case = new_case(chair)
    start = D
    for ending in ("onplanmatig", "planmatig", "onplanmatig", None):
        placement = place(case, chair, start=start)
        if ending:
            start = start + timedelta(days=60)
            end_placement(
                placement,
                case,
                chair,
                end_date=start,
                ending=ending,
                end_reason="crisis" if ending == "onplanmatig" else None,
            )
    assert doorplaatsingen(case_placements(case)) == 2


def test_guard_start_volgen_accepts_a_running_placement(app):
    chair = chair_user()
    case = new_case(chair, phase=Phase.PLAATSING)
    with pytest.raises(MoveRefused):
        move_case(case, Trigger.START_VOLGEN, chair)
    place(case, chair, start=date.today() - timedelta(days=3))
    move_case(case, Trigger.START_VOLGEN, chair)
    assert case.phase == Phase.BLIJVEN_VOLGEN


def _svg(case):
    rows = timeline_rows(case)
    placements = placements_as_of(case)
    svg = render_timeline_svg(
        placements, rows, phase_periods(case), today=date.today(), title="Tijdlijn"
    )
    root = ET.fromstring(svg)
    groups = [el for el in root.iter() if el.get("class") in ("placement-bar", "event-marker")]
    bars = [g for g in groups if g.get("class") == "placement-bar"]
    markers = [g for g in groups if g.get("class") == "event-marker"]
    return svg, bars, markers, rows, placements


@pytest.mark.parametrize("extra_events", [0, 300])
def test_svg_is_well_formed_with_a_bar_per_placement_and_a_marker_per_event(app, extra_events):
    chair = chair_user()
    case = new_case(chair)
    first = place(case, chair, start=D, in_region=False)
    end_placement(
        first,
        case,
        chair,
        end_date=D + timedelta(days=90),
        ending="onplanmatig",
        end_reason="weggelopen",
    )
    place(case, chair, type_="pleegzorg", start=D + timedelta(days=90))
    for index in range(extra_events):
        log_event(
            case,
            EventContent(
                kind="gesprek", title=f"Gesprek {index}", occurred_on=D + timedelta(days=index)
            ),
            chair,
        )
    svg, bars, markers, rows, placements = _svg(case)
    assert len(bars) == len(placements) == 2
    assert len(markers) == len(rows)
    assert len(rows) >= extra_events
    assert {b.get("data-region") for b in bars} == {"in", "out"}
    assert "url(#hatch)" in svg  # outside the region is hatched, not only coloured


def test_svg_of_an_empty_case(app):
    case = new_case(chair_user())
    svg, bars, markers, rows, _placements = _svg(case)
    assert bars == [] and len(markers) == len(rows) == 1  # the intake itself
    assert svg.startswith("<svg") and "<title" in svg


def test_a_phase_band_too_narrow_for_its_label_keeps_it_as_a_tooltip_only(app):
    """Three years of aanmelding, then four days of analyse: the wide band shows its label, the
    narrow one's label would run into the next band, so it is only the band's <title>."""
    start = date(2022, 1, 1)
    periods = [
        ("aanmelding", start, start + timedelta(days=1100)),
        ("verklarende_analyse", start + timedelta(days=1100), start + timedelta(days=1104)),
    ]
    svg = render_timeline_svg([], [], periods, today=start + timedelta(days=1104), title="T")
    bands = {g.get("data-phase"): g for g in ET.fromstring(svg).iter()
             if g.get("class") == "phase-band"}
    svg_ns = "{http://www.w3.org/2000/svg}"
    wide, narrow = bands["aanmelding"], bands["verklarende_analyse"]
    assert wide.find(f"{svg_ns}text").text == "Aanm."
    assert narrow.find(f"{svg_ns}text") is None
    assert narrow.find(f"{svg_ns}title").text == "Analyse"


def test_a_lane_name_longer_than_the_margin_is_shortened_whole_in_its_tooltip(app):
    from flask_babel import force_locale

    chair = chair_user()
    case = new_case(chair)
    place(case, chair, type_="gesloten", start=D)
    with force_locale("en"):
        svg, *_rest = _svg(case)
    svg_ns = "{http://www.w3.org/2000/svg}"
    lane = next(t for t in ET.fromstring(svg).iter(f"{svg_ns}text")
                if t.find(f"{svg_ns}title") is not None and "JeugdzorgPlus" in
                t.find(f"{svg_ns}title").text)
    whole = lane.find(f"{svg_ns}title").text
    assert lane.find(f"{svg_ns}title").tail.endswith("…")
    assert len(lane.find(f"{svg_ns}title").tail) < len(whole)
