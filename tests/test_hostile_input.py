"""Random and hostile strings posted to every form: never a 500, nothing invalid stored, and what
comes back is escaped."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from caseflow.auth.breakglass import BreakGlassGrant
from caseflow.auth.models import Organisation, OrganisationKind, Role, User
from caseflow.auth.throttle import LoginAttempt
from caseflow.extensions import db
from tests.factories import UserFactory
from tests.helpers import csrf_token

HOSTILE = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "'; DROP TABLE user_account; --",
    "{{ 7*7 }}{% raw %}",
    "%s%s%n%x",
    "\u202egnp.exe",
    "a" * 5000,
    " ",
    "\x01\x02\x1f",
    "😀" * 50,
    "../../etc/passwd",
    "javascript:alert(1)",
    "<svg/onload=alert(1)>",
]
MARKUP = [h for h in HOSTILE if "<" in h]
value = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300))


@dataclass(frozen=True)
class Form:
    role: Role | None
    path: str
    fields: tuple[str, ...]


FORMS = {
    "login": Form(None, "/login", ("email", "password")),
    "password_change": Form(
        Role.PROFESSIONAL, "/account/wachtwoord",
        ("current_password", "new_password", "repeat_password"),
    ),
    "two_factor_enrol": Form(Role.PROFESSIONAL, "/account/tweestapsverificatie", ("code",)),
    "user_new": Form(
        Role.BEHEERDER, "/admin/users/nieuw", ("email", "name", "role", "organisation")
    ),
    "user_edit": Form(
        Role.BEHEERDER, "/admin/users/{other}", ("email", "name", "role", "organisation", "active")
    ),
    "organisation_new": Form(Role.BEHEERDER, "/admin/organisaties/nieuw", ("name", "kind")),
    "organisation_edit": Form(
        Role.BEHEERDER, "/admin/organisaties/{organisation}", ("name", "kind")
    ),
    "break_glass": Form(Role.VOORZITTER, "/noodtoegang", ("reference", "reason")),
    "audit_filter": Form(
        Role.BEHEERDER, "/admin/audit", ("start", "end", "user", "case", "event_type")
    ),
    "language": Form(None, "/language", ("language", "next")),
}


def _stored_is_valid() -> None:
    roles, kinds = {r.value for r in Role}, {k.value for k in OrganisationKind}
    for user in db.session.scalars(select(User)):
        assert "@" in user.email and len(user.email) <= 254 and user.email == user.email.strip()
        assert user.name.strip() and len(user.name) <= 200 and user.role in roles
    for organisation in db.session.scalars(select(Organisation)):
        name = organisation.name
        assert name.strip() == name and name and len(name) <= 200 and organisation.kind in kinds
        assert not any(ord(ch) < 32 for ch in name)
    for grant in db.session.scalars(select(BreakGlassGrant)):
        assert 20 <= len(grant.reason) <= 1000


def _counts() -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (User, Organisation, BreakGlassGrant)
    )


@pytest.mark.parametrize("name", sorted(FORMS))
def test_hostile_strings_to_every_form(app, client, auth, name):
    form = FORMS[name]
    if form.role is not None:
        auth.login(form.role)
    other, organisation = UserFactory(), UserFactory().organisation
    path = form.path.format(other=other.id, organisation=organisation.id)
    get_form = form.path == "/admin/audit"

    valid = {
        "email": st.emails().map(str),
        "role": st.sampled_from([r.value for r in Role]),
        "kind": st.sampled_from([k.value for k in OrganisationKind]),
        "organisation": st.just(str(organisation.id)),
        "active": st.just("y"),
    }
    strategies = {
        field: st.one_of(valid[field], value) if field in valid else value
        for field in form.fields
    }

    @settings(
        max_examples=20, deadline=None, database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.fixed_dictionaries(strategies))
    def post(data):
        db.session.execute(delete(LoginAttempt))  # let every example reach the form logic
        before = _counts()
        if get_form:
            response = client.get(path, query_string=data)
        else:
            token = csrf_token(client, "/" if form.role else "/login")
            response = client.post(path, data={"csrf_token": token, **data})
        assert response.status_code < 500, response.get_data(as_text=True)[:300]
        html = response.get_data(as_text=True)
        for posted in data.values():
            if posted in MARKUP:
                assert posted not in html, f"unescaped {posted!r} in {path}"
        if response.status_code != 302 and name not in ("user_new",):
            assert _counts() == before
        _stored_is_valid()
        if form.role is Role.BEHEERDER:  # what was stored comes back escaped in the lists
            listing = client.get("/admin/users").get_data(as_text=True)
            listing += client.get("/admin/organisaties").get_data(as_text=True)
            assert not any(markup in listing for markup in MARKUP)

    post()
