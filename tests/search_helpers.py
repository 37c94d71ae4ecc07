"""Searches for the tests: a case in ret_bespreking with an open search, providers, answers."""

from __future__ import annotations

from datetime import timedelta

from caseflow.auth.models import OrganisationKind
from caseflow.cases.models import Case
from caseflow.cases.workflow import Phase
from caseflow.core.clock import region_today
from caseflow.search.models import Search
from caseflow.search.requests import Ask, Reply, add_request, answer_request
from caseflow.search.services import Needs, open_search, open_search_of
from tests.case_helpers import chair_user, new_case
from tests.factories import OrganisationFactory

NEEDS = Needs(care_types=["gezinshuis"], region_preference="in_regio",
              setting_needs=["kleinschalig"])


def days_ago(n: int):
    return region_today() - timedelta(days=n)


def provider(name: str | None = None):
    values = {"kind": OrganisationKind.ZORGAANBIEDER.value}
    if name:
        values["name"] = name
    return OrganisationFactory(**values)


def searching_case(*, opened_days_ago: int = 60, pseudonym: str = "Zoekkind", actor=None):
    actor = actor or chair_user()
    case = new_case(actor, phase=Phase.RET_BESPREKING, pseudonym=pseudonym,
                    registered_on=days_ago(opened_days_ago + 30))
    search = open_search(case, NEEDS, actor, opened_on=days_ago(opened_days_ago))
    return case, search, actor


def ask(search, case, actor, org, *, days: int, care: str = "gezinshuis", reasked=False):
    return add_request(search, case, Ask(org.id, care, days_ago(days), reasked), actor)


def answer(item, case, actor, value: str, *, days: int, reason: str | None = None,
           weeks: int | None = None, other: str = ""):
    reply = Reply(value, days_ago(days), weeks, reason, other)
    answer_request(item, case, reply, actor)


def open_or_new_search(case: Case) -> Search:
    """For the access matrix and the audit walk: the case's open search (made directly, in any
    phase), so a search and its requests belong together."""
    from caseflow.extensions import db

    search = open_search_of(case)
    if search is None:
        search = Search(case_id=case.id, opened_on=region_today(), opened_in_phase=case.phase,
                        care_types=["gezinshuis"], setting_needs=[],
                        region_preference="in_regio")
        db.session.add(search)
        db.session.flush()
    return search


def open_search_id(case: Case) -> int:
    return open_or_new_search(case).id


def request_id(case: Case) -> int:
    search = open_or_new_search(case)
    item = add_request(search, case, Ask(provider().id, "gezinshuis", region_today()),
                       chair_user())
    return item.id
