"""A small region's team at work on real servers: each user logs in through the login form, then
reads case pages and logs timeline events (the real form POST with CSRF) on shared cases.

Used by tests/test_team_load.py (correctness: no 500, no lost write) and bench/team.py (throughput).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flask import Flask
from sqlalchemy import func, select

from caseflow.auth.models import Role
from caseflow.cases.records import add_member
from caseflow.cases.vocab import MemberRole
from caseflow.extensions import db
from caseflow.timeline.models import TimelineEvent
from tests.case_helpers import chair_user, new_case
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.http_users import Answer, HttpUser

TITLE_PREFIX = "Teamtest"


@dataclass(frozen=True)
class Team:
    emails: list[str]
    references: list[str]


def build_team(app: Flask, users: int, cases: int) -> Team:
    """Professionals (no second factor) who are all members of every case; committed."""
    with app.app_context():
        lead = chair_user()
        people = [UserFactory(role=Role.PROFESSIONAL.value) for _ in range(users)]
        references = []
        for number in range(cases):
            case = new_case(lead, pseudonym=f"Teamkind {number}")
            for person in people:
                add_member(case, person, MemberRole.OVERIG, lead)
            references.append(case.reference)
        emails = [person.email for person in people]
        db.session.commit()
        db.session.remove()
    return Team(emails, references)


@dataclass
class Tally:
    """What the users saw: every answer that was not a 200/302, and the events they stored."""

    failures: list[str] = field(default_factory=list)
    posted: list[str] = field(default_factory=list)
    round_ms: list[float] = field(default_factory=list)  # for bench/team.py, never asserted
    requests: int = 0  # every HTTP request made (CSRF form fetches included)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, answer: Answer, expected: Sequence[int] = (200, 302)) -> bool:
        with self.lock:
            if answer.status not in expected:
                self.failures.append(str(answer))
                return False
            return True


def work(user: HttpUser, email: str, references: list[str], rounds: int, tally: Tally,
         start: threading.Barrier) -> None:
    """Log in, wait for the others, then per round: case page, one event, the timeline."""
    try:
        if not tally.record(user.login(email, DEFAULT_PASSWORD), expected=(302,)):
            start.abort()
            return
        start.wait()
        for number, reference in zip(range(rounds), itertools.cycle(references), strict=False):
            began = time.perf_counter()
            page = user.get(f"/cases/{reference}")
            if not tally.record(page):
                continue
            # the local part only: an e-mail address in a title is warned about (issue 20)
            title = f"{TITLE_PREFIX} {email.split('@')[0]} {number}"
            token = user.csrf_token(f"/cases/{reference}/events/new")
            answer = user.post(f"/cases/{reference}/events/new", {
                "csrf_token": token, "kind": "crisis", "title": title,
                "occurred_on": date.today().isoformat(), "precision": "day", "description": "",
            })
            if tally.record(answer, expected=(302,)):
                with tally.lock:
                    tally.posted.append(title)
            tally.record(user.get(f"/cases/{reference}/timeline"))
            with tally.lock:
                tally.round_ms.append((time.perf_counter() - began) * 1000)
    except threading.BrokenBarrierError:
        with tally.lock:
            tally.failures.append(f"{email}: another user's login failed, nobody started")
    except Exception as error:  # noqa: BLE001 - reported by the test, with the others' results
        with tally.lock:
            tally.failures.append(f"{email}: {error!r}")


def run_team(urls: list[str], team: Team, rounds: int) -> Tally:
    """Every user in a thread of their own, spread over the servers in ``urls``."""
    tally = Tally()
    start = threading.Barrier(len(team.emails))
    users = [HttpUser(urls[n % len(urls)]) for n in range(len(team.emails))]
    threads = [
        threading.Thread(target=work, args=(user, email, team.references, rounds, tally, start))
        for user, email in zip(users, team.emails, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.requests = sum(user.sent for user in users)
    return tally


def stored_titles(app: Flask) -> list[str]:
    with app.app_context():
        titles = db.session.scalars(
            select(TimelineEvent.title).where(TimelineEvent.title.startswith(TITLE_PREFIX))
        ).all()
        db.session.remove()
    return list(titles)


def event_count(app: Flask) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(TimelineEvent))
        db.session.remove()
    return count or 0
