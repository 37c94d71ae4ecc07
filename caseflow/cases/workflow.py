"""The case state machine, defined once with ``transitions``. No Flask here: the services feed it
the facts of a case, it answers which moves are allowed and why a refused move is refused.

Guard messages are Dutch msgids marked with ``N_`` so Babel extracts them; the UI translates them
when it shows them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from transitions import Machine, MachineError


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext no-op marker
    return message


class Phase(enum.StrEnum):
    AANMELDING = "aanmelding"
    VERKLARENDE_ANALYSE = "verklarende_analyse"
    RET_BESPREKING = "ret_bespreking"
    PLAATSING = "plaatsing"
    BLIJVEN_VOLGEN = "blijven_volgen"
    EVALUATIE = "evaluatie"
    AFGESLOTEN = "afgesloten"


OPEN_PHASES = tuple(p for p in Phase if p is not Phase.AFGESLOTEN)


class ClosingReason(enum.StrEnum):
    AFGEROND = "afgerond"
    NIET_ONTVANKELIJK = "niet_ontvankelijk"
    OVERGEDRAGEN = "overgedragen"
    INGETROKKEN = "ingetrokken"
    OVERIG = "overig"


class Trigger(enum.StrEnum):
    START_ANALYSE = "start_analyse"
    NAAR_RET = "naar_ret"
    NAAR_PLAATSING = "naar_plaatsing"
    START_VOLGEN = "start_volgen"
    NAAR_EVALUATIE = "naar_evaluatie"
    HERANALYSE = "heranalyse"
    TERUG_NAAR_RET = "terug_naar_ret"
    TERUG_NAAR_VOLGEN = "terug_naar_volgen"
    AFSLUITEN = "afsluiten"
    HEROPENEN = "heropenen"


# (trigger, source(s), destination, guard method names). The single definition of the graph:
# the services, the UI's buttons, the /workflow diagram and the import validator all read it.
TRANSITIONS: tuple[dict, ...] = (
    {
        "trigger": Trigger.START_ANALYSE,
        "source": Phase.AANMELDING,
        "dest": Phase.VERKLARENDE_ANALYSE,
    },
    {
        "trigger": Trigger.NAAR_RET,
        "source": Phase.VERKLARENDE_ANALYSE,
        "dest": Phase.RET_BESPREKING,
        "conditions": ["has_recorded_analysis"],
    },
    {
        "trigger": Trigger.NAAR_PLAATSING,
        "source": Phase.RET_BESPREKING,
        "dest": Phase.PLAATSING,
        "conditions": ["has_ret_decision"],
    },
    {
        "trigger": Trigger.START_VOLGEN,
        "source": Phase.PLAATSING,
        "dest": Phase.BLIJVEN_VOLGEN,
        "conditions": ["has_placement_or_decision"],
    },
    {
        "trigger": Trigger.NAAR_EVALUATIE,
        "source": Phase.BLIJVEN_VOLGEN,
        "dest": Phase.EVALUATIE,
        "conditions": ["has_evaluation"],
    },
    {
        "trigger": Trigger.HERANALYSE,
        "source": Phase.BLIJVEN_VOLGEN,
        "dest": Phase.VERKLARENDE_ANALYSE,
        "conditions": ["has_reason"],
    },
    {
        "trigger": Trigger.TERUG_NAAR_RET,
        "source": [Phase.BLIJVEN_VOLGEN, Phase.PLAATSING],
        "dest": Phase.RET_BESPREKING,
        "conditions": ["has_reason"],
    },
    {"trigger": Trigger.TERUG_NAAR_VOLGEN, "source": Phase.EVALUATIE, "dest": Phase.BLIJVEN_VOLGEN},
    {
        "trigger": Trigger.AFSLUITEN,
        "source": list(OPEN_PHASES),
        "dest": Phase.AFGESLOTEN,
        "conditions": ["has_closing_reason"],
    },
    {
        "trigger": Trigger.HEROPENEN,
        "source": Phase.AFGESLOTEN,
        "dest": Phase.AANMELDING,
        "conditions": ["has_reason"],
    },
)

GUARD_MESSAGES = {
    "has_recorded_analysis": N_(
        "Leg eerst de verklarende analyse vast (vraag, problemen en krachten, verklarende "
        "hypothesen, gedeelde werkhypothese, doelen en scenario's) voordat de casus naar de "
        "RET-bespreking gaat."
    ),
    "has_ret_decision": N_(
        "Er is nog geen besluit van de RET over deze casus. Leg een besluit van een "
        "RET-bespreking vast, of een besluit buiten vergadering van de voorzitter."
    ),
    "has_placement_or_decision": N_(
        "Blijven volgen kan pas als er een plaatsing is gestart of als is vastgelegd dat geen "
        "plaatsing nodig is."
    ),
    "has_evaluation": N_(
        "Leg eerst een evaluatiemoment vast voordat de casus naar de evaluatie gaat."
    ),
    "has_reason": N_("Geef een reden op voor deze stap."),
    "has_closing_reason": N_("Kies een reden van afsluiten."),
}


def _sources(transition: dict) -> list[Phase]:
    source = transition["source"]
    return list(source) if isinstance(source, list) else [source]


def transition_for(trigger: Trigger | str, source: Phase | str) -> dict | None:
    for transition in TRANSITIONS:
        if transition["trigger"] == trigger and source in _sources(transition):
            return transition
    return None


def allowed_edges() -> set[tuple[Phase, Phase]]:
    """The graph of (from, to) moves, guards left aside (used to validate imported histories)."""
    return {(Phase(source), Phase(t["dest"])) for t in TRANSITIONS for source in _sources(t)}


def destination(trigger: Trigger | str, source: Phase | str) -> Phase | None:
    transition = transition_for(trigger, source)
    return Phase(transition["dest"]) if transition else None


@dataclass(frozen=True)
class CaseFacts:
    """What the guards need to know about a case; collected by the services from the database."""

    phase: Phase
    has_recorded_analysis: bool = False
    has_ret_decision: bool = False
    has_placement_or_decision: bool = False
    has_evaluation: bool = False


@dataclass(frozen=True)
class MoveRequest:
    reason: str = ""
    closing_reason: ClosingReason | str | None = None


@dataclass
class _CaseStateModel:
    facts: CaseFacts
    request: MoveRequest = field(default_factory=MoveRequest)
    failed_guards: list[str] = field(default_factory=list)

    def _check(self, name: str, ok: bool) -> bool:
        if not ok:
            self.failed_guards.append(name)
        return ok

    def has_recorded_analysis(self) -> bool:
        return self._check("has_recorded_analysis", self.facts.has_recorded_analysis)

    def has_ret_decision(self) -> bool:
        return self._check("has_ret_decision", self.facts.has_ret_decision)

    def has_placement_or_decision(self) -> bool:
        return self._check("has_placement_or_decision", self.facts.has_placement_or_decision)

    def has_evaluation(self) -> bool:
        return self._check("has_evaluation", self.facts.has_evaluation)

    def has_reason(self) -> bool:
        return self._check("has_reason", bool(self.request.reason.strip()))

    def has_closing_reason(self) -> bool:
        valid = self.request.closing_reason in set(ClosingReason)
        return self._check("has_closing_reason", valid)


def _plain(transition: dict) -> dict:
    """transitions treats Enum members as Enum states (by name); hand it the plain values."""
    return {
        **transition,
        "trigger": str(transition["trigger"]),
        "source": [str(s) for s in _sources(transition)],
        "dest": str(transition["dest"]),
    }


_PLAIN_TRANSITIONS = [_plain(t) for t in TRANSITIONS]


def _machine_for(facts: CaseFacts, request: MoveRequest) -> _CaseStateModel:
    model = _CaseStateModel(facts, request)
    Machine(
        model=model,
        states=[p.value for p in Phase],
        transitions=_PLAIN_TRANSITIONS,
        initial=facts.phase.value,
        auto_transitions=False,
        ignore_invalid_triggers=False,
    )
    return model


@dataclass(frozen=True)
class MoveOutcome:
    allowed: bool
    destination: Phase | None
    messages: tuple[str, ...] = ()


NOT_FROM_HERE = N_("Deze stap is niet mogelijk vanuit de huidige fase.")


def evaluate_move(facts: CaseFacts, trigger: Trigger | str, request: MoveRequest) -> MoveOutcome:
    """Would ``trigger`` move a case with these facts, and if not, why not (in user words)?"""
    if trigger not in set(Trigger) or transition_for(trigger, facts.phase) is None:
        return MoveOutcome(False, None, (NOT_FROM_HERE,))
    model = _machine_for(facts, request)
    try:
        moved = getattr(model, str(trigger))()
    except MachineError:
        return MoveOutcome(False, None, (NOT_FROM_HERE,))
    if not moved:
        messages = tuple(GUARD_MESSAGES[name] for name in dict.fromkeys(model.failed_guards))
        return MoveOutcome(False, None, messages)
    return MoveOutcome(True, Phase(model.state))


def available_triggers(facts: CaseFacts) -> list[Trigger]:
    """Moves that exist from this phase (guards aside): the buttons on the case page."""
    return [t for t in Trigger if transition_for(t, facts.phase) is not None]


def ready_triggers(facts: CaseFacts) -> list[Trigger]:
    """Moves whose fact guards are satisfied now (``may_<trigger>``), assuming a reason is given."""
    request = MoveRequest(reason="-", closing_reason=ClosingReason.AFGEROND)
    model = _machine_for(facts, request)
    return [t for t in available_triggers(facts) if getattr(model, f"may_{t}")()]


def blocking_messages(facts: CaseFacts, trigger: Trigger) -> tuple[str, ...]:
    """What stands in the way of ``trigger`` apart from the reason the user still has to give."""
    request = MoveRequest(reason="-", closing_reason=ClosingReason.AFGEROND)
    return evaluate_move(facts, trigger, request).messages


def replay(moves: list[tuple[Phase | None, Phase]]) -> Phase | None:
    """Replay a phase history (from, to) in order; raise ValueError on a move the graph forbids."""
    edges = allowed_edges()
    current: Phase | None = None
    for source, dest in moves:
        if source != current:
            raise ValueError(f"history breaks: expected from {current}, found {source}")
        if source is not None and (Phase(source), Phase(dest)) not in edges:
            raise ValueError(f"forbidden move {source} -> {dest}")
        if source is None and dest != Phase.AANMELDING:
            raise ValueError("a case starts at aanmelding")
        current = Phase(dest)
    return current
