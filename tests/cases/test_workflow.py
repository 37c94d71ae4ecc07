"""The state machine on its own: every (phase, trigger) pair, and every guard message."""

import ast
import itertools

import pytest

from caseflow.cases.workflow import (
    GUARD_MESSAGES,
    NOT_FROM_HERE,
    CaseFacts,
    ClosingReason,
    MoveRequest,
    Phase,
    Trigger,
    allowed_edges,
    available_triggers,
    evaluate_move,
    ready_triggers,
    replay,
)

P, T = Phase, Trigger

# The complete table of allowed moves: (from, trigger) -> to. Everything else is forbidden.
ALLOWED = {
    (P.AANMELDING, T.START_ANALYSE): P.VERKLARENDE_ANALYSE,
    (P.VERKLARENDE_ANALYSE, T.NAAR_RET): P.RET_BESPREKING,
    (P.RET_BESPREKING, T.NAAR_PLAATSING): P.PLAATSING,
    (P.PLAATSING, T.START_VOLGEN): P.BLIJVEN_VOLGEN,
    (P.BLIJVEN_VOLGEN, T.NAAR_EVALUATIE): P.EVALUATIE,
    (P.BLIJVEN_VOLGEN, T.HERANALYSE): P.VERKLARENDE_ANALYSE,
    (P.BLIJVEN_VOLGEN, T.TERUG_NAAR_RET): P.RET_BESPREKING,
    (P.PLAATSING, T.TERUG_NAAR_RET): P.RET_BESPREKING,
    (P.EVALUATIE, T.TERUG_NAAR_VOLGEN): P.BLIJVEN_VOLGEN,
    (P.AFGESLOTEN, T.HEROPENEN): P.AANMELDING,
    **{(phase, T.AFSLUITEN): P.AFGESLOTEN for phase in Phase if phase is not P.AFGESLOTEN},
}

ALL_FACTS = {
    "has_recorded_analysis": True,
    "has_ret_decision": True,
    "has_placement_or_decision": True,
    "has_evaluation": True,
}
FULL_REQUEST = MoveRequest(reason="Reden", closing_reason=ClosingReason.AFGEROND)


@pytest.mark.parametrize(("phase", "trigger"), list(itertools.product(Phase, Trigger)))
def test_every_phase_trigger_pair(phase, trigger):
    outcome = evaluate_move(CaseFacts(phase, **ALL_FACTS), trigger, FULL_REQUEST)
    expected = ALLOWED.get((phase, trigger))
    if expected is None:
        assert not outcome.allowed
        assert outcome.messages == (NOT_FROM_HERE,)
    else:
        assert outcome.allowed, outcome.messages
        assert outcome.destination is expected


def test_unknown_trigger_is_refused():
    outcome = evaluate_move(CaseFacts(P.AANMELDING), "vliegen", FULL_REQUEST)
    assert not outcome.allowed and outcome.messages == (NOT_FROM_HERE,)


GUARD_CASES = [
    (
        P.VERKLARENDE_ANALYSE,
        T.NAAR_RET,
        {"has_recorded_analysis": False},
        FULL_REQUEST,
        "has_recorded_analysis",
    ),
    (
        P.RET_BESPREKING,
        T.NAAR_PLAATSING,
        {"has_ret_decision": False},
        FULL_REQUEST,
        "has_ret_decision",
    ),
    (
        P.PLAATSING,
        T.START_VOLGEN,
        {"has_placement_or_decision": False},
        FULL_REQUEST,
        "has_placement_or_decision",
    ),
    (
        P.BLIJVEN_VOLGEN,
        T.NAAR_EVALUATIE,
        {"has_evaluation": False},
        FULL_REQUEST,
        "has_evaluation",
    ),
    (P.BLIJVEN_VOLGEN, T.HERANALYSE, {}, MoveRequest(reason="  "), "has_reason"),
    (P.BLIJVEN_VOLGEN, T.TERUG_NAAR_RET, {}, MoveRequest(reason=""), "has_reason"),
    (P.PLAATSING, T.TERUG_NAAR_RET, {}, MoveRequest(reason=""), "has_reason"),
    (P.AFGESLOTEN, T.HEROPENEN, {}, MoveRequest(reason=""), "has_reason"),
    (P.AANMELDING, T.AFSLUITEN, {}, MoveRequest(reason="x"), "has_closing_reason"),
    (
        P.EVALUATIE,
        T.AFSLUITEN,
        {},
        MoveRequest(reason="x", closing_reason="weg"),
        "has_closing_reason",
    ),
]


@pytest.mark.parametrize(("phase", "trigger", "missing", "request_", "guard"), GUARD_CASES)
def test_each_guard_refuses_with_its_message(phase, trigger, missing, request_, guard):
    outcome = evaluate_move(CaseFacts(phase, **{**ALL_FACTS, **missing}), trigger, request_)
    assert not outcome.allowed
    assert outcome.messages == (GUARD_MESSAGES[guard],)


def test_every_guard_message_is_used_by_a_case():
    used = {case[-1] for case in GUARD_CASES}
    assert set(GUARD_MESSAGES) == used


def test_guard_messages_are_plain_dutch_sentences():
    for message in GUARD_MESSAGES.values():
        assert message.endswith(".")
        assert "guard" not in message.lower()


def test_ready_triggers_reflect_the_facts():
    assert T.NAAR_RET not in ready_triggers(CaseFacts(P.VERKLARENDE_ANALYSE))
    assert T.NAAR_RET in ready_triggers(
        CaseFacts(P.VERKLARENDE_ANALYSE, has_recorded_analysis=True)
    )
    assert available_triggers(CaseFacts(P.AFGESLOTEN)) == [T.HEROPENEN]


def test_allowed_edges_match_the_table():
    assert allowed_edges() == {(source, dest) for (source, _t), dest in ALLOWED.items()}


def test_replay_of_a_legal_history_and_a_forbidden_one():
    history = [
        (None, P.AANMELDING),
        (P.AANMELDING, P.VERKLARENDE_ANALYSE),
        (P.VERKLARENDE_ANALYSE, P.AFGESLOTEN),
        (P.AFGESLOTEN, P.AANMELDING),
    ]
    assert replay(history) is P.AANMELDING
    with pytest.raises(ValueError, match="forbidden"):
        replay([(None, P.AANMELDING), (P.AANMELDING, P.PLAATSING)])
    with pytest.raises(ValueError, match="breaks"):
        replay([(None, P.AANMELDING), (P.VERKLARENDE_ANALYSE, P.RET_BESPREKING)])


def test_workflow_module_has_no_flask_imports():
    import caseflow.cases.workflow as workflow

    with open(workflow.__file__, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name and name.split(".")[0].startswith("flask") for name in imported)
    assert "transitions" in imported
