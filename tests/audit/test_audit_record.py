"""The one audit call (issue 21): ``audit.record`` takes actor, case, event and grounds; the
request's details come from the edge's provider; the audit package imports no domain, no Flask."""

from __future__ import annotations

import ast
from pathlib import Path

from caseflow.audit.context import AS_OPENED, RequestDetails
from caseflow.audit.models import AuditEvent, Grounds
from caseflow.audit.services import record
from caseflow.auth.models import Role
from tests.factories import UserFactory

AUDIT = Path(__file__).resolve().parents[2] / "caseflow" / "audit"
# What audit may import from caseflow: itself and the plumbing, never a domain.
PLUMBING = ("caseflow.audit", "caseflow.extensions", "caseflow.database", "caseflow.config")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module if node.module != "caseflow" else
                         f"caseflow.{node.names[0].name}")
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def test_audit_imports_no_domain():
    wrong = {
        f"{path.name}: {name}"
        for path in AUDIT.glob("*.py")
        for name in _imports(path)
        if name.startswith("caseflow") and not name.startswith(PLUMBING)
    }
    assert not wrong, sorted(wrong)


def test_the_audit_call_reads_nothing_of_flask_requests():
    for name in ("services.py", "context.py"):
        modules = _imports(AUDIT / name)
        assert not [m for m in modules if m.split(".")[0] in ("flask", "flask_login")], name


def test_record_takes_the_details_it_is_given(app):
    user = UserFactory(role=Role.VOORZITTER.value)
    details = RequestDetails(access_point="web", ip_address="192.0.2.7", user_agent="Test",
                             request_id="a" * 32, case_grounds=Grounds.BREAK_GLASS,
                             case_reason="grant:12")
    row = record(user, 41, AuditEvent.CHANGE, grounds=AS_OPENED, target="goal", target_id=3,
                 fields=("status",), details=details)
    assert (row.user_id, row.role, row.case_id, row.event_type) == (user.id, "voorzitter", 41,
                                                                     "change")
    assert (row.grounds, row.reason, row.access_point, row.ip_address) == (
        "break_glass", "grant:12", "web", "192.0.2.7")
    assert (row.object_type, row.object_id, row.fields, row.request_id) == (
        "goal", "3", "status", "a" * 32)


def test_explicit_grounds_win_and_no_case_decision_means_role(app):
    user = UserFactory()
    opened = RequestDetails(case_grounds=Grounds.MEMBERSHIP)
    explicit = record(user, None, AuditEvent.LOGIN, grounds=Grounds.AUTHENTICATION,
                      details=opened)
    plain = record(user, None, AuditEvent.CREATE, grounds=AS_OPENED, details=RequestDetails())
    assert (explicit.grounds, explicit.reason) == ("authentication", None)
    assert (plain.grounds, plain.access_point) == ("role", "cli")
