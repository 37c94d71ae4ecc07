"""Logs and metrics (issue 27, point 3): JSON lines with request id, user id, route and status and
never a pseudonym or a query string; CSRF rejections and access denials logged; a database outage
logged once, not per poll; /metrics in Prometheus format behind a token or the machine itself."""

from __future__ import annotations

import io
import json

import pytest

from caseflow import create_app
from caseflow.auth.models import Role
from caseflow.config import InsecureConfigError
from caseflow.home import health
from caseflow.observability import caseflow_handler, json_formatter
from tests.conftest import make_test_config


@pytest.fixture
def log_lines(app):
    handler = caseflow_handler()
    stream, formatter = io.StringIO(), handler.formatter
    old = handler.setStream(stream)
    handler.setFormatter(json_formatter())
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(old)
    handler.setFormatter(formatter)


def test_every_request_has_a_json_line_with_its_id_user_route_and_status(client, auth, log_lines):
    user = auth.login(Role.PROCESBEGELEIDER)
    response = client.get("/cases")
    line = [entry for entry in log_lines() if entry["message"] == "request"][-1]
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert line["user_id"] == user.id and line["route"] == "/cases" and line["method"] == "GET"
    assert line["status"] == 200 and line["level"] == "INFO" and "time" in line


def test_no_pseudonym_or_search_term_reaches_a_log_line(client, auth, log_lines):
    from caseflow.extensions import db
    from tests.case_helpers import new_case

    chair = auth.login(Role.PROCESBEGELEIDER)
    case = new_case(chair, pseudonym="Zilvermeeuw Testkind")
    db.session.commit()
    client.get(f"/cases/{case.reference}")
    client.get("/cases", query_string={"q": "Zilvermeeuw"})
    client.get("/wachtwoord-herstellen/geheim-token-123")
    text = json.dumps(log_lines())
    assert "Zilvermeeuw" not in text and "geheim-token-123" not in text
    assert "/cases/<reference>" in text


def test_a_csrf_rejection_is_logged_with_its_reason(client, log_lines):
    assert client.post("/login", data={"email": "x@example.org"}).status_code == 400
    refused = [entry for entry in log_lines() if entry["message"] == "csrf_rejected"]
    assert refused and refused[-1]["status"] == 400 and "CSRF" in refused[-1]["detail"]
    assert "x@example.org" not in json.dumps(log_lines())


def test_an_access_denial_is_logged(client, auth, log_lines):
    auth.login(Role.PROFESSIONAL)
    assert client.get("/admin/users").status_code == 403
    denied = [entry for entry in log_lines() if entry["message"] == "access_denied"]
    assert denied and denied[-1]["route"] == "/admin/users" and denied[-1]["user_id"]


def test_a_database_outage_is_logged_once_and_its_end_once(client, log_lines, monkeypatch):
    monkeypatch.setattr(health, "text", lambda _sql: "SELECT * FROM no_such_table_here")
    assert [client.get("/healthz").status_code for _ in range(3)] == [503, 503, 503]
    monkeypatch.undo()
    assert client.get("/healthz").status_code == 200
    messages = [entry["message"] for entry in log_lines()
                if entry["logger"] == "caseflow.home.health"]
    assert messages == ["health check: database unreachable (logged once until it answers)",
                        "health check: database answers again"]
    assert client.get("/healthz").get_json() == {"status": "ok"}  # anonymous: the status only


def test_metrics_for_the_machine_itself_in_prometheus_format(client):
    client.get("/login")
    response = client.get("/metrics")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert 'caseflow_http_requests_total{method="GET",route="/login",status="200"}' in body
    assert "caseflow_http_request_duration_seconds_bucket" in body
    assert "caseflow_access_log_chain_length" in body and "caseflow_database_up 1.0" in body


def test_metrics_through_the_proxy_or_without_the_token_are_not_found(app, client):
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    app.config["METRICS_TOKEN"] = "metrics-token-0123456789"
    try:
        assert client.get("/metrics").status_code == 404
        wrong = {"Authorization": "Bearer nope"}
        assert client.get("/metrics", headers=wrong).status_code == 404
        right = {"Authorization": "Bearer metrics-token-0123456789",
                 "X-Forwarded-For": "203.0.113.9"}
        assert client.get("/metrics", headers=right).status_code == 200
    finally:
        app.config["METRICS_TOKEN"] = None


def test_an_unknown_log_format_refuses_to_start():
    with pytest.raises(InsecureConfigError, match="kies json of text"):
        create_app(make_test_config("sqlite://", LOG_FORMAT="xml"))
