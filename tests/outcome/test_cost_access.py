"""Issue 17, finding 7 (tariffs): placement tariffs and costs are shown and edited only by the
voorzitter, the procesbegeleider and members from a gemeente; a school, a care provider or the
GI neither sees them nor can post them (404, nothing stored)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from caseflow.auth.models import OrganisationKind, Role
from caseflow.cases.models import CaseMember
from caseflow.cases.vocab import MemberRole
from caseflow.extensions import db
from caseflow.outcome.services import OutcomeError
from caseflow.outcome.tariffs import set_tariff
from caseflow.timeline.models import Placement
from caseflow.timeline.placements import PlacementInput, start_placement
from tests.case_helpers import new_case, voorzitter
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import csrf_token

AMOUNT = "43210"  # shown as "43 210,00"
SHOWN = "43 210,00"


@pytest.fixture
def costed_case(app):
    chair = voorzitter()
    case = new_case(chair, pseudonym="Kosten")
    placement = start_placement(case, PlacementInput(
        type="gezinshuis", provider_name="Gezinshuis Eik", start_date=date.today() - timedelta(9),
    ), chair)
    set_tariff(placement, case, "totaal", AMOUNT, case.gemeente_id, chair)
    db.session.commit()
    return case, placement


def _member(case, kind: OrganisationKind):
    user = UserFactory(role=Role.PROFESSIONAL.value, organisation=OrganisationFactory(kind=kind))
    db.session.add(CaseMember(case_id=case.id, user_id=user.id, role=MemberRole.ONDERWIJS.value,
                              since=date.today() - timedelta(days=3)))
    db.session.commit()
    return user


NOT_PAYING = [OrganisationKind.ONDERWIJS, OrganisationKind.ZORGAANBIEDER, OrganisationKind.GI]


def _post(client, case, placement, amount="1,00"):
    url = f"/cases/{case.reference}/placements/{placement.id}/tarief"
    return client.post(url, data={
        "csrf_token": csrf_token(client, f"/cases/{case.reference}"),
        "kind": "per_dag", "amount": amount, "funding_gemeente": str(case.gemeente_id),
    })


@pytest.mark.parametrize("kind", NOT_PAYING)
def test_other_members_see_no_costs(client, auth, costed_case, kind):
    case, placement = costed_case
    auth.login(user=_member(case, kind))
    page = client.get(f"/cases/{case.reference}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert SHOWN not in body and "Kosten van plaatsingen" not in body
    assert f"/placements/{placement.id}/tarief" not in body
    tariff_page = f"/cases/{case.reference}/placements/{placement.id}/tarief"
    assert client.get(tariff_page).status_code == 404
    for url in (f"/cases/{case.reference}/timeline", f"/cases/{case.reference}/placements"):
        assert SHOWN not in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("kind", NOT_PAYING)
def test_other_members_cannot_post_a_tariff(client, auth, costed_case, kind):
    case, placement = costed_case
    auth.login(user=_member(case, kind))
    assert _post(client, case, placement).status_code == 404
    db.session.expire_all()
    stored = db.session.get(Placement, placement.id)
    assert (stored.tariff_kind, stored.tariff_amount) == ("totaal", Decimal(AMOUNT))


def test_the_service_refuses_them_too(app, costed_case):
    case, placement = costed_case
    school = _member(case, OrganisationKind.ONDERWIJS)
    with pytest.raises(OutcomeError):
        set_tariff(placement, case, "per_dag", "1", None, school)


@pytest.mark.parametrize("who", ["gemeente", Role.VOORZITTER, Role.PROCESBEGELEIDER])
def test_gemeente_members_and_chairs_see_and_edit_costs(client, auth, costed_case, who):
    case, placement = costed_case
    if who == "gemeente":
        auth.login(user=_member(case, OrganisationKind.GEMEENTE))
    else:
        auth.login(who)
    body = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert SHOWN in body and f"/placements/{placement.id}/tarief" in body
    assert _post(client, case, placement, "12,50").status_code == 302
    db.session.expire_all()
    stored = db.session.get(Placement, placement.id)
    assert (stored.tariff_kind, stored.tariff_amount) == ("per_dag", Decimal("12.50"))
