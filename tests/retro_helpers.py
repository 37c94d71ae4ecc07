"""Building retrospectives for tests through the real services."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from caseflow.auth.models import Organisation, OrganisationKind, Role, User
from caseflow.cases.models import Case, CaseMember
from caseflow.cases.vocab import MemberRole
from caseflow.extensions import db
from caseflow.retrospectives.consent import ConsentInput, record_consent
from caseflow.retrospectives.consent_age import case_age
from caseflow.retrospectives.learning import create_session
from caseflow.retrospectives.models import LearningSession, Retrospective
from caseflow.retrospectives.services import Preparation, prepare_retrospective
from caseflow.retrospectives.vocab import ConsentParty, party_of
from caseflow.timeline.placements import PlacementInput, start_placement
from caseflow.timeline.services import EventContent, log_event
from tests.case_helpers import chair_user, new_case
from tests.factories import OrganisationFactory, UserFactory

PSEUDONYM = "Jasmijn"
REGISSEUR = "Sanne Verbeek"
JEUGDBESCHERMER = "Pieter-Jan Okkerman"
ORGANISATION = "Stichting Horizonwater"
SECRET_NAMES = [PSEUDONYM, "Sanne", "Verbeek", "Pieter-Jan", "Okkerman", "Horizonwater"]


def facilitator(**kwargs) -> User:
    return UserFactory(role=Role.FACILITATOR.value, **kwargs)


def case_with_history(chair: User | None = None, pseudonym: str = PSEUDONYM) -> Case:
    """A case whose events mention the child and the professionals by name."""
    chair = chair or chair_user()
    case = new_case(chair, pseudonym=pseudonym, registered_on=date.today() - timedelta(days=400))
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name == ORGANISATION)
    ) or OrganisationFactory(name=ORGANISATION, kind=OrganisationKind.GI.value)
    regisseur = UserFactory(name=REGISSEUR, role=Role.PROFESSIONAL.value)
    protector = UserFactory(name=JEUGDBESCHERMER, role=Role.PROFESSIONAL.value,
                            organisation=organisation)
    since = date.today() - timedelta(days=300)
    db.session.add_all([
        CaseMember(case_id=case.id, user_id=regisseur.id, role=MemberRole.CASUSREGISSEUR.value,
                   since=since),
        CaseMember(case_id=case.id, user_id=protector.id, role=MemberRole.JEUGDBESCHERMER.value,
                   since=since),
    ])
    db.session.flush()
    texts = [
        ("crisis", f"Crisis: {pseudonym} weggelopen", f"{REGISSEUR} belde de politie."),
        ("gesprek", f"Gesprek met {pseudonym} en Sanne", f"Okkerman van {ORGANISATION} was er."),
        ("school", "Schorsing van school", f"Mentor Willemijn sprak met {pseudonym}."),
    ]
    for offset, (kind, title, description) in enumerate(texts):
        log_event(case, EventContent(kind, title, date.today() - timedelta(days=200 - 30 * offset),
                                     description=description), chair)
    start_placement(case, PlacementInput("gezinshuis", ORGANISATION,
                                         date.today() - timedelta(days=150)), chair)
    return case


def give_consent(case: Case, actor: User | None = None, **kwargs) -> None:
    """Consent of ``given_by`` (with the texts) and, unless ``only``, of every other party the
    child's age requires on ``given_on`` (issue 18: the test child of 2012 is 12 to 16)."""
    given_on = kwargs.get("given_on", date.today())
    required = case_age(case, given_on).required
    only_young = list(required) == [ConsentParty.JONGERE]
    default_by = "jongere" if only_young else "ouders"
    given_by = kwargs.get("given_by", default_by)
    data = ConsentInput(
        given_by, given_on, "retrospectief_en_leerbijeenkomst",
        reflection=kwargs.get("reflection", f"{PSEUDONYM} voelde zich niet gehoord door Sanne."),
        learning_question=kwargs.get("learning_question", "Waarom duurde het zo lang?"),
    )
    record_consent(case, data, actor or chair_user())
    if kwargs.get("only"):
        return
    for party in required:
        if party != party_of(given_by):
            other = "jongere" if party == ConsentParty.JONGERE else "ouders"
            record_consent(case, ConsentInput(other, given_on, "retrospectief_en_leerbijeenkomst"),
                           actor or chair_user())


