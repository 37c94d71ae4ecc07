"""Issue 26, points 2 and 4 in the digest: the chairs' escalations (follow-up overdue by more
than two rhythms, evaluation overdue) and searches with requests unanswered after
SEARCH_REMINDER_DAYS; counts, references and links only."""

from __future__ import annotations

import email
from datetime import timedelta
from email import policy

from caseflow.auth.models import Role
from caseflow.cases.models import CaseMember
from caseflow.cases.vocab import MemberRole
from caseflow.cases.workflow import Phase
from caseflow.core.clock import region_today
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.jobs import reminders
from caseflow.jobs.digest import build_digest
from caseflow.timeline.services import EventContent, log_event
from tests.case_helpers import chair_user, new_case, voorzitter
from tests.factories import UserFactory
from tests.helpers import csrf_token
from tests.search_helpers import answer, ask, provider, searching_case

SINCE_WEEKS = 30


def _member(case, user) -> None:
    db.session.add(
        CaseMember(
            case_id=case.id,
            user_id=user.id,
            role=MemberRole.JEUGDBESCHERMER.value,
            since=region_today() - timedelta(days=400),
        )
    )


def _mails(folder) -> dict[str, str]:
    found = [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in sorted(folder.glob("*.eml"))
    ]
    return {m["To"]: m.get_content() for m in found}


def _since(case, weeks: int) -> None:
    case.phase_since = utcnow() - timedelta(weeks=weeks)


def _evaluation(case, actor, weeks_ago: int) -> None:
    log_event(
        case,
        EventContent(
            kind="evaluatiemoment",
            title="Evaluatie met oma Ingrid",
            occurred_on=region_today() - timedelta(weeks=weeks_ago),
        ),
        actor,
    )


def _evaluation_region():
    """Five cases: two with their evaluation overdue, three without."""
    coordinator = chair_user()
    stuck = new_case(coordinator, phase=Phase.EVALUATIE, pseudonym="Merel")  # 7 weeks: overdue
    _since(stuck, 7)
    fresh = new_case(coordinator, phase=Phase.EVALUATIE, pseudonym="Mus")  # 2 weeks: in time
    _since(fresh, 2)
    never = new_case(coordinator, phase=Phase.BLIJVEN_VOLGEN, pseudonym="Vink")  # none at all
    _since(never, SINCE_WEEKS)
    recent = new_case(coordinator, phase=Phase.BLIJVEN_VOLGEN, pseudonym="Specht")
    _since(recent, SINCE_WEEKS)
    _evaluation(recent, coordinator, 10)  # evaluated ten weeks ago: in time
    entered = new_case(coordinator, phase=Phase.BLIJVEN_VOLGEN, pseudonym="Gaai")
    _since(entered, 4)  # entered four weeks ago: nothing due yet
    professional = UserFactory(role=Role.PROFESSIONAL.value)
    _member(never, professional)
    db.session.commit()
    return (
        coordinator,
        professional,
        {"stuck": stuck, "fresh": fresh, "never": never, "recent": recent, "entered": entered},
    )


def test_evaluation_overdue_escalates_to_both_chairs_and_no_one_else(app, outbox):
    coordinator, professional, cases = _evaluation_region()
    chair = voorzitter()
    db.session.commit()
    day = region_today()
    expected = sorted([cases["stuck"].reference, cases["never"].reference])
    assert build_digest(chair, day, utcnow()).evaluation_overdue == expected
    assert build_digest(coordinator, day, utcnow()).evaluation_overdue == expected
    assert build_digest(professional, day, utcnow()).evaluation_overdue == []

    _evaluation(cases["never"], coordinator, 28)  # an evaluation long ago does not help
    db.session.commit()
    assert build_digest(chair, day, utcnow()).evaluation_overdue == expected
    _evaluation(cases["never"], coordinator, 1)
    db.session.commit()
    assert build_digest(chair, day, utcnow()).evaluation_overdue == [cases["stuck"].reference]

    reminders.send_reminders(day)
    mails = _mails(outbox)
    assert "Evaluatie over tijd: aan de voorzitter: 1" in mails[chair.email]
    assert f"/cases/{cases['stuck'].reference}" in mails[coordinator.email]
    assert "Evaluatie over tijd" not in mails.get(professional.email, "")
    for text in mails.values():
        for secret in ("Merel", "Mus", "Vink", "Specht", "Gaai", "Ingrid", "Hulpvraag"):
            assert secret not in text


