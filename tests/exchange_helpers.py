"""Building caseflow-history/1 documents for the exchange tests."""

from __future__ import annotations

import copy
import json
from typing import Any

from sqlalchemy import func, select

from caseflow.cases.models import Case, Gemeente, PhaseTransition
from caseflow.exchange.models import ExchangeItem, ImportedMember
from caseflow.extensions import db
from caseflow.timeline.models import Placement, TimelineEvent

CASE: dict[str, Any] = {
    "ref": "GV-2023-0014",
    "pseudonym": "Noor",
    "birth_year": 2009,
    "birth_month": 4,
    "gemeente": "Hilversum",
    "referrer": "gi",
    "problem_areas": ["trauma", "hechting"],
    "question": "Een passende plek na een vastgelopen plaatsing.",
    "consent_retrospective": True,
    "phases": [
        {"id": "f1", "phase": "aanmelding", "on": "2023-01-10", "reason": "Aangemeld door GI"},
        {"id": "f2", "phase": "verklarende_analyse", "on": "2023-01-20"},
        {"id": "f3", "phase": "ret_bespreking", "on": "2023-02-21"},
        {"id": "f4", "phase": "plaatsing", "on": "2023-02-28"},
        {"id": "f5", "phase": "blijven_volgen", "on": "2023-03-02"},
    ],
    "analysis": {
        "recorded_on": "2023-02-20",
        "question": "Wat is er nodig?",
        "problems": "Veel wisselingen.",
        "strengths": "Betrokken oma.",
        "hypotheses_child": "Onveilige hechting.",
        "working_theory": "Stabiliteit eerst.",
        "goals": "Een vaste plek.",
        "scenarios": "Gezinshuis of pleegzorg.",
    },
    "placements": [
        {
            "id": "p1",
            "type": "gezinshuis",
            "provider": "Gezinshuis De Vlinder",
            "in_region": True,
            "start": "2023-03-01",
            "planned_end": None,
            "end": "2023-06-15",
            "ended": "onplanmatig",
            "end_reason": "crisis",
        },
        {
            "id": "p2",
            "type": "pleegzorg",
            "provider": "Pleegzorg Gooi",
            "start": "2023-06-15",
        },
    ],
    "events": [
        {"id": "e1", "on": "2023-05-01", "precision": "day", "kind": "crisis", "title": "Crisis"},
    ],
    "members": [
        {"id": "m1", "role": "casusregisseur", "organisation": "Lokaal team", "from": "2023-01-10"}
    ],
}


def case(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(CASE)
    data.update(changes)
    return data


def document(*cases: dict[str, Any]) -> dict[str, Any]:
    return {"format": "caseflow-history/1", "cases": list(cases) or [case()]}


def raw(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc).encode()


def gemeenten(*names: str) -> None:
    for name in names or ("Hilversum", "Huizen"):
        db.session.add(Gemeente(name=name))
    db.session.flush()


def stored_counts() -> dict[str, int]:
    models = (Case, PhaseTransition, Placement, TimelineEvent, ImportedMember, ExchangeItem)
    return {
        m.__name__: db.session.scalar(select(func.count()).select_from(m)) or 0 for m in models
    }
