"""Template labels come from the domains' registrations (caseflow.core.labels), not from core."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from caseflow.core import labels
from caseflow.core.formatting import helpers

CORE = Path(__file__).resolve().parent.parent / "caseflow" / "core"
DOMAINS = ("cases", "timeline", "meetings", "outcome", "retrospectives", "risk", "exchange",
           "monitor", "region", "admin", "audit", "privacy", "retention", "demo", "generate")


def test_the_domains_labels_reach_every_template(app):
    with app.test_request_context():
        found = helpers()
    assert str(found["phase_label"]("ret_bespreking")) == "RET-bespreking"
    assert found["phase_label"](None) == ""
    assert found["closing_label"]("") == ""
    assert str(found["kind_label"]("crisis")) == "Crisis"
    assert found["area_label"]("onbekende_code") == "onbekende_code"  # unknown: the code itself
    assert "afgesloten" not in found["main_phases"] and "aanmelding" in found["main_phases"]


def test_a_label_name_belongs_to_one_domain(app, monkeypatch):
    monkeypatch.setattr(labels, "LABEL_SETS", dict(labels.LABEL_SETS))
    with pytest.raises(ValueError, match="phase_label"):
        labels.register_labels("phase_label", {"x": "y"})


def test_core_imports_no_domain():
    imported = set()
    for path in CORE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    wrong = {m for m in imported if m.split(".")[:2][-1] in DOMAINS and m.startswith("caseflow.")}
    assert not wrong, wrong


def test_a_meeting_action_shows_its_own_status_label(app):
    from flask import render_template_string

    with app.test_request_context():
        shown = render_template_string(
            "{{ meeting_action_status_label('gedaan') }}|{{ action_status_label('afgerond') }}"
        )
    assert shown == "Gedaan|Afgerond"  # meetings' and retrospectives' statuses, each their own
