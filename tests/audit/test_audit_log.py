"""The NEN 7513 access log: what a row holds, the hash chain, append-only, the admin's view."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from caseflow.audit.models import AccessLogEntry, AuditEvent, Grounds
from caseflow.audit.services import AuditValueError, log_access, verify_chain
from caseflow.auth.models import Role
from caseflow.extensions import db
from tests.databases import BACKEND
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import csrf_token
from tests.test_demo import ENROLMENT
from tests.test_demo import _enrol_second_factor as enrol_second_factor


def _rows(**where) -> list[AccessLogEntry]:
    query = select(AccessLogEntry).order_by(AccessLogEntry.id)
    for name, value in where.items():
        query = query.where(getattr(AccessLogEntry, name) == value)
    return list(db.session.scalars(query))


def _tamper(sql: str, **params) -> None:
    """Change a row behind the application's back, as someone with database access could."""
    if BACKEND == "postgresql":
        db.session.execute(text("ALTER TABLE access_log DISABLE TRIGGER USER"))
    else:
        db.session.execute(text("DROP TRIGGER access_log_no_update"))
        db.session.execute(text("DROP TRIGGER access_log_no_delete"))
    db.session.execute(text(sql), params)
    db.session.expire_all()


def test_a_login_row_holds_who_where_when_and_on_what_grounds(client, auth):
    user = auth.login(Role.PROFESSIONAL)
    (row,) = _rows(event_type="login")
    assert (row.user_id, row.role, row.organisation_id) == (
        user.id, "professional", user.organisation_id,
    )
    assert row.access_point == "web" and row.ip_address == "127.0.0.1"
    assert row.user_agent and len(row.session_hash) == 64 and len(row.request_id) == 32
    assert (row.grounds, row.outcome, row.reason) == ("authentication", "success", "password")
    assert row.occurred_at.tzinfo is not None
    assert len(row.row_hash) == 64 and row.prev_hash == "0" * 64


def test_failed_logins_and_logout_are_logged_without_what_was_typed(client, auth):
    user = UserFactory()
    token = csrf_token(client)
    client.post("/login", data={"csrf_token": token, "email": user.email, "password": "fout"})
    client.post(
        "/login", data={"csrf_token": token, "email": "geheim-wachtwoord", "password": "x"}
    )
    failed = _rows(event_type="login_failed")
    assert [(r.user_id, r.reason) for r in failed] == [
        (user.id, "bad_credentials"), (None, "unknown_account"),
    ]
    auth.login(user=user)
    auth.logout()
    assert _rows(event_type="logout")[0].user_id == user.id
    for row in _rows():
        assert "geheim-wachtwoord" not in str(vars(row))


def test_log_refuses_free_text_in_codes(app):
    with pytest.raises(AuditValueError):
        log_access(AuditEvent.READ, reason="Moeder belde: zorgen om veiligheid")
    with pytest.raises(AuditValueError):
        log_access(AuditEvent.CHANGE, fields=["toelichting <b>"])


def test_the_chain_verifies_and_the_cli_says_so(app, runner):
    for _ in range(3):
        log_access(AuditEvent.READ, case_id=1, object_type="case", object_id=1)
    report = verify_chain()
    assert report.ok and report.rows == 3
    rows = _rows()
    assert [r.prev_hash for r in rows[1:]] == [r.row_hash for r in rows[:-1]]
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "3 regels" in result.output


def test_verify_names_the_first_edited_row(app, runner):
    for case_id in (1, 2, 3):
        log_access(AuditEvent.READ, case_id=case_id, object_type="case", object_id=case_id)
    second = _rows()[1]
    _tamper("UPDATE access_log SET case_id = 99 WHERE id = :id", id=second.id)
    report = verify_chain()
    assert report.broken_id == second.id
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code != 0
    assert f"regel {second.id}" in result.output


def test_verify_notices_a_removed_row(app):
    for case_id in (1, 2, 3):
        log_access(AuditEvent.READ, case_id=case_id)
    first, second, third = _rows()
    _tamper("DELETE FROM access_log WHERE id = :id", id=second.id)
    assert verify_chain().broken_id == third.id


@pytest.mark.parametrize(
    "statement", ["UPDATE access_log SET outcome = 'denied'", "DELETE FROM access_log"]
)
def test_the_database_refuses_to_change_the_log(app, statement):
    log_access(AuditEvent.READ, case_id=1)
    db.session.commit()  # the test's savepoint; the outer transaction is still rolled back
    with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(text(statement))
    assert len(_rows()) == 1


@pytest.mark.skipif(BACKEND != "postgresql", reason="TRUNCATE and the advisory lock: PostgreSQL")
def test_postgres_refuses_truncate(app):
    with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(text("TRUNCATE access_log"))


@pytest.mark.skipif(BACKEND != "postgresql", reason="concurrent writers: PostgreSQL")
def test_concurrent_writers_keep_one_chain(live_app):
    errors: list[BaseException] = []

    def writer(case_id: int) -> None:
        try:
            with live_app.app_context():
                for _ in range(10):
                    log_access(AuditEvent.READ, case_id=case_id)
                    db.session.commit()
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with live_app.app_context():
        report = verify_chain()
        assert report.ok and report.rows == 40
        distinct = db.session.scalar(select(func.count(func.distinct(AccessLogEntry.prev_hash))))
        assert distinct == 40


