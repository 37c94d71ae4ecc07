"""The chair's review of break-glass use on the start page: every unreviewed grant shows (who,
which case, reason, when), yesterday's as due and today's as running; "Beoordeeld" records the
reviewer, the time and a note, and the grant leaves the panel. Only a voorzitter reviews."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.breakglass import BreakGlassGrant, grant_break_glass
from caseflow.auth.breakglass_review import is_due, review_grant
from caseflow.auth.models import Role
from caseflow.extensions import db
from tests.case_helpers import new_case
from tests.factories import UserFactory
from tests.helpers import csrf_token

REASON = "Crisismelding in de nacht; de jeugdbeschermer vroeg om de voorgeschiedenis."


def panel(client) -> str:
    html = client.get("/").get_data(as_text=True)
    if 'data-panel="auth.break_glass_review"' not in html:
        return ""
    start = html.index('data-panel="auth.break_glass_review"')
    return html[start:html.index("</section>", start)]


def review(client, grant_id: int, note: str = ""):
    token = csrf_token(client, "/")
    return client.post(
        f"/noodtoegang/{grant_id}/beoordeeld", data={"csrf_token": token, "note": note}
    )


def yesterdays_grant(user=None, case=None) -> BreakGlassGrant:
    case = case or new_case()
    user = user or UserFactory(role=Role.PROFESSIONAL.value, name="Pim Professional")
    with freeze_time(datetime.now(UTC) - timedelta(days=1, hours=1)):
        return grant_break_glass(user, case.id, REASON, reference=case.reference)


def test_the_chair_sees_each_unreviewed_use_and_marks_it_reviewed(app, client, auth):
    old = yesterdays_grant()
    case = new_case()
    today = grant_break_glass(
        UserFactory(role=Role.PROFESSIONAL.value, name="Tess Vandaag"), case.id, REASON,
        reference=case.reference,
    )
    chair = auth.login(Role.VOORZITTER)
    shown = panel(client)
    assert "Pim Professional" in shown and "Tess Vandaag" in shown and REASON in shown
    assert old.reference in shown and today.reference in shown
    old_row = shown[shown.index(f'data-grant="{old.id}"'):shown.index(f'data-grant="{today.id}"')]
    today_row = shown[shown.index(f'data-grant="{today.id}"'):]
    assert "te beoordelen" in old_row and "loopt nog" not in old_row  # 24 hours are over
    assert "vandaag" in today_row and "loopt nog tot" in today_row

    response = review(client, old.id, "Terecht: acute melding, met de jeugdbeschermer besproken.")
    assert response.status_code == 302
    db.session.refresh(old)
    assert old.reviewed_by_id == chair.id and old.reviewed_at is not None
    assert old.review_note == "Terecht: acute melding, met de jeugdbeschermer besproken."
    shown = panel(client)
    assert f'data-grant="{old.id}"' not in shown and f'data-grant="{today.id}"' in shown
    logged = db.session.scalars(
        select(AccessLogEntry).where(
            AccessLogEntry.object_type == "break_glass_grant", AccessLogEntry.event_type == "change"
        )
    ).one()
    assert logged.user_id == chair.id and logged.object_id == str(old.id)

    assert review(client, today.id).status_code == 302  # a note is optional
    db.session.refresh(today)
    assert today.reviewed_at is not None and today.review_note is None
    assert panel(client) == ""  # nothing left: the panel goes


def test_a_request_for_an_unknown_reference_is_shown_as_such(app, client, auth):
    user = UserFactory(role=Role.PROFESSIONAL.value)
    grant = grant_break_glass(user, None, REASON, reference="GV-1999-0042")
    auth.login(Role.VOORZITTER)
    shown = panel(client)
    row = shown[shown.index(f'data-grant="{grant.id}"'):]
    assert "GV-1999-0042" in row and "bestaat niet" in row and "loopt nog" not in row


@pytest.mark.parametrize(
    "role", [Role.PROCESBEGELEIDER, Role.PROFESSIONAL, Role.FACILITATOR, Role.BEHEERDER]
)
def test_only_the_voorzitter_reviews(app, client, auth, role):
    grant = yesterdays_grant()
    auth.login(role)
    assert 'data-panel="auth.break_glass_review"' not in client.get("/").get_data(as_text=True)
    assert review(client, grant.id).status_code == 403
    db.session.refresh(grant)
    assert grant.reviewed_at is None


def test_four_eyes_a_chair_does_not_review_their_own_use_if_another_can(app, client, auth):
    chair = auth.login(Role.VOORZITTER)
    own = yesterdays_grant(user=chair)
    UserFactory(role=Role.VOORZITTER.value)  # a second chair
    shown = panel(client)
    assert f'data-grant="{own.id}"' in shown
    assert f'action="/noodtoegang/{own.id}/beoordeeld"' not in shown
    assert "Uw eigen noodtoegang beoordeelt een andere voorzitter." in shown
    review(client, own.id)
    db.session.refresh(own)
    assert own.reviewed_at is None


def test_a_single_chair_reviews_their_own_use(app):
    chair = UserFactory(role=Role.VOORZITTER.value)
    own = yesterdays_grant(user=chair)
    review_grant(own, chair, "Eigen gebruik, archief bekeken voor een nieuwe aanmelding.")
    assert own.reviewed_by_id == chair.id


def test_reviewing_twice_or_with_a_too_long_note_is_refused(app, client, auth):
    grant = yesterdays_grant()
    auth.login(Role.VOORZITTER)
    response = review(client, grant.id, "x" * 1001)
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "De notitie mag hoogstens 1000 tekens lang zijn." in page
    db.session.refresh(grant)
    assert grant.reviewed_at is None
    assert review(client, grant.id).status_code == 302
    assert review(client, grant.id).status_code == 302
    assert "Deze noodtoegang is al beoordeeld." in client.get("/").get_data(as_text=True)
    assert review(client, 999999).status_code == 404


def test_due_means_asked_for_before_today_in_the_regions_time(app):
    grant = BreakGlassGrant(created_at=datetime(2026, 3, 9, 22, 30, tzinfo=UTC))  # 23:30 local
    with app.test_request_context():
        assert not is_due(grant, now=datetime(2026, 3, 9, 22, 50, tzinfo=UTC))
        assert is_due(grant, now=datetime(2026, 3, 9, 23, 10, tzinfo=UTC))  # 00:10 local


def test_the_beheerder_overview_shows_the_review(app, client, auth):
    grant = yesterdays_grant()
    chair = UserFactory(role=Role.VOORZITTER.value, name="Vera Voorzitter")
    review_grant(grant, chair, "Voldoende onderbouwd.")
    auth.login(Role.BEHEERDER)
    page = client.get("/admin/noodtoegang").get_data(as_text=True)
    assert REASON in page and "Vera Voorzitter" in page and "Voldoende onderbouwd." in page


def test_a_review_recorded_meanwhile_by_another_chair_is_not_overwritten(app):
    """Two chairs press "Beoordeeld" at once: the second one's loaded grant still looks unreviewed,
    but the conditional UPDATE finds it reviewed and refuses, keeping the first review."""
    from caseflow.auth.breakglass import BreakGlassError

    grant = yesterdays_grant()
    first = UserFactory(role=Role.VOORZITTER.value)
    second = UserFactory(role=Role.VOORZITTER.value)
    db.session.execute(  # the other chair's request, committed behind this session's back
        BreakGlassGrant.__table__.update()
        .where(BreakGlassGrant.__table__.c.id == grant.id)
        .values(reviewed_at=datetime.now(UTC), reviewed_by_id=first.id, review_note="eerste")
    )
    assert grant.reviewed_at is None  # what the second request still sees
    with app.test_request_context(), pytest.raises(BreakGlassError):
        review_grant(grant, second, "tweede")
    db.session.refresh(grant)
    assert (grant.reviewed_by_id, grant.review_note) == (first.id, "eerste")
