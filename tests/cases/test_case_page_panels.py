"""The case page is a list of panels that each domain registers (caseflow.core.case_page); it
loads them all in a small, fixed number of queries."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, timedelta

import pytest

from caseflow.auth.models import Role
from caseflow.cases.models import Case
from caseflow.core.case_page import CASE_PANELS, CasePanel
from caseflow.extensions import db
from caseflow.outcome.evaluations import record_evaluation
from caseflow.outcome.services import GoalContent, add_goal
from caseflow.risk.models import RiskFlag
from caseflow.risk.rules import CODES
from tests.case_helpers import chair_user, evaluation_input
from tests.meeting_helpers import make_action, make_item
from tests.retro_helpers import case_with_history, give_consent

# The whole GET for a chair (issue 21's target: at most 12). The frame: the user with the
# region's settings, the case with its problem areas, the access-log row and its chain hash (on
# PostgreSQL also the chain's advisory lock: lock and read cannot share a statement), "wie zag
# deze casus" with its users. Then ONE statement for the case's own sections and the panels'
# collections (core/together.py: a UNION ALL of typed rows, none multiplied), and what does not
# fit a union branch: the import notes, the evaluations with their scores, the region's risk
# settings (a limit); and the timeline's events, hundreds of narrow rows that would each carry
# every part's columns in the union (more CPU than their own query).
MAX_CASE_PAGE_QUERIES = 12
# Per registered panel: what it may run whatever the size of the case (no per-row loads); the
# panels' declared reads are already in the shared statement.
PANEL_BUDGET = {
    "outcome.case_outcome": 1,  # evaluations with their scores
    "timeline.case_timeline": 1,  # the events: many rows, narrow, cheaper on their own
    "risk.case_flags": 1,  # the region's risk settings (their labels' numbers)
    "exchange.import_notes": 1,  # the case's one exchange row, if it came in by an import
    "search.case_search": 0,  # searches, requests, placements: in the shared statement
}


def rich_case() -> Case:
    """Members, events, a placement, a meeting with an action, a flag, consent, goals and an
    evaluation: every panel of the case page has something to show."""
    chair = chair_user()
    case = case_with_history(chair)
    give_consent(case, chair)
    goal = add_goal(case, GoalContent(description="Een vaste plek", for_whom="jeugdige",
                                      indicator="Woont er"), chair)
    record_evaluation(case, replace(evaluation_input(), scores={goal.id: 1}), chair)
    make_action(chair, item=make_item(chair, case=case))
    db.session.add(RiskFlag(case_id=case.id, code=CODES[0], severity="hoog",
                            explanation="Geen regisseur", evidence=[], raised_on=date.today()))
    db.session.flush()
    return case


def test_case_page_runs_a_small_fixed_number_of_queries(chair_client, count_queries):
    case = rich_case()
    with count_queries() as queries:
        response = chair_client.get(f"/cases/{case.reference}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for section in ("risico", "uitkomst", "tijdlijn", "retrospectief-toestemming",
                    "ret-besprekingen", "betrokkenen"):
        assert f'id="{section}"' in html, section
    if os.environ.get("SHOW_QUERIES"):
        print("\n\n".join(queries))
    assert len(queries) <= MAX_CASE_PAGE_QUERIES, len(queries)
    assert sum("UNION ALL" in q for q in queries) == 1  # the panels read together


def test_every_panel_keeps_to_its_query_budget(chair_client, count_queries, monkeypatch):
    case = rich_case()
    used: dict[str, int] = {}

    def counted(panel):
        def load(*args):
            with count_queries() as queries:
                data = panel.load(*args)
            used[panel.key] = len(queries)
            return data
        return load

    for key, panel in list(CASE_PANELS.items()):
        monkeypatch.setitem(CASE_PANELS, key, replace(panel, load=counted(panel)))
    assert chair_client.get(f"/cases/{case.reference}").status_code == 200
    assert {"risk.case_flags", "outcome.case_outcome", "timeline.case_timeline",
            "retrospectives.consent", "meetings.case_panel", "cases.corrections",
            "exchange.import_notes", "exchange.case_actions"} <= set(used)
    assert "timeline.own_entries" not in used  # only for a former member
    over = {key: n for key, n in used.items() if n > PANEL_BUDGET.get(key, 0)}
    assert not over, over


def test_a_former_member_gets_only_the_panels_meant_for_them(client, auth):
    from caseflow.cases.models import CaseMember

    case = rich_case()
    author = auth.login(Role.PROFESSIONAL)
    db.session.add(CaseMember(case_id=case.id, user_id=author.id, role="onderwijs",
                              since=date.today() - timedelta(days=30),
                              until=date.today() - timedelta(days=1)))
    db.session.flush()
    html = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "Door u vastgelegd" in html
    assert 'id="tijdlijn"' not in html and 'id="risico"' not in html


def test_two_panels_may_not_claim_the_same_context_key(chair_client, monkeypatch):
    case = rich_case()
    monkeypatch.setitem(CASE_PANELS, "test.clash", CasePanel(
        "test.clash", lambda *_: {"ret_panel": None}, "cases/_corrections.html"))
    with pytest.raises(RuntimeError, match="ret_panel"):
        chair_client.get(f"/cases/{case.reference}")
