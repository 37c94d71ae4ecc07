"""The app under benchmark, plus the two reference routes.

B0: a bare route returning a short string, through the same server, middleware and hooks.
B1: the case list from one raw SQL query and a template compiled once: the best this stack can do
    for that page. Both are PUBLIC (no login); they exist only in this benchmark entry point.
"""

from __future__ import annotations

from jinja2 import Template
from sqlalchemy import text

from caseflow import create_app
from caseflow.auth.permissions import Rule, access
from caseflow.extensions import db

app = create_app()

B1_SQL = text(
    "SELECT c.reference, c.pseudonym, c.phase, c.phase_since, g.name AS gemeente, "
    "count(*) OVER () AS total FROM casus c JOIN gemeente g ON g.id = c.gemeente_id "
    "WHERE c.phase <> 'afgesloten' ORDER BY c.reference, c.id LIMIT 25"
)
B1_TEMPLATE = Template(
    "<!doctype html><title>Casussen</title><table>{% for r in rows %}<tr><td>{{ r.reference }}"
    "</td><td>{{ r.pseudonym }}</td><td>{{ r.phase }}</td><td>{{ r.phase_since }}</td><td>"
    "{{ r.gemeente }}</td></tr>{% endfor %}</table><p>{{ total }}</p>"
)


@access(Rule.PUBLIC)
def b0() -> str:
    return "ok"


@access(Rule.PUBLIC)
def b1() -> str:
    rows = db.session.execute(B1_SQL).mappings().all()
    return B1_TEMPLATE.render(rows=rows, total=rows[0]["total"] if rows else 0)


app.add_url_rule("/bench/b0", "bench_b0", b0)
app.add_url_rule("/bench/b1", "bench_b1", b1)
