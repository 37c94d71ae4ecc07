from datetime import date

import pytest
from sqlalchemy import func, select

from caseflow.auth.models import Role
from caseflow.cases.models import CaseMember, PhaseProposal, PhaseTransition
from caseflow.cases.records import add_member, analysis_versions, end_membership, record_analysis
from caseflow.cases.services import (
    CaseChangedMeanwhile,
    MoveRefused,
    accept_proposal,
    move_case,
    phase_history,
    propose_move,
    reject_proposal,
)
from caseflow.cases.vocab import MemberRole
from caseflow.cases.workflow import GUARD_MESSAGES, Phase, Trigger, replay
from caseflow.extensions import db
from caseflow.timeline.models import TimelineEvent
from tests.case_helpers import ANALYSIS, chair_user, new_case
from tests.factories import UserFactory


def _count(model, case) -> int:
    return db.session.scalar(
        select(func.count()).select_from(model).where(model.case_id == case.id)
    )


def test_intake_assigns_readable_sequential_references_per_year(app):
    chair = chair_user()
    first = new_case(chair, registered_on=date(2026, 3, 1))
    second = new_case(chair, registered_on=date(2026, 3, 2))
    other_year = new_case(chair, registered_on=date(2025, 12, 30))
    assert (first.reference, second.reference) == ("GV-2026-0001", "GV-2026-0002")
    assert other_year.reference == "GV-2025-0001"


def test_intake_writes_history_and_timeline(app):
    case = new_case()
    assert case.phase == Phase.AANMELDING
    assert [(t.from_phase, t.to_phase) for t in phase_history(case)] == [(None, "aanmelding")]
    assert _count(TimelineEvent, case) == 1


def test_move_writes_history_timeline_and_bumps_version(app):
    chair = chair_user()
    case = new_case(chair)
    version = case.version
    transition = move_case(
        case, Trigger.START_ANALYSE, chair, reason="Start", expected_version=version
    )
    assert case.phase == Phase.VERKLARENDE_ANALYSE
    assert case.version == version + 1
    assert transition.by_id == chair.id and transition.reason == "Start"
    event = db.session.scalar(
        select(TimelineEvent).where(TimelineEvent.phase_transition_id == transition.id)
    )
    assert event.kind == "fase" and "Verklarende analyse" in event.title


def test_refused_move_has_no_side_effects(app):
    chair = chair_user()
    case = new_case(chair, phase=Phase.VERKLARENDE_ANALYSE)
    before = (case.version, _count(PhaseTransition, case), _count(TimelineEvent, case))
    with pytest.raises(MoveRefused) as refused:
        move_case(case, Trigger.NAAR_RET, chair)
    assert refused.value.messages == (GUARD_MESSAGES["has_recorded_analysis"],)
    db.session.expire_all()
    assert case.phase == Phase.VERKLARENDE_ANALYSE
    assert before == (case.version, _count(PhaseTransition, case), _count(TimelineEvent, case))


def test_full_walk_and_history_replays_to_current_phase(app):
    chair = chair_user()
    case = new_case(chair, phase=Phase.EVALUATIE)
    move_case(case, Trigger.TERUG_NAAR_VOLGEN, chair)
    move_case(case, Trigger.TERUG_NAAR_RET, chair, reason="Crisis")
    move_case(case, Trigger.AFSLUITEN, chair, closing_reason="overgedragen")
    assert case.closing_reason == "overgedragen" and case.closed_at is not None
    move_case(case, Trigger.HEROPENEN, chair, reason="Nieuwe aanmelding")
    assert case.closing_reason is None and case.closed_at is None
    history = [(t.from_phase, t.to_phase) for t in phase_history(case)]
    assert replay(history) == Phase(case.phase) == Phase.AANMELDING


def test_stale_expected_version_is_refused(app):
    chair = chair_user()
    case = new_case(chair)
    with pytest.raises(CaseChangedMeanwhile):
        move_case(case, Trigger.START_ANALYSE, chair, expected_version=case.version - 1)
    assert case.phase == Phase.AANMELDING


def test_professional_cannot_move_but_can_propose_and_chair_accepts(app):
    chair = chair_user()
    professional = UserFactory(role=Role.PROFESSIONAL.value)
    case = new_case(chair)
    with pytest.raises(MoveRefused):
        move_case(case, Trigger.START_ANALYSE, professional)
    proposal = propose_move(case, Trigger.START_ANALYSE, professional, reason="Tijd voor analyse")
    with pytest.raises(MoveRefused, match="al voorgesteld"):
        propose_move(case, Trigger.START_ANALYSE, professional, reason="Nog eens")
    transition = accept_proposal(proposal, case, chair)
    assert proposal.status == "aanvaard" and transition.proposal_id == proposal.id
    assert case.phase == Phase.VERKLARENDE_ANALYSE


