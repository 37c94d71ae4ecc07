"""Round trip of everything (issue 19.4): every demo case and every case of a generated region
exports, imports into an empty database and exports again to the same document, field by
field — ids, dates, placements, events with their revisions and retractions, analysis versions,
goals, evaluations, tariffs, members and consent. Only the export's own time and its ``omitted``
lines (what it leaves out on purpose) are not part of the history."""

from __future__ import annotations

from dataclasses import fields as fields_of
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from caseflow.auth.models import Role, User
from caseflow.cases.models import Case, ExplanatoryAnalysis
from caseflow.cases.records import AnalysisContent, record_analysis
from caseflow.demo import load_demo
from caseflow.extensions import db
from caseflow.timeline.models import EventSource, TimelineEvent
from caseflow.timeline.services import EventContent, retract_event, revise_event
from tests.roundtrip_helpers import differences, round_trip


def _demo_with_corrections() -> None:
    """The demo region, plus what its script does not do: a few events corrected (twice, once
    with another date) and a few retracted, by the region's chair."""
    load_demo()
    db.session.flush()
    chair = db.session.scalars(select(User).where(User.role == Role.VOORZITTER.value)).first()
    events = db.session.scalars(
        select(TimelineEvent)
        .where(TimelineEvent.source == EventSource.USER.value)
        .order_by(TimelineEvent.id)
    ).all()
    for number, event in enumerate(events[:9]):
        case = db.session.get(Case, event.case_id)
        if number % 3 == 2:
            retract_event(event, case, chair, reason="Dubbel vastgelegd")
            continue
        content = EventContent(event.kind, event.title + " (gecorrigeerd)", event.occurred_on,
                               event.precision, event.description)
        revise_event(event, case, content, chair, note="Titel verduidelijkt")
        if number % 3 == 1:
            earlier = replace(content, occurred_on=event.occurred_on - timedelta(days=2))
            revise_event(event, case, earlier, chair, note="Datum was twee dagen eerder")
    analysed = db.session.scalars(
        select(ExplanatoryAnalysis).order_by(ExplanatoryAnalysis.id).limit(2)
    ).all()
    for old in analysed:  # a second version, a day after the first
        fields = {f.name: getattr(old, f.name) for f in fields_of(AnalysisContent)}
        fields["working_theory"] += " Bijgesteld na het RET."
        record_analysis(db.session.get(Case, old.case_id), AnalysisContent(**fields), chair,
                        at=old.recorded_at + timedelta(days=1))


def _all(cases: list[dict], key: str) -> list:
    return [item for case in cases for item in case.get(key) or []]


def test_every_demo_case_round_trips_field_by_field(app):
    first, second = round_trip(_demo_with_corrections)
    cases = first["cases"]
    # The demo covers what the comparison is about (else this test would prove little).
    events = _all(cases, "events")
    assert len(cases) > 30
    assert any(e["retracted_reason"] for e in events)
    assert any(e.get("revisions") for e in events)
    assert _all(cases, "analysis_versions")
    assert _all(cases, "goals") and _all(cases, "evaluations") and _all(cases, "members")
    assert any(p["tariff"] for p in _all(cases, "placements"))
    assert {c["consent_retrospective"] for c in cases} >= {True}
    assert differences(first, second) == []
