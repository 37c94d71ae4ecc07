"""Hostile and random input to the case-domain forms (intake, timeline, placements, decisions,
analysis, members, retention, and the GET filters): never a 500, output escaped, and nothing
stored unless the form accepted it (then only valid rows)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from caseflow.auth.models import Role
from caseflow.cases.models import Case, CaseDecision, CaseMember, ExplanatoryAnalysis
from caseflow.extensions import db
from caseflow.retention.models import DestructionRequest
from caseflow.timeline.models import Placement, TimelineEvent
from tests.case_helpers import new_case
from tests.factories import GemeenteFactory
from tests.helpers import csrf_token
from tests.test_hostile_input import MARKUP, value

MODELS = (Case, TimelineEvent, Placement, CaseDecision, ExplanatoryAnalysis, CaseMember,
          DestructionRequest)
ANALYSIS_FIELDS = ("question", "problems", "strengths", "hypotheses_child", "hypotheses_family",
                   "hypotheses_care", "working_theory", "goals", "scenarios")

# name: (role, path with {ref}, method, fields)
FORMS = {
    "intake": (Role.PROCESBEGELEIDER, "/cases/new", "POST",
               ("pseudonym", "birth_year", "birth_month", "gemeente", "referrer_type",
                "registered_on", "question", "problem_areas", "casusregisseur")),
    "event": (Role.PROCESBEGELEIDER, "/cases/{ref}/events/new", "POST",
              ("kind", "title", "occurred_on", "precision", "description", "organisations")),
    "placement": (Role.PROCESBEGELEIDER, "/cases/{ref}/placements", "POST",
                  ("type", "provider_name", "in_region", "start_date", "planned_end")),
    "decision": (Role.PROCESBEGELEIDER, "/cases/{ref}/decisions", "POST", ("kind", "text")),
    "analysis": (Role.PROCESBEGELEIDER, "/cases/{ref}/analysis", "POST", ANALYSIS_FIELDS),
    "member": (Role.PROCESBEGELEIDER, "/cases/{ref}/members", "POST", ("user", "role", "since")),
    "move": (Role.PROCESBEGELEIDER, "/cases/{ref}/move", "POST",
             ("trigger", "version", "reason", "closing_reason", "follow_up_weeks")),
    "retention": (Role.BEHEERDER, "/admin/vernietiging", "POST", ("reference", "requested_on")),
    "case_filters": (Role.PROCESBEGELEIDER, "/cases", "GET",
                     ("q", "phase", "gemeente", "regisseur", "area", "status", "sort", "page")),
    "timeline_filters": (Role.PROCESBEGELEIDER, "/cases/{ref}/timeline", "GET",
                         ("kind", "organisation", "start", "end", "as_of")),
    "monitor": (Role.PROCESBEGELEIDER, "/monitor", "GET",
                ("period", "year", "number", "dimension")),
}
VALID = {
    "kind": st.sampled_from(["crisis", "school", "geen_plaatsing_nodig"]),
    "occurred_on": st.just(date.today().isoformat()),
    "start_date": st.just("2025-01-01"),
    "registered_on": st.just(date.today().isoformat()),
    "birth_year": st.just("2012"),
    "type": st.just("gezinshuis"),
    "trigger": st.just("start_analyse"),
}


def _counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in MODELS)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_hostile_strings_to_every_case_form(app, client, auth, name):
    role, path, method, fields = FORMS[name]
    auth.login(role)
    GemeenteFactory(name="Hilversum")
    case = new_case(pseudonym="Doelwit")
    path = path.format(ref=case.reference)
    strategies = {f: st.one_of(VALID[f], value) if f in VALID else value for f in fields}

    @settings(max_examples=15, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=st.fixed_dictionaries(strategies))
    def post(data):
        before = _counts()
        if method == "GET":
            response = client.get(path, query_string=data)
        else:
            token = csrf_token(client, "/")
            response = client.post(path, data={"csrf_token": token, **data})
        assert response.status_code < 500, response.get_data(as_text=True)[:300]
        html = response.get_data(as_text=True)
        for posted in data.values():
            if posted in MARKUP:
                assert posted not in html, f"unescaped {posted!r} in {path}"
        if response.status_code != 302:
            assert _counts() == before, f"{path} stored something it refused"
        for stored in db.session.scalars(select(TimelineEvent)):
            assert stored.title.strip() and len(stored.title) <= 200
        for stored in db.session.scalars(select(Case)):
            assert stored.pseudonym.strip() and 1 <= stored.birth_month <= 12

    post()
    db.session.expire_all()
    page = client.get(f"/cases/{case.reference}/timeline").get_data(as_text=True)
    assert not any(markup in page for markup in MARKUP)
