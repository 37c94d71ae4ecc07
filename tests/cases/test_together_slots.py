"""core/together.py: parts share the union's columns by type (issue 21, case page at 50,000
cases), and the eager targets' branch returns each target once."""

from __future__ import annotations

from sqlalchemy import event, select

from caseflow.auth.models import Organisation, User
from caseflow.core.together import load_together
from caseflow.extensions import db
from tests.factories import OrganisationFactory, UserFactory


def test_parts_share_columns_and_read_what_their_own_queries_would(app):
    first, second = OrganisationFactory(name="Eerste"), OrganisationFactory(name="Tweede")
    anna = UserFactory(name="Anna", organisation=first)
    bram = UserFactory(name="Bram", organisation=second)
    widths: list[int] = []

    def record(_conn, cursor, statement, *_args):
        if "UNION ALL" in statement:
            widths.append(len(cursor.description))

    event.listen(db.engine, "after_cursor_execute", record)
    try:
        found = load_together(
            {
                "anna": select(User).where(User.id == anna.id),
                "both": select(User).where(User.id.in_([anna.id, bram.id])).order_by(User.name),
                "second": select(Organisation).where(Organisation.id == second.id),
            }
        )
    finally:
        event.remove(db.engine, "after_cursor_execute", record)
    assert [u.name for u in found["anna"]] == ["Anna"]
    assert [u.name for u in found["both"]] == ["Anna", "Bram"]
    assert [o.name for o in found["second"]] == ["Tweede"]
    assert [u.organisation.name for u in found["both"]] == ["Eerste", "Tweede"]
    # Three user-or-organisation parts plus the users' organisations: as wide as a user and an
    # organisation side by side at most, not the sum of all four parts' columns.
    user_columns, org_columns = len(User.__table__.columns), len(Organisation.__table__.columns)
    assert widths and widths[0] <= 2 + user_columns + org_columns
    assert widths[0] < 2 + 2 * user_columns + 2 * org_columns