def prepared(
    case: Case | None = None, *, owner: User | None = None, held_on: date | None = None,
    session: LearningSession | None = None,
) -> Retrospective:
    case = case or case_with_history()
    chair = chair_user()
    from caseflow.retrospectives.consent import has_valid_consent

    if not has_valid_consent(case):
        give_consent(case, chair)
    data = Preparation(
        owner or facilitator(), date.today(), held_on or date.today() + timedelta(days=14),
        "ochtend", f"Wat kunnen we leren van de samenwerking rond {PSEUDONYM}?",
        ["Wanneer is de analyse gemaakt?", f"Hoe werkten {REGISSEUR} en de GI samen?"],
        session,
    )
    return prepare_retrospective(case, data, chair)


def learning_session(owner: User | None = None) -> LearningSession:
    owner = owner or facilitator()
    return create_session("Leerbijeenkomst test", date.today() + timedelta(days=30), "Hilversum",
                          owner, chair_user())


# --- makers for the access matrix (tests/test_access_matrix.py) ------------------------------


def matrix_owner() -> User:
    """The facilitator who owns what the matrix opens: the newest facilitator account, which is
    the one just logged in when the matrix tries the facilitator role."""
    newest = db.session.scalar(
        select(User).where(User.role == Role.FACILITATOR.value).order_by(User.id.desc()).limit(1)
    )
    return newest or facilitator()


def matrix_retro_id() -> int:
    owner = matrix_owner()
    return prepared(owner=owner, session=learning_session(owner)).id


def matrix_session_id() -> int:
    return learning_session(matrix_owner()).id


def matrix_participant_id() -> int:
    from caseflow.retrospectives.services import add_participant

    retro = db.session.get(Retrospective, matrix_retro_id())
    return add_participant(retro, "Deelnemer", "gi", "jeugdbeschermer", "").id


def matrix_improvement_id() -> int:
    from caseflow.retrospectives.learning import add_action

    retro = db.session.get(Retrospective, matrix_retro_id())
    return add_action("Actie", "", None, retro=retro).id


def matrix_family_token() -> str:
    from caseflow.retrospectives.family_link import create_link

    case = case_with_history()
    return create_link(case, "ouders", chair_user())[1]


MATRIX_MAKERS = {
    "family_token": matrix_family_token,
    "retro_id": matrix_retro_id,
    "session_id": matrix_session_id,
    "participant_id": matrix_participant_id,
    "improvement_id": matrix_improvement_id,
}


def resolve_all(thing, actor: User | None = None) -> int:
    """The facilitator replaces every open span of a retrospective or learning session by its
    proposed label; returns how many."""
    from caseflow.retrospectives import deidentify, spans

    owner = spans.owner_of(thing)
    done = 0
    for group in spans.open_groups(owner):
        done += deidentify.resolve(owner, group.word, "", actor=actor or thing.facilitator)
    return done


def _exported_texts(client, retros, session) -> dict[str, str]:
    """The verslag of each retrospective as web page, PDF and DOCX text, and the session's PDF
    and DOCX text: everything that leaves caseflow."""
    import io
    import re

    from docx import Document
    from pypdf import PdfReader

    def pdf(data: bytes) -> str:
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)

    def docx(data: bytes) -> str:
        document = Document(io.BytesIO(data))
        text = "\n".join(p.text for p in document.paragraphs)
        return text + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)

    def html(data: bytes) -> str:
        body = data.decode()
        body = body[body.index('<article class="retro-report">'):body.index("</article>")]
        return re.sub(r"<[^>]+>", " ", body)

    found: dict[str, str] = {}
    for retro in retros:
        base = f"/retrospectives/{retro.id}"
        for suffix, read in (("/verslag", html), ("/verslag.pdf", pdf), ("/verslag.docx", docx)):
            response = client.get(base + suffix)
            assert response.status_code == 200, base + suffix
            found[base + suffix] = " ".join(read(response.data).split())
    sbase = f"/retrospectives/sessions/{session.id}"
    for suffix, read in (("/verslag.pdf", pdf), ("/verslag.docx", docx)):
        response = client.get(sbase + suffix)
        assert response.status_code == 200, sbase + suffix
        found[sbase + suffix] = " ".join(read(response.data).split())
    return found
