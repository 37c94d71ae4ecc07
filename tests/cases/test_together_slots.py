"""core/together.py: parts share the union's columns by type (issue 21, case page at 50,000
cases), and the eager targets' branch returns each target once."""

from __future__ import annotations

from types import SimpleNamespace

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


def test_a_plan_built_once_reads_each_call_s_own_values(app):
    """The union is built and compiled once per shape; a later call of the same shape (another
    case on the case page) binds its own values, expanding lists included."""
    from caseflow.core import together

    first, second = OrganisationFactory(name="Eerste"), OrganisationFactory(name="Tweede")
    anna = UserFactory(name="Anna", organisation=first)
    bram = UserFactory(name="Bram", organisation=second)
    cor = UserFactory(name="Cor", organisation=second)

    def shape(one: User, many: list[User], org: Organisation) -> dict:
        return {
            "one": select(User).where(User.id == one.id),
            "many": select(User).where(User.id.in_([u.id for u in many])).order_by(User.name),
            "org": select(Organisation.name).where(Organisation.id == org.id),
        }

    together._PLANS.clear()  # noqa: SLF001
    found = load_together(shape(anna, [anna, bram], first))
    assert len(together._PLANS) == 1  # noqa: SLF001
    again = load_together(shape(cor, [bram, cor, anna], second))
    assert len(together._PLANS) == 1  # noqa: SLF001 (the same plan, new values)
    assert [u.name for u in found["one"]] == ["Anna"]
    assert [u.name for u in found["many"]] == ["Anna", "Bram"]
    assert [r.name for r in found["org"]] == ["Eerste"]
    assert [u.name for u in again["one"]] == ["Cor"]
    assert [u.name for u in again["many"]] == ["Anna", "Bram", "Cor"]
    assert [r.name for r in again["org"]] == ["Tweede"]
    assert [u.organisation.name for u in again["many"]] == ["Eerste", "Tweede", "Tweede"]


def test_the_names_a_panel_looks_up_are_those_its_reads_make(app):
    """``read_all(make, names)`` on the case page looks the rows up by ``names`` without
    building the selects: the names must be exactly the reads' keys."""
    from caseflow.cases.corrections import CORRECTIONS_READS, corrections_reads
    from caseflow.cases.fact_queries import FACTS_READS, facts_reads
    from caseflow.meetings.queries import CASE_PANEL_READS, case_panel_reads

    case = SimpleNamespace(id=1)  # the reads only build selects for the case's id
    assert set(FACTS_READS) == set(facts_reads(case.id))
    assert set(CORRECTIONS_READS) == set(corrections_reads(case))
    assert set(CASE_PANEL_READS) == set(case_panel_reads(case))
