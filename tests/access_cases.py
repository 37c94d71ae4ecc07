"""The access matrix's hook for case-scoped routes (tests/test_access_matrix.py).

``case_references(user)`` returns the case references to try for ``user``, keyed by how the user
stands to the case:

- ``"own"``: the user is a current member of the case;
- ``"former"``: the user was a member, and the membership has ended;
- ``"other"``: the user has nothing to do with the case.

Roles that are never members (voorzitter, procesbegeleider, facilitator, beheerder) just get cases
in which they play no part under all three keys; what matters is what the role may do.
Return ``{}`` while cases cannot be made: the case rows of the matrix are then skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from caseflow.auth.models import Role, User
from caseflow.cases.models import CaseMember
from caseflow.cases.vocab import MemberRole
from caseflow.extensions import db
from tests.case_helpers import chair_user, new_case


def case_references(user: User) -> dict[str, str]:
    chair = chair_user()
    own, former, other = (new_case(chair, pseudonym=name) for name in ("Eigen", "Oud", "Ander"))
    if user.role == Role.PROFESSIONAL:
        today = date.today()
        db.session.add_all([
            CaseMember(case_id=own.id, user_id=user.id, role=MemberRole.JEUGDBESCHERMER.value,
                       since=today - timedelta(days=30)),
            CaseMember(case_id=former.id, user_id=user.id, role=MemberRole.ONDERWIJS.value,
                       since=today - timedelta(days=90), until=today - timedelta(days=1)),
        ])
        db.session.flush()
    return {"own": own.reference, "former": former.reference, "other": other.reference}


def url_values(endpoint: str, reference: str) -> dict[str, object]:
    """Values for a case route's other URL arguments (ids of proposals, members, ...).
    The case decision is made before the view runs, so these only need the right type."""
    return {}


def url_argument_makers() -> dict[str, Callable[[], object]]:
    """Makers for URL arguments of routes that are not case pages (e.g. ``"meeting_id"``), used
    by the matrix and the security-header test: ``{"meeting_id": lambda: MeetingFactory().id}``."""
    return {"key": lambda: "instroom", "request_id": _destruction_request}


def _destruction_request() -> int:
    from caseflow.retention.models import DestructionRequest

    request = DestructionRequest(case_id=0, reference="GV-2000-0001", requested_on=date.today())
    db.session.add(request)
    db.session.flush()
    return request.id