def test_proposal_needs_reason_and_a_possible_move(app):
    case = new_case()
    professional = UserFactory(role=Role.PROFESSIONAL.value)
    with pytest.raises(MoveRefused, match="reden"):
        propose_move(case, Trigger.START_ANALYSE, professional, reason=" ")
    with pytest.raises(MoveRefused, match="niet mogelijk"):
        propose_move(case, Trigger.NAAR_EVALUATIE, professional, reason="x")


def test_reject_needs_a_note_and_moving_expires_other_proposals(app):
    chair = chair_user()
    professional = UserFactory(role=Role.PROFESSIONAL.value)
    case = new_case(chair)
    proposal = propose_move(
        case, Trigger.AFSLUITEN, professional, reason="Klaar", closing_reason="ingetrokken"
    )
    with pytest.raises(MoveRefused):
        reject_proposal(proposal, chair, note="")
    move_case(case, Trigger.START_ANALYSE, chair)
    db.session.refresh(proposal)
    assert proposal.status == "vervallen"
    with pytest.raises(MoveRefused, match="al besloten"):
        reject_proposal(proposal, chair, note="te laat")


def test_analysis_versions_are_kept_and_heranalyse_needs_a_new_version(app):
    chair = chair_user()
    case = new_case(chair, phase=Phase.BLIJVEN_VOLGEN)
    move_case(case, Trigger.HERANALYSE, chair, reason="Nieuwe vraag")
    with pytest.raises(MoveRefused):
        move_case(case, Trigger.NAAR_RET, chair)
    record_analysis(case, ANALYSIS, chair)
    move_case(case, Trigger.NAAR_RET, chair)
    assert [a.version_number for a in analysis_versions(case)] == [2, 1]


def test_change_of_casusregisseur_is_kept_as_history(app):
    chair = chair_user()
    first, second = UserFactory(role="professional"), UserFactory(role="professional")
    case = new_case(chair, regisseur=first)
    add_member(case, second, MemberRole.CASUSREGISSEUR, chair)
    rows = db.session.scalars(
        select(CaseMember).where(CaseMember.case_id == case.id).order_by(CaseMember.id)
    ).all()
    assert [(r.user_id, r.until is not None) for r in rows] == [
        (first.id, True),
        (second.id, False),
    ]
    assert case.casusregisseur_id == second.id
    changes = db.session.scalar(
        select(func.count())
        .select_from(TimelineEvent)
        .where(TimelineEvent.case_id == case.id, TimelineEvent.kind == "wisseling_regisseur")
    )
    assert changes == 1
    end_membership(rows[1], chair)
    assert case.casusregisseur_id is None


def test_open_proposals_are_one_per_trigger(app):
    case = new_case()
    professional = UserFactory(role=Role.PROFESSIONAL.value)
    propose_move(case, Trigger.START_ANALYSE, professional, reason="a")
    propose_move(case, Trigger.AFSLUITEN, professional, reason="b", closing_reason="overig")
    assert _count(PhaseProposal, case) == 2


def test_only_the_chair_takes_a_decision_outside_a_meeting(app):
    from caseflow.cases.records import record_decision
    from caseflow.cases.services import CaseError
    from caseflow.cases.vocab import DecisionKind
    from tests.case_helpers import voorzitter

    coordinator = chair_user()
    case = new_case(coordinator, phase=Phase.RET_BESPREKING)
    with pytest.raises(CaseError, match="alleen de voorzitter"):
        record_decision(case, DecisionKind.BESLUIT_BUITEN_VERGADERING, "Spoed", coordinator)
    record_decision(case, DecisionKind.BESLUIT_BUITEN_VERGADERING, "Spoed", voorzitter())
    move_case(case, Trigger.NAAR_PLAATSING, coordinator)
    assert case.phase == Phase.PLAATSING


def test_changes_are_written_to_the_access_log_without_values(app):
    from caseflow.audit.models import AccessLogEntry
    from caseflow.timeline.services import EventContent, log_event

    chair = chair_user()
    case = new_case(chair, pseudonym="Geheimenaam")
    move_case(case, Trigger.START_ANALYSE, chair, reason="Vertrouwelijke reden")
    log_event(case, EventContent(kind="crisis", title="Vertrouwelijke titel",
                                 occurred_on=case.registered_on), chair)
    rows = db.session.scalars(
        select(AccessLogEntry).where(AccessLogEntry.case_id == case.id).order_by(AccessLogEntry.id)
    ).all()
    assert [(r.event_type, r.object_type) for r in rows] == [
        ("create", "case"), ("phase_move", "case"), ("create", "timeline_event")]
    assert rows[1].fields == "phase" and rows[0].user_id == chair.id
    for row in rows:
        text = " ".join(str(v) for v in vars(row).values())
        assert "Geheimenaam" not in text and "Vertrouwelijke" not in text
