"""Migration 0024 keeps consent recorded before issue 18 readable and honest: rows of the parents
or a voogd become the party 'gezag', the young person's 'jongere', and a combined row the parents'
row plus the young person's copy (unless a later row of theirs superseded it)."""

from __future__ import annotations

from datetime import date

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from caseflow.extensions import db
from tests.case_helpers import new_case
from tests.conftest import unmigrated_app


@pytest.fixture
def migrated_app():
    yield from unmigrated_app("consent_migration")


LEGACY = [  # (case, given_by, withdrawn_on) in the order they were recorded
    (0, "ouders", None),
    (1, "ouders_en_jongere", None),
    (2, "voogd", date(2026, 2, 1)),
    (3, "ouders_en_jongere", date(2026, 3, 1)),  # withdrawn: both parts withdrawn
    (4, "ouders_en_jongere", None),
    (4, "jongere", date(2026, 4, 1)),  # the young person's later row supersedes theirs
]


def test_legacy_consent_rows_map_to_parties(migrated_app):
    with migrated_app.app_context():
        upgrade()
        case_ids = [new_case(pseudonym=f"Legacy{i}").id for i in range(5)]
        db.session.commit()
        downgrade(revision="0022_break_glass_review")
        with db.engine.begin() as connection:
            for index, given_by, withdrawn_on in LEGACY:
                connection.execute(text(
                    "INSERT INTO retro_consent (case_id, given_by, given_on, scope, withdrawn_on,"
                    " reflection, learning_question, created_at, updated_at) VALUES (:c, :g,"
                    " :d, 'retrospectief', :w, :r, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ), {"c": case_ids[index], "g": given_by, "d": date(2026, 1, 10),
                    "w": withdrawn_on, "r": f"tekst {index}"})
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT case_id, given_by, party, via, withdrawn_on, reflection FROM retro_consent"
                " ORDER BY id"
            )).all()
    by_case: dict[int, list] = {}
    for row in rows:
        by_case.setdefault(case_ids.index(row.case_id), []).append(
            (row.given_by, row.party, row.via, str(row.withdrawn_on or ""), row.reflection))
    assert by_case[0] == [("ouders", "gezag", "professional", "", "tekst 0")]
    assert by_case[1] == [("ouders", "gezag", "professional", "", "tekst 1"),
                          ("jongere", "jongere", "professional", "", "")]
    assert by_case[2] == [("voogd", "gezag", "professional", "2026-02-01", "tekst 2")]
    assert by_case[3] == [("ouders", "gezag", "professional", "2026-03-01", "tekst 3"),
                          ("jongere", "jongere", "professional", "2026-03-01", "")]
    assert by_case[4] == [("ouders", "gezag", "professional", "", "tekst 4"),
                          ("jongere", "jongere", "professional", "2026-04-01", "tekst 4")]
