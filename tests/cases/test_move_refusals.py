"""A refused move or proposal on the case page shows next to its field (issue 23, point 6): the
field is aria-invalid and described by the message, the error summary is there, the page title
starts with "Fout:", and nothing is stored."""

import re

import pytest
from sqlalchemy import func, select

from caseflow.auth.models import Role
from caseflow.cases.models import PhaseProposal, PhaseTransition
from caseflow.cases.records import add_member
from caseflow.cases.vocab import MemberRole
from caseflow.cases.workflow import Phase
from caseflow.extensions import db
from caseflow.timeline.models import TimelineEvent
from tests.case_helpers import chair_user, new_case
from tests.helpers import csrf_token


@pytest.fixture
def member_case(auth):
    professional = auth.login(Role.PROFESSIONAL)
    chair = chair_user()
    case = new_case(chair, pseudonym="Voorstelkind")
    add_member(case, professional, MemberRole.CASUSREGISSEUR, chair)
    db.session.commit()
    return case


def _counts(case) -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model).where(model.case_id == case.id))
        for model in (PhaseProposal, PhaseTransition, TimelineEvent)
    )


def _textarea(html: str, element_id: str) -> str:
    found = re.search(rf'<textarea[^>]*id="{element_id}"[^>]*>', html)
    assert found, f"no textarea #{element_id}"
    return found.group(0)


def test_a_proposal_without_reason_is_refused_next_to_the_field(client, member_case):
    case = member_case
    before = _counts(case)
    token = csrf_token(client, f"/cases/{case.reference}")
    response = client.post(
        f"/cases/{case.reference}/move",
        data={
            "csrf_token": token,
            "trigger": "start_analyse",
            "version": case.version,
            "reason": "  ",
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    assert title.startswith("Fout:")
    field = _textarea(html, "reason-start_analyse")
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="reason-start_analyse-fout"' in field
    message = re.search(r'<div[^>]*id="reason-start_analyse-fout"[^>]*>(.*?)</div>', html, re.S)
    assert message and "Geef een reden op voor deze stap." in message.group(1)
    summary = re.search(r'<div[^>]*id="foutoverzicht".*?</div>', html, re.S).group(0)
    assert 'href="#reason-start_analyse"' in summary and "Geef een reden op" in summary
    opened = re.findall(r'<details[^>]* open>.*?name="trigger" value="(\w+)"', html, re.S)
    assert opened == ["start_analyse"]  # the refused move's form is open, no other
    # the other moves' fields stay as they were
    assert html.count('aria-invalid="true"') == 1
    assert _counts(case) == before
    db.session.refresh(case)
    assert case.phase == Phase.AANMELDING


def test_what_was_typed_is_kept_and_a_form_level_refusal_is_in_the_summary(client, auth):
    professional = auth.login(Role.PROFESSIONAL)
    boss = chair_user()
    case = new_case(boss, pseudonym="Dubbelkind")
    add_member(case, professional, MemberRole.CASUSREGISSEUR, boss)
    db.session.commit()
    token = csrf_token(client, f"/cases/{case.reference}")
    data = {
        "csrf_token": token,
        "trigger": "start_analyse",
        "version": case.version,
        "reason": "Analyse kan beginnen",
    }
    assert client.post(f"/cases/{case.reference}/move", data=data).status_code == 302
    before = _counts(case)
    data["reason"] = "Nog een keer <b>voorgesteld</b>"
    response = client.post(f"/cases/{case.reference}/move", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    summary = re.search(r'<div[^>]*id="foutoverzicht".*?</div>', html, re.S).group(0)
    assert "al voorgesteld en wacht op de voorzitter" in summary
    assert "Nog een keer &lt;b&gt;voorgesteld&lt;/b&gt;" in html  # typed text back, escaped
    assert 'aria-invalid="true"' not in html  # not about one field
    assert _counts(case) == before
