"""The demo loader of the retrospectives: one learning session, two finished retrospectives and
one in preparation, on consenting cases."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.demo.retrospectives import load_demo_retrospectives
from caseflow.extensions import db
from caseflow.retrospectives import queries
from caseflow.retrospectives.consent import has_valid_consent
from caseflow.retrospectives.models import LearningSession, Retrospective
from tests.case_helpers import chair_user
from tests.retro_helpers import case_with_history, facilitator


def test_demo_loads_one_session_with_two_finished_and_one_prepared(app):
    cases = [case_with_history(pseudonym=name) for name in ("Demo A", "Demo B", "Demo C")]
    owner = facilitator()
    assert load_demo_retrospectives(chair_user(), owner) == 3
    (session,) = db.session.scalars(select(LearningSession)).all()
    retros = db.session.scalars(select(Retrospective).order_by(Retrospective.held_on)).all()
    assert [r.status for r in retros] == ["afgerond", "afgerond", "voorbereiding"]
    assert {r.session_id for r in retros} == {session.id}
    assert all(has_valid_consent(c) for c in cases)
    page = queries.session_page(session)
    assert page.theme_counts and page.actions
    assert all(r.facilitator_id == owner.id for r in retros)


# --- the demo region through the engine (issue 18) -------------------------------------------


def _demo_names() -> list[str]:
    """Every name the demo plants: accounts (whole, first and last names), organisations (whole
    and their distinctive words), gemeenten, case pseudonyms and the family's names."""
    import re

    from caseflow.auth.models import Organisation, User
    from caseflow.cases.models import Case, Gemeente
    from caseflow.demo.retrospectives import PLANTED_NAMES

    names: set[str] = set(PLANTED_NAMES)
    for name in db.session.scalars(select(User.name)):
        names.add(name)
        names.update(part for part in name.split() if len(part) > 3)
    for name in db.session.scalars(select(Organisation.name)):
        names.add(name)
        base = re.sub(r"\s*\(demo\)|,.*$", "", name)
        names.add(base)
    names.update(db.session.scalars(select(Gemeente.name)))
    names.update(db.session.scalars(select(Case.pseudonym)))
    return sorted(names)


def _leaks(text: str, names: list[str]) -> list[str]:
    import re

    return [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)]


def test_the_demo_region_retrospectives_have_nothing_open_and_leak_no_name(runner, client, auth):
    from caseflow.auth.models import Role
    from caseflow.retrospectives import spans
    from tests.retro_helpers import _exported_texts

    assert runner.invoke(args=["demo"]).exit_code == 0
    retros = db.session.scalars(select(Retrospective)).all()
    assert len(retros) == 3
    names = _demo_names()
    assert {"Truus", "Eva Visser", "Hilversum", "De Lindenhoeve Jeugdzorg"} <= set(names)
    for retro in retros:
        assert spans.open_count(spans.Owner(retro=retro)) == 0, retro.session_pseudonym
        assert spans.summary(spans.Owner(retro=retro)).replaced_names > 0
    (session,) = db.session.scalars(select(LearningSession)).all()
    assert spans.open_count(spans.Owner(session=session)) == 0
    auth.login(Role.VOORZITTER)
    texts = _exported_texts(client, retros, session)
    assert len(texts) == 3 * 3 + 2
    for where, text in texts.items():
        assert "namen vervangen" in text, where
        assert _leaks(text, names) == [], where


def test_demo_cases_export_pseudonymised_leaves_no_member_or_user_name(runner, tmp_path):
    import json

    from caseflow.auth.models import User

    assert runner.invoke(args=["demo"]).exit_code == 0
    out = tmp_path / "export.json"
    result = runner.invoke(args=["cases", "export", "--pseudonymise", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["cases"] and document["cases"][0]["pseudonym"] == "Jeugdige 1"
    users = list(db.session.scalars(select(User.name)))
    parts = {p for name in users for p in name.split() if len(p) > 3} | set(users)
    assert _leaks(text, sorted(parts)) == []
