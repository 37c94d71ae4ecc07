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

from sqlalchemy import select
from werkzeug.routing import AnyConverter

from caseflow.auth.models import Role, User
from caseflow.cases.models import Case, CaseMember, PhaseProposal
from caseflow.cases.vocab import MemberRole
from caseflow.extensions import db
from caseflow.outcome.services import GoalContent, add_goal
from caseflow.risk.models import RiskFlag
from caseflow.risk.rules import CODES
from caseflow.timeline.placements import PlacementInput, start_placement
from caseflow.timeline.services import EventContent, log_event
from tests import search_helpers
from tests.case_helpers import chair_user, new_case
from tests.factories import UserFactory


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
    """Values for a case route's other URL arguments: real ids of rows of *this* case (a goal, an
    event, a member, a placement, a proposal, a risk flag), so an allowed page really renders.
    A new converter name fails here until it gets a maker in ``CASE_ROW_MAKERS``."""
    from flask import current_app

    case = db.session.scalar(select(Case).where(Case.reference == reference))
    rule = next(r for r in current_app.url_map.iter_rules() if r.endpoint == endpoint)
    values: dict[str, object] = {}
    for name, converter in rule._converters.items():
        if name == "reference":
            continue
        if isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
            continue
        if name not in CASE_ROW_MAKERS:
            raise AssertionError(f"{endpoint}: give tests/access_cases.py a maker for <{name}>")
        values[name] = CASE_ROW_MAKERS[name](case)
    return values


def _author() -> User:
    return UserFactory(role=Role.PROFESSIONAL.value)


def _goal(case: Case) -> int:
    content = GoalContent(description="Een vaste plek", for_whom="jeugdige", indicator="Woont er")
    return add_goal(case, content, chair_user()).id


def _event(case: Case) -> int:
    content = EventContent(kind="overig", title="Gesprek", occurred_on=date.today())
    return log_event(case, content, chair_user()).id


def _member(case: Case) -> int:
    member = CaseMember(case_id=case.id, user_id=_author().id, role=MemberRole.ONDERWIJS.value,
                        since=date.today() - timedelta(days=5))
    db.session.add(member)
    db.session.flush()
    return member.id


def _placement(case: Case) -> int:
    data = PlacementInput(type="kortdurend_verblijf", provider_name="Logeerhuis De Linde",
                          start_date=date.today() - timedelta(days=3))
    return start_placement(case, data, chair_user()).id


def _proposal(case: Case) -> int:
    proposal = PhaseProposal(case_id=case.id, trigger="start_analyse", reason="Klaar",
                             proposed_by_id=_author().id)
    db.session.add(proposal)
    db.session.flush()
    return proposal.id


def _flag(case: Case) -> int:
    flag = RiskFlag(case_id=case.id, code=CODES[0], severity="hoog",
                    explanation="Geen regisseur", evidence=[], raised_on=date.today())
    db.session.add(flag)
    db.session.flush()
    return flag.id


def _framework(case: Case) -> int:
    from caseflow.cases.fact_services import FrameworkPeriod, add_framework, case_frameworks

    if case_frameworks(case):  # asked again for the same case (one route after another)
        return case_frameworks(case)[0].id
    period = FrameworkPeriod("ondertoezichtstelling", date.today() - timedelta(days=30))
    return add_framework(case, period, chair_user()).id


def _sibling_link(case: Case) -> int:
    from caseflow.cases.fact_services import link_siblings
    from tests.case_helpers import new_case

    return link_siblings(case, new_case(chair_user(), pseudonym="Broer"), chair_user()).id


CASE_ROW_MAKERS: dict[str, Callable[[Case], int]] = {
    "framework_id": _framework,
    "link_id": _sibling_link,
    "goal_id": _goal,
    "event_id": _event,
    "member_id": _member,
    "placement_id": _placement,
    "proposal_id": _proposal,
    "flag_id": _flag,
    "search_id": search_helpers.open_search_id,
    "ask_id": search_helpers.request_id,
}


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
