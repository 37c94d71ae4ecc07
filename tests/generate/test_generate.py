"""The region generator: believable shapes, histories that replay, no overlapping placements,
an access log whose chain still verifies."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from caseflow.audit.services import verify_chain
from caseflow.cases.models import Case, CaseMember, PhaseTransition
from caseflow.cases.workflow import Phase, replay
from caseflow.extensions import db
from caseflow.generate.runner import generate
from caseflow.timeline.models import OVERLAP_ALLOWED, Placement, TimelineEvent
from caseflow.timeline.placements import _overlaps


def test_generated_region_is_consistent(app):
    result = generate(200, seed=7, reads_per_case=5)
    assert result.cases == 200
    cases = db.session.scalars(select(Case).where(Case.pseudonym.like("Jeugdige %"))).all()
    assert len(cases) >= 200
    histories = defaultdict(list)
    for row in db.session.scalars(select(PhaseTransition).order_by(PhaseTransition.case_id,
                                                                    PhaseTransition.at,
                                                                    PhaseTransition.id)):
        histories[row.case_id].append((row.from_phase and Phase(row.from_phase),
                                       Phase(row.to_phase)))
    for case in cases:
        assert replay(histories[case.id]) == Phase(case.phase), case.reference
    placements = defaultdict(list)
    for placement in db.session.scalars(select(Placement)):
        placements[placement.case_id].append(placement)
    assert max(len(rows) for rows in placements.values()) >= 5  # a long tail
    for rows in placements.values():
        residential = [p for p in rows if p.type not in OVERLAP_ALLOWED]
        for i, first in enumerate(residential):
            for second in residential[i + 1:]:
                assert not _overlaps(first.start_date, first.actual_end,
                                     second.start_date, second.actual_end)
    events = db.session.scalar(select(func.count()).select_from(TimelineEvent))
    assert 25 * 200 <= events <= 60 * 200
    assert db.session.scalar(select(func.count()).select_from(CaseMember)) >= 2 * 200
    report = verify_chain()
    assert report.ok, report.problem
    assert report.rows >= 200 * 5


def test_generate_command_adds_cases_and_flags(runner):
    result = runner.invoke(args=["generate", "--cases", "30", "--seed", "3", "--no-risk"])
    assert result.exit_code == 0, result.output
    assert "30 casussen" in result.output
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
