"""Growing a generated region and counting a page's queries, for the query-count guards."""

from __future__ import annotations

from caseflow.extensions import db
from caseflow.generate.runner import generate
from caseflow.risk.services import recompute


def grow_region(cases: int, seed: int) -> None:
    """Add ``cases`` generated cases (three years of history) with their risk flags."""
    generate(cases, seed=seed, reads_per_case=1, years=3)
    recompute()
    db.session.flush()


def page_queries(client, count_queries, url: str) -> int:
    """How many SQL statements one GET of ``url`` runs (it must answer 200)."""
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)
