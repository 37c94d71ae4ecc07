"""Two-factor authentication for every role: in production every role must enrol, unless the
region turned it off for a role — with a reason, logged; never for the beheerder (issue 27.4)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Role
from caseflow.extensions import db
from caseflow.region.two_factor import policy_history
from tests.factories import DEFAULT_PASSWORD as PASSWORD  # noqa: E402
from tests.factories import UserFactory


@pytest.fixture
def production(app):
    app.config["ENV"] = "production"  # the start-up check ran already; only the rule is read
    yield app
    app.config["ENV"] = "development"


def _login(client, email):
    from tests.helpers import csrf_token

    token = csrf_token(client, "/login")
    return client.post("/login", data={"csrf_token": token, "email": email, "password": PASSWORD})


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_in_production_every_role_must_enrol_before_the_session_starts(production, client, role):
    user = UserFactory(role=role, totp_secret=None)
    db.session.commit()
    response = _login(client, user.email)
    assert response.headers["Location"] == "/login/tweestapsverificatie"
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("role", ["professional", "facilitator", "procesbegeleider"])
def test_outside_production_these_roles_may_choose_and_can_enrol(app, client, auth, role):
    user = UserFactory(role=role, totp_secret=None)
    db.session.commit()
    assert _login(client, user.email).headers["Location"] != "/login/tweestapsverificatie"
    page = client.get("/account/tweestapsverificatie")
    assert page.status_code == 200 and "<svg" in page.get_data(as_text=True)


def test_the_region_turns_it_off_for_a_role_with_a_reason_logged(production, client, runner):
    refused = runner.invoke(args=["region", "two-factor", "facilitator", "--optional",
                                  "--reason", "nee"])
    assert refused.exit_code != 0 and "reden" in refused.output
    result = runner.invoke(args=["region", "two-factor", "facilitator", "--optional", "--reason",
                                 "leest alleen geanonimiseerde retrospectieven"])
    assert result.exit_code == 0, result.output
    row = db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id.desc())).first()
    assert row.object_type == "setting" and row.reason == "totp_optional"
    assert policy_history()[-1]["reason"] == "leest alleen geanonimiseerde retrospectieven"
    facilitator = UserFactory(role="facilitator", totp_secret=None)
    professional = UserFactory(role="professional", totp_secret=None)
    db.session.commit()
    assert _login(client, facilitator.email).headers["Location"] != "/login/tweestapsverificatie"
    other = client.application.test_client()
    assert _login(other, professional.email).headers["Location"] == "/login/tweestapsverificatie"
    back = runner.invoke(args=["region", "two-factor", "facilitator", "--required", "--reason",
                               "toch iedereen twee stappen"])
    assert back.exit_code == 0 and "verplicht" in back.output


def test_the_beheerder_can_never_be_let_off(production, runner):
    result = runner.invoke(args=["region", "two-factor", "beheerder", "--optional", "--reason",
                                 "gemak voor de beheerder"])
    assert result.exit_code != 0 and "blijft tweestapsverificatie verplicht" in result.output