def test_the_evaluation_limits_are_settings(app, outbox, monkeypatch):
    _coordinator, _professional, cases = _evaluation_region()
    chair = voorzitter()
    db.session.commit()
    monkeypatch.setitem(app.config, "EVALUATION_PHASE_WEEKS", 1)
    monkeypatch.setitem(app.config, "EVALUATION_INTERVAL_WEEKS", 8)
    found = build_digest(chair, region_today(), utcnow()).evaluation_overdue
    assert found == sorted(cases[k].reference for k in ("stuck", "fresh", "never", "recent"))


def test_the_procesbegeleider_gets_the_two_rhythm_escalation_too(app, outbox):
    coordinator = chair_user()
    case = new_case(coordinator, phase=Phase.BLIJVEN_VOLGEN, pseudonym="Zanglijster")
    case.follow_up_weeks = 2
    case.follow_up_due_on = region_today() - timedelta(weeks=5)
    db.session.commit()
    digest = build_digest(coordinator, region_today(), utcnow())
    assert digest.escalated == [case.reference]


def test_searches_with_unanswered_requests_for_members_not_for_others(app, outbox, monkeypatch):
    monkeypatch.setitem(app.config, "SEARCH_REMINDER_DAYS", 14)
    case, search, searcher = searching_case(pseudonym="Boomklever")
    member = UserFactory(role=Role.PROFESSIONAL.value)
    _member(case, member)
    bystander = UserFactory(role=Role.PROFESSIONAL.value)
    secret_provider = provider("Zorghuis De Vlinderhof")
    ask(search, case, searcher, secret_provider, days=20)  # waits: counted
    ask(search, case, searcher, provider(), days=20, care="pleegzorg")  # waits: counted
    ask(search, case, searcher, provider(), days=5)  # asked five days ago: not yet
    answered = ask(search, case, searcher, provider(), days=30, care="kortdurend_verblijf")
    answer(answered, case, searcher, "nee", days=25, reason="vol")
    other_case, other_search, _ = searching_case(pseudonym="Goudhaan", actor=searcher)
    ask(other_search, other_case, searcher, provider(), days=40)  # not the member's case
    db.session.commit()
    day = region_today()

    mine = build_digest(member, day, utcnow())
    assert (mine.requests_unanswered, mine.search_cases) == (2, [case.reference])
    assert not mine.empty()
    chairs = build_digest(searcher, day, utcnow())
    assert chairs.requests_unanswered == 3
    assert chairs.search_cases == sorted([case.reference, other_case.reference])
    assert build_digest(bystander, day, utcnow()).requests_unanswered == 0
    monkeypatch.setitem(app.config, "SEARCH_REMINDER_DAYS", 30)
    assert build_digest(member, day, utcnow()).requests_unanswered == 0
    monkeypatch.setitem(app.config, "SEARCH_REMINDER_DAYS", 14)

    reminders.send_reminders(day)
    mails = _mails(outbox)
    assert "Zoektochten: 2 aanvragen zonder antwoord na 14 dagen" in mails[member.email]
    assert f"/cases/{case.reference}" in mails[member.email]
    assert other_case.reference not in mails[member.email]
    assert bystander.email not in mails
    for text in mails.values():
        for secret in (
            "Boomklever",
            "Goudhaan",
            "Vlinderhof",
            "gezinshuis",
            "pleegzorg",
            "kleinschalig",
        ):
            assert secret not in text


def test_a_closed_search_reminds_of_nothing(app, outbox):
    from caseflow.search.models import Search

    case, search, searcher = searching_case(pseudonym="Kauw")
    member = UserFactory(role=Role.PROFESSIONAL.value)
    _member(case, member)
    ask(search, case, searcher, provider(), days=20)
    db.session.commit()
    assert build_digest(member, region_today(), utcnow()).requests_unanswered == 1
    closed = db.session.get(Search, search.id)
    closed.closed_on, closed.close_kind = region_today(), "gestopt"
    db.session.commit()
    assert build_digest(member, region_today(), utcnow()).requests_unanswered == 0


def test_the_account_page_explains_the_escalations_to_the_chairs_only(app, client, auth):
    auth.login(Role.PROCESBEGELEIDER)
    page = client.get("/account/herinneringen").get_data(as_text=True)
    assert "langer dan 6 weken in de fase evaluatie" in page
    assert "26 weken geen evaluatiemoment" in page
    assert "na 14 dagen nog geen antwoord" in page
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    auth.login(Role.PROFESSIONAL)
    page = client.get("/account/herinneringen").get_data(as_text=True)
    assert "fase evaluatie" not in page and "nog geen antwoord" in page