def test_admin_log_view_filters_and_pages(client, auth):
    professional = UserFactory()
    for case_id in range(1, 56):
        log_access(AuditEvent.READ, user=professional, case_id=case_id, grounds=Grounds.MEMBERSHIP)
    log_access(AuditEvent.CHANGE, user=professional, case_id=7, fields=["phase"])
    auth.login(Role.BEHEERDER)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Toegangslogboek" in page and "Volgende" in page
    html = client.get(f"/admin/audit?case=7&user={professional.id}").get_data(as_text=True)
    assert "2 regels gevonden" in html and "phase" in html
    only_changes = client.get("/admin/audit?event_type=change").get_data(as_text=True)
    assert "1 regel gevonden" in only_changes
    beyond = client.get("/admin/audit?event_type=change&page=9")
    assert beyond.status_code == 200 and "Geen regels voor deze filters." in beyond.get_data(
        as_text=True
    )
    bad = client.get("/admin/audit?start=gisteren&case=-3&event_type=hack")
    assert bad.status_code == 400
    text_ = bad.get_data(as_text=True)
    assert "of een positief getal in." in text_ and "invalid-feedback" in text_
    period = client.get("/admin/audit?start=2001-01-01&end=2001-01-02").get_data(as_text=True)
    assert "0 regels gevonden" in period
    assert _rows(event_type="read", object_type="access_log")  # reading the log is logged too


def test_who_saw_this_case_partial_for_the_chair_only(app, client, auth):
    reader = UserFactory(name="Lotte Lezer")
    log_access(AuditEvent.READ, user=reader, case_id=31, object_type="case", object_id=31)
    log_access(AuditEvent.READ, user=reader, case_id=32, object_type="case", object_id=32)
    template = app.jinja_env.get_template("audit/_case_access_history.html")
    chair = auth.login(Role.VOORZITTER)
    from flask_login import login_user

    with app.test_request_context("/"):
        login_user(chair)
        html = template.render(case=type("C", (), {"id": 31})(), current_user=chair)
    assert "Wie zag deze casus" in html and html.count("Lotte Lezer") == 1
    professional = UserFactory()
    with app.test_request_context("/"):
        login_user(professional)
        html = template.render(case=type("C", (), {"id": 31})(), current_user=professional)
    assert "Lotte Lezer" not in html


def test_no_password_or_free_text_in_the_log_after_a_demo_run(runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    accounts = [line.split() for line in lines if "@gooi-vecht.example" in line]
    secrets = {DEFAULT_PASSWORD, "verkeerd-wachtwoord-1"}
    gets = ["/", "/cases", "/board", "/admin/users", "/admin/audit", "/account/wachtwoord"]
    for _role, email, password in accounts:
        secrets.add(password)
        token = csrf_token(client)
        client.post("/login", data={"csrf_token": token, "email": email,
                                    "password": "verkeerd-wachtwoord-1"})
        response = client.post(
            "/login", data={"csrf_token": token, "email": email, "password": password}
        )
        if response.headers["Location"] == ENROLMENT:
            enrol_second_factor(client)
        for path in gets:
            client.get(path)
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    free_texts = _demo_free_texts()
    rows = _rows()
    assert len(rows) > len(accounts) * 2
    for row in rows:
        values = " ".join(str(getattr(row, c.name)) for c in AccessLogEntry.__table__.columns)
        for secret in secrets | free_texts:
            assert secret not in values, (row.id, secret)


def _demo_free_texts() -> set[str]:
    """Longer free-text values the demo stored (case questions, timeline notes, ...), if any."""
    found: set[str] = set()
    for table in db.metadata.sorted_tables:
        if table.name in {"access_log", "user_account", "organisation", "setting"}:
            continue
        for column in table.columns:
            if str(column.type).upper().startswith("TEXT"):
                values = db.session.scalars(select(column))
                found.update(v for v in values if isinstance(v, str) and len(v) > 15)
    return found


def test_who_saw_this_case_shows_the_latest_twenty_and_more_on_request(app, auth):
    """A busy case is read thousands of times: the case page lists the latest 20 accesses and
    links to a longer list instead of growing with every read."""
    from flask_login import login_user

    readers = [UserFactory(name=f"Lezer {number:02d}") for number in range(22)]
    for reader in readers:
        log_access(AuditEvent.READ, user=reader, case_id=31, object_type="case", object_id=31)
    template = app.jinja_env.get_template("audit/_case_access_history.html")
    chair = auth.login(Role.VOORZITTER)
    case = type("C", (), {"id": 31, "reference": "GV-2024-0031"})()
    with app.test_request_context("/cases/GV-2024-0031"):
        login_user(chair)
        short = template.render(case=case, current_user=chair)
    with app.test_request_context("/cases/GV-2024-0031?toegang=alle"):
        login_user(chair)
        full = template.render(case=case, current_user=chair)
    assert short.count("Lezer ") == 20 and "Lezer 21" in short and "Lezer 01" not in short
    assert "toegang=alle" in short
    assert full.count("Lezer ") == 22 and "toegang=alle" not in full
