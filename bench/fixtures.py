"""Data the benchmark needs besides the generated region, made through the real services.

``python bench/fixtures.py retrospective REF``  prints the id of a finished retrospective of case
    REF (made once, like the demo's: consent, preparation, participants, annotations, finished);
``python bench/fixtures.py export N FILE``  writes the newest N cases as caseflow-history JSON
    (what ``flask cases export`` writes, for N cases instead of all), for the import benchmark.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import select

from bench.app import app
from bench.login import EMAIL
from caseflow.auth.models import Role, User
from caseflow.extensions import db

FACILITATOR = "bench-facilitator@bench.example"


def retrospective(reference: str) -> int:
    """A finished retrospective of the case ``reference`` (the case the other case pages use,
    so the report is of the same size at every region size), made once through the services."""
    from datetime import date, timedelta

    from caseflow.auth.services import create_user, get_or_create_organisation
    from caseflow.cases.models import Case
    from caseflow.demo.retrospectives import ANNOTATIONS, SUB_QUESTIONS, resolve_demo_spans
    from caseflow.retrospectives import learning, services
    from caseflow.retrospectives.consent import ConsentInput, record_consent
    from caseflow.retrospectives.consent_age import case_age
    from caseflow.retrospectives.freeze import frozen_events
    from caseflow.retrospectives.models import Retrospective, Theme
    from caseflow.retrospectives.vocab import ConsentGiver, party_of

    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        query = select(Retrospective.id).where(
            Retrospective.case_id == case.id, Retrospective.status == "afgerond"
        )
        found = db.session.scalar(query)
        if found is not None:
            return int(found)
        chair = db.session.scalar(select(User).where(User.email == EMAIL))
        facilitator = db.session.scalar(select(User).where(User.email == FACILITATOR))
        if facilitator is None:
            org = get_or_create_organisation("Leerlijn benchmark", "ret")
            facilitator = create_user(email=FACILITATOR, name="Bench Facilitator",
                                      role=Role.FACILITATOR, organisation=org,
                                      password="Vlinder-Groen-Kastanje-7513-beek")  # nosec B106
        today = date.today()
        given_on = today - timedelta(days=60)
        # Each party the child's age asks for consents (issue 18): parents, young person, both.
        required, covered = case_age(case, given_on).required, set()
        for giver in ConsentGiver:
            party = None if giver == ConsentGiver.OUDERS_EN_JONGERE else party_of(giver)
            if party in required and party not in covered:
                covered.add(party)
                consent = ConsentInput(giver.value, given_on, "retrospectief_en_leerbijeenkomst",
                                       "", "")
                record_consent(case, consent, chair)
        services.ensure_themes()
        themes = {t.code: t for t in db.session.scalars(select(Theme))}
        retro = services.prepare_retrospective(case, services.Preparation(
            facilitator, today - timedelta(days=7), today, "ochtend",
            "Hoe hebben we als partners samengewerkt rond deze jeugdige?", SUB_QUESTIONS,
        ), chair)
        for kind in ("gi", "gemeente", "zorgaanbieder"):
            participant = services.add_participant(retro, f"Deelnemer {kind}", kind, "", "")
            services.set_attendance(participant, True)
        resolve_demo_spans(retro, facilitator)
        events = frozen_events(retro)
        for type_, text, codes, sub in ANNOTATIONS:
            learning.add_annotation(retro, learning.AnnotationInput(
                type_, text, events[min(sub * 40, len(events) - 1)] if events else None,
                period_start=None if events else today - timedelta(days=90),
                sub_question=retro.sub_questions[sub], themes=[themes[c] for c in codes],
            ), facilitator)
        services.finish_retrospective(retro)
        db.session.commit()
        return retro.id


def export(count: int, path: Path) -> None:
    from caseflow.cases.models import Case
    from caseflow.exchange.exporter import export_cases, to_json

    with app.app_context():
        # The newest cases: caseflow-history/1 accepts birth years from 1990, and the oldest
        # generated cases (registered up to 20 years ago) can have a child born in 1989.
        newest = select(Case).order_by(Case.registered_on.desc(), Case.id.desc()).limit(count)
        cases = list(db.session.scalars(newest))
        path.write_text(to_json(export_cases(cases)), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1] == "retrospective":
        print(retrospective(sys.argv[2]))
    else:
        export(int(sys.argv[2]), Path(sys.argv[3]))
