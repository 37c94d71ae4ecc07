"""Data the benchmark needs besides the generated region, made through the real services.

``python bench/fixtures.py retrospective``  prints the id of a finished retrospective (made once,
    like the demo's: consent, preparation, participants, annotations, finished);
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


def retrospective() -> int:
    from caseflow.auth.services import create_user, get_or_create_organisation
    from caseflow.demo.retrospectives import load_demo_retrospectives
    from caseflow.retrospectives.models import Retrospective

    with app.app_context():
        query = select(Retrospective.id).where(Retrospective.status == "afgerond").limit(1)
        found = db.session.scalar(query)
        if found is None:
            chair = db.session.scalar(select(User).where(User.email == EMAIL))
            facilitator = db.session.scalar(select(User).where(User.email == FACILITATOR))
            if facilitator is None:
                org = get_or_create_organisation("Leerlijn benchmark", "ret")
                facilitator = create_user(email=FACILITATOR, name="Bench Facilitator",
                                          role=Role.FACILITATOR, organisation=org,
                                          password="Vlinder-Groen-Kastanje-7513-beek")  # nosec B106
            load_demo_retrospectives(chair, facilitator)
            db.session.commit()
            found = db.session.scalar(query)
        return int(found)


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
        print(retrospective())
    else:
        export(int(sys.argv[2]), Path(sys.argv[3]))
