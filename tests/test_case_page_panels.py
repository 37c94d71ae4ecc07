"""The case page is a list of panels that each domain registers (caseflow.core.case_page); it
loads them all in a small, fixed number of queries."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.outcome.services import GoalContent, add_goal, record_evaluation
from caseflow.risk.models import RiskFlag
from caseflow.risk.rules import CODES
from tests.case_helpers import chair_user, evaluation_input
from tests.meeting_helpers import make_action, make_item
from tests.query_helpers import page_queries
from tests.retro_helpers import case_with_history, give_consent

MAX_CASE_PAGE_QUERIES = 12


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


def test_case_page_loads_its_panels_in_at_most_twelve_queries(chair_client, count_queries):
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
