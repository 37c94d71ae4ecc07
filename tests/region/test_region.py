"""Issue 20, point 1: a region set up without the demo — gemeenten as managed data (CLI and
/admin/gemeenten), herindeling (monitor and import), AGB codes and merging organisations."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from caseflow.audit.models import AccessLogEntry
from caseflow.auth.models import Organisation, Role, User
from caseflow.auth.services import AccountError
from caseflow.cases.models import Case, Gemeente
from caseflow.exchange.importer import import_history
from caseflow.extensions import db
from caseflow.monitor import flow
from caseflow.monitor.periods import Dimension, Period, PeriodKind
from caseflow.region import gemeenten as services
from caseflow.region.organisations import merge
from caseflow.region.settings import region_code, region_name
from caseflow.region.setup import SetupError, setup_region
from caseflow.timeline.models import Placement
from tests.case_helpers import new_case
from tests.exchange_helpers import case, document, raw
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import csrf_token


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_shipped_csvs_hold_the_real_cbs_codes_of_both_regions(app):
    gooi = services.read_csv(services.shipped_csv("gooi-en-vechtstreek"))
    haaglanden = services.read_csv(services.shipped_csv("haaglanden"))
    assert ("GM0402", "Hilversum") in [(c, n) for _l, c, n in gooi]
    assert len(gooi) == 7
    assert {n for _l, _c, n in haaglanden} == {
        "Den Haag", "Rijswijk", "Leidschendam-Voorburg", "Delft", "Wassenaar", "Zoetermeer",
        "Pijnacker-Nootdorp", "Midden-Delfland", "Westland"}  # the nine of seed 003
    assert ("GM0518", "Den Haag") in [(c, n) for _l, c, n in haaglanden]


def test_cli_list_on_an_empty_database_says_how_to_add_gemeenten(app, runner):
    assert _count(Gemeente) == 0
    result = runner.invoke(args=["gemeenten", "list"])
    assert result.exit_code == 0
    assert result.output.startswith("Nog geen gemeenten.")
    assert "gemeenten add GM0402 Hilversum" in result.output
    assert "gemeenten import BESTAND" in result.output


def test_cli_list_with_only_retired_gemeenten_points_to_all(app, runner):
    assert runner.invoke(args=["gemeenten", "add", "457", "Weesp"]).exit_code == 0
    with app.app_context():
        db.session.scalar(select(Gemeente).where(Gemeente.cbs_code == "GM0457")).active = False
        db.session.commit()
    assert "Geen actieve gemeenten" in runner.invoke(args=["gemeenten", "list"]).output
    assert "GM0457\tWeesp" in runner.invoke(args=["gemeenten", "list", "--all"]).output


def test_cli_add_list_import_and_retire(app, runner, tmp_path):
    result = runner.invoke(args=["gemeenten", "add", "GM0363", "Amsterdam"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["gemeenten", "add", "457", "Weesp"]).exit_code == 0
    listed = runner.invoke(args=["gemeenten", "list"]).output
    assert "GM0363\tAmsterdam" in listed and "GM0457\tWeesp" in listed
    bad = runner.invoke(args=["gemeenten", "add", "XX12", "Nergens"])
    assert bad.exit_code != 0 and "geen CBS-code" in bad.output
    csv_file = tmp_path / "gemeenten.csv"
    csv_file.write_text("cbs_code;naam\nGM0402;Hilversum\nGM0406;Huizen\n", encoding="utf-8")
    assert "2 toegevoegd" in runner.invoke(args=["gemeenten", "import", str(csv_file)]).output
    assert "9 toegevoegd, 0 bestonden al" in runner.invoke(
        args=["gemeenten", "import", "haaglanden"]).output
    assert "0 toegevoegd, 9 bestonden al" in runner.invoke(
        args=["gemeenten", "import", "haaglanden"]).output  # a second run changes nothing
    retired = runner.invoke(args=["gemeenten", "retire", "GM0457", "--successor", "GM0363",
                                  "--until", "2022-03-23"])
    assert retired.exit_code == 0, retired.output
    with app.app_context():
        weesp = db.session.scalar(select(Gemeente).where(Gemeente.cbs_code == "GM0457"))
        assert not weesp.active and weesp.valid_until == date(2022, 3, 23)
        assert weesp.successor.name == "Amsterdam"
    assert "Weesp" not in runner.invoke(args=["gemeenten", "list"]).output
    assert "opgeheven 2022-03-23 -> Amsterdam" in runner.invoke(
        args=["gemeenten", "list", "--all"]).output


def test_a_bad_csv_row_stores_nothing_and_names_the_line(app):
    before = _count(Gemeente)
    result = services.import_csv(None, "cbs_code;naam\nGM0402;Hilversum\nGM04;Huizen\n")
    assert result.errors and result.errors[0].startswith("regel 3")
    assert _count(Gemeente) == before
    no_header = services.import_csv(None, "GM0402;Hilversum\n")
    assert "cbs_code;naam" in no_header.errors[0]
    services.add_gemeente(None, "GM0402", "Hilversum")
    clash = services.import_csv(None, "cbs_code;naam\nGM0406;Huizen\nGM0402;Laren\n")
    assert clash.errors and "regel 3" in clash.errors[0] and "Hilversum" in clash.errors[0]
    assert services.by_code("GM0406") is None  # row 2 was undone with row 3


def test_region_setup_command_from_an_empty_database(app, runner):
    result = runner.invoke(args=[
        "region", "setup", "--name", "Haaglanden", "--code", "hl", "--gemeenten", "haaglanden",
        "--organisation", "Regionaal Expertteam Haaglanden; ret",
        "--organisation", "Voorbeeldzorg Jeugd; zorgaanbieder; 1234 5678"])
    assert result.exit_code == 0, result.output
    assert "9 gemeenten" in result.output
    with app.app_context():
        assert (region_name(), region_code()) == ("Haaglanden", "HL")
        provider = db.session.scalar(
            select(Organisation).where(Organisation.name == "Voorbeeldzorg Jeugd"))
        assert provider.agb_code == "12345678"
        assert db.session.scalar(
            select(Organisation).where(Organisation.name == "Gemeente Westland")).kind == "gemeente"


def test_setup_refuses_bad_input_and_stores_nothing(app):
    with pytest.raises(SetupError) as caught:
        setup_region(None, name="", code="h", gemeenten_csv="cbs_code;naam\nGM9;X\n",
                     organisations="Zonder soort")
    assert set(caught.value.errors) == {"name", "gemeenten", "organisations"}
    db.session.rollback()
    assert _count(Gemeente) == 0


def test_agb_code_is_optional_8_digits_and_only_for_care_providers(app, client, auth):
    auth.login(Role.BEHEERDER)
    services.add_gemeente(None, "GM0402", "Hilversum")  # set up: no redirect to set-up
    token = csrf_token(client, "/admin/organisaties/nieuw")
    bad = client.post("/admin/organisaties/nieuw", data={
        "csrf_token": token, "name": "Zorg Een", "kind": "zorgaanbieder", "agb_code": "1234"})
    assert bad.status_code == 400 and "8 cijfers" in bad.get_data(as_text=True)
    wrong_kind = client.post("/admin/organisaties/nieuw", data={
        "csrf_token": token, "name": "Een GI", "kind": "gi", "agb_code": "12345678"})
    assert wrong_kind.status_code == 400
    assert _count(Organisation) == 0 or not db.session.scalar(
        select(Organisation).where(Organisation.name.in_(["Zorg Een", "Een GI"])))
    good = client.post("/admin/organisaties/nieuw", data={
        "csrf_token": token, "name": "Zorg Een", "kind": "zorgaanbieder", "agb_code": "87654321"})
    assert good.status_code == 302
    assert db.session.scalar(
        select(Organisation.agb_code).where(Organisation.name == "Zorg Een")) == "87654321"
    with pytest.raises(AccountError):
        from caseflow.admin.services import add_organisation
        add_organisation(None, name="Zorg Twee", kind="zorgaanbieder", agb_code="87654321")


def test_merging_two_spellings_moves_accounts_referrals_and_placements(app):
    keep = OrganisationFactory(name="De Lindenhoeve", kind="zorgaanbieder")
    duplicate = OrganisationFactory(name="Lindenhoeve, De", kind="zorgaanbieder",
                                    agb_code="11112222")
    worker = UserFactory(organisation=duplicate)
    chair = UserFactory(role=Role.VOORZITTER.value)
    the_case = new_case(chair)
    the_case.referrer_organisation_id = duplicate.id
    db.session.add(Placement(case_id=the_case.id, type="gezinshuis", provider_id=duplicate.id,
                             provider_name=duplicate.name,
                             in_region=True, start_date=date(2024, 1, 1), recorded_by_id=chair.id))
    db.session.flush()
    admin = UserFactory(role=Role.BEHEERDER.value)
    with pytest.raises(AccountError):
        merge(admin, duplicate, OrganisationFactory(kind="gi"))
    moved = merge(admin, duplicate, keep)
    assert moved >= 3
    assert db.session.get(Organisation, duplicate.id) is None
    assert db.session.get(User, worker.id).organisation_id == keep.id
    assert db.session.get(Case, the_case.id).referrer_organisation_id == keep.id
    assert db.session.scalar(select(Placement.provider_id).where(
        Placement.case_id == the_case.id)) == keep.id
    assert db.session.get(Organisation, keep.id).agb_code == "11112222"
    reasons = set(db.session.scalars(select(AccessLogEntry.reason).where(
        AccessLogEntry.object_type == "organisation")))
    assert {f"merged:{duplicate.id}", f"merged_into:{keep.id}"} <= reasons


def _weesp_and_amsterdam() -> tuple[Gemeente, Gemeente]:
    weesp, _ = services.add_gemeente(None, "GM0457", "Weesp")
    amsterdam, _ = services.add_gemeente(None, "GM0363", "Amsterdam")
    return weesp, amsterdam


def test_herindeling_keeps_past_periods_and_counts_under_the_successor_after(app):
    weesp, amsterdam = _weesp_and_amsterdam()
    chair = UserFactory(role=Role.VOORZITTER.value)
    new_case(chair, gemeente=weesp, registered_on=date(2021, 5, 1))
    new_case(chair, gemeente=weesp, registered_on=date(2023, 2, 1))
    new_case(chair, gemeente=amsterdam, registered_on=date(2023, 3, 1))
    services.retire(None, weesp, amsterdam, date(2022, 3, 23))

    def rows(year: int) -> dict[str, int]:
        table = flow.instroom(Period(PeriodKind.YEAR, year), Dimension.GEMEENTE)
        return {label: cells[0].value for label, cells in table.rows if cells[0].value}

    assert rows(2021) == {"Weesp": 1}  # the past keeps its name
    assert rows(2023) == {"Amsterdam": 2}  # from its start the successor counts both
    assert db.session.scalar(select(func.count()).select_from(Case).where(
        Case.gemeente_id == weesp.id)) == 2  # the cases keep their gemeente
    with pytest.raises(services.GemeenteError):
        services.retire(None, amsterdam, weesp, date(2024, 1, 1))  # a retired successor


def test_an_import_naming_a_retired_gemeente_is_mapped_with_a_warning(app):
    weesp, amsterdam = _weesp_and_amsterdam()
    services.retire(None, weesp, amsterdam, date(2022, 3, 23))
    report = import_history(raw(document(case(gemeente="Weesp"))), None)
    assert report.created == ["GV-2023-0014"]
    stored = db.session.scalar(select(Case).where(Case.reference == "GV-2023-0014"))
    assert stored.gemeente_id == amsterdam.id
    assert any("Weesp" in str(w) and "Amsterdam" in str(w) and "gemeente" in w.path
               for w in report.warnings)
    by_code = import_history(raw(document(case(ref="GV-2023-0015", gemeente="GM0363"))), None)
    assert by_code.created == ["GV-2023-0015"] and not any(
        "opgeheven" in str(w) for w in by_code.warnings)


def test_admin_gemeenten_screen_adds_imports_and_retires(app, client, auth):
    auth.login(Role.BEHEERDER)
    start = client.get("/").get_data(as_text=True)
    assert "nog geen regio" in start and "/admin/inrichting" in start  # first run
    token = csrf_token(client, "/admin/gemeenten")
    bad = client.post("/admin/gemeenten", data={"csrf_token": token, "cbs_code": "12345",
                                                 "name": "Amsterdam"})
    assert bad.status_code == 400 and "geen CBS-code" in bad.get_data(as_text=True)
    assert _count(Gemeente) == 0
    assert client.post("/admin/gemeenten", data={
        "csrf_token": token, "cbs_code": "GM0363", "name": "Amsterdam"}).status_code == 302
    from io import BytesIO
    upload = client.post("/admin/gemeenten/import", data={
        "csrf_token": token,
        "file": (BytesIO("cbs_code;naam\r\nGM0457;Weesp\r\n".encode("cp1252")), "g.csv")},
        content_type="multipart/form-data")
    assert upload.status_code == 302, upload.get_data(as_text=True)
    weesp = services.by_code("GM0457")
    page = client.get(f"/admin/gemeenten/{weesp.id}").get_data(as_text=True)
    assert "Herindeling" in page
    amsterdam = services.by_code("GM0363")
    refused = client.post(f"/admin/gemeenten/{weesp.id}", data={
        "csrf_token": token, "successor": 0, "until": "2022-03-23"})
    assert refused.status_code == 400 and db.session.get(Gemeente, weesp.id).active
    done = client.post(f"/admin/gemeenten/{weesp.id}", data={
        "csrf_token": token, "successor": amsterdam.id, "until": "2022-03-23"})
    assert done.status_code == 302
    listing = client.get("/admin/gemeenten").get_data(as_text=True)
    assert "opgeheven na 2022-03-23" in listing and "GM0457" in listing


def test_setup_screen_sets_up_the_region(app, client, auth):
    auth.login(Role.BEHEERDER)
    token = csrf_token(client, "/admin/inrichting")
    refused = client.post("/admin/inrichting", data={
        "csrf_token": token, "name": "Gooi", "code": "G", "source": "gooi-en-vechtstreek"})
    assert refused.status_code == 400 and "hoofdletters" in refused.get_data(as_text=True)
    assert _count(Gemeente) == 0
    done = client.post("/admin/inrichting", data={
        "csrf_token": token, "name": "Gooi en Vechtstreek", "code": "GV",
        "source": "gooi-en-vechtstreek", "organisations": "RET Gooi; ret",
        "gemeente_organisations": "y"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/users")
    assert _count(Gemeente) == 7
    assert db.session.scalar(select(Organisation).where(Organisation.name == "RET Gooi"))
    assert "nog geen regio" not in client.get("/").get_data(as_text=True)  # set up now
