import re

import pyotp
from sqlalchemy import func, select

from caseflow.auth.models import Organisation, Role, User
from caseflow.demo import region
from caseflow.extensions import db
from tests.factories import UserFactory
from tests.helpers import csrf_token

ENROLMENT = "/login/tweestapsverificatie"


def _enrol_second_factor(client) -> None:
    html = client.get(ENROLMENT).get_data(as_text=True)
    secret = re.search(r'class="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    code = pyotp.TOTP(secret).now()
    token = csrf_token(client, ENROLMENT)
    assert client.post(ENROLMENT, data={"csrf_token": token, "code": code}).status_code == 302


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_fills_an_empty_database_and_prints_working_logins(runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demoregio Gooi en Vechtstreek geladen" in result.output
    assert _count(Organisation) == len(region.ORGANISATIONS)
    roles = set(db.session.scalars(select(User.role)))
    assert roles == {r.value for r in Role}
    # every printed login works on the real login page
    lines = [line.split() for line in result.output.splitlines() if "@gooi-vecht.example" in line]
    assert len(lines) == len(region.ACCOUNTS)
    for _role, email, password in lines:
        token = csrf_token(client, "/login")
        response = client.post(
            "/login", data={"csrf_token": token, "email": email, "password": password}
        )
        assert response.status_code == 302, email
        if response.headers["Location"] == ENROLMENT:
            _enrol_second_factor(client)  # voorzitter and beheerder must enrol at first login
        assert client.get("/").status_code == 200
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})


def test_demo_gemeenten_are_the_regions_municipalities(runner):
    runner.invoke(args=["demo"])
    names = set(
        db.session.scalars(select(Organisation.name).where(Organisation.kind == "gemeente"))
    )
    assert {"Gemeente Hilversum", "Gemeente Wijdemeren", "Gemeente Gooise Meren"} <= names


def test_demo_is_idempotent(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    users, organisations = _count(User), _count(Organisation)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert "al geladen" in second.output
    assert (_count(User), _count(Organisation)) == (users, organisations)


def test_demo_refuses_a_database_with_other_data(runner):
    UserFactory(email="echt@regio.example")
    result = runner.invoke(args=["demo"])
    assert result.exit_code != 0
    assert "alleen in een lege database" in result.output
    assert _count(User) == 1


def test_demo_on_first_run_skips_quietly_when_data_exists(runner):
    UserFactory(email="echt@regio.example")
    result = runner.invoke(args=["demo", "--on-first-run"])
    assert result.exit_code == 0
    assert "overgeslagen" in result.output
    assert _count(User) == 1


# What the seeds say a role fits (independent of caseflow/demo/team.py on purpose: the test holds
# the demo to the domain, not to its own table).
FITS = {
    "gi": {"casusregisseur", "jeugdbeschermer"},
    "gemeente": {"casusregisseur", "consulent_gemeente"},
    "zorgaanbieder": {"zorgaanbieder", "gedragswetenschapper"},
    "onderwijs": {"onderwijs"},
    "veilig_thuis": {"overig"},
    "ret": {"gedragswetenschapper", "overig"},
    "overig": {"overig"},
}


def test_demo_professionals_work_on_a_handful_of_cases_in_fitting_roles(runner):
    from caseflow.cases.models import Case, CaseDecision, CaseMember
    from caseflow.meetings.models import MeetingDecision

    assert runner.invoke(args=["demo"]).exit_code == 0
    members = db.session.execute(
        select(User.email, Organisation.kind, CaseMember.role, CaseMember.case_id)
        .join(User, User.id == CaseMember.user_id)
        .join(Organisation, Organisation.id == User.organisation_id)
    ).all()
    cases_of: dict[str, set[int]] = {}
    for email, kind, role, case_id in members:
        assert role in FITS[kind], f"{email} ({kind}) is {role}"
        cases_of.setdefault(email, set()).add(case_id)
    total = _count(Case)
    assert total >= 40
    assert max(len(cases) for cases in cases_of.values()) <= 8, {
        email: len(cases) for email, cases in cases_of.items()
    }
    for login in ("professional", "consulent"):  # the demo logins see "own cases only"
        assert 3 <= len(cases_of[f"{login}@{region.EMAIL_DOMAIN}"]) <= 8
    assert len(cases_of) >= 10  # the work is spread over the region's professionals
    texts = [*db.session.scalars(select(CaseDecision.text)),
             *db.session.scalars(select(MeetingDecision.text))]
    assert texts and not [t for t in texts if "zoek een plek" in t.lower()]
    assert any("wat heeft dit kind nodig" in t.lower() for t in texts)
