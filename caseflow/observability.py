"""Logs and metrics a municipality's IT can ship (issue 27, point 3).

- Every log line of caseflow (and of Flask's own error log) carries the request id (the
  ``X-Request-ID`` the response sends back), the user id (never a name or a pseudonym), the route
  (the URL rule, never the query string: search terms and tokens stay out), the method and, on the
  one ``request`` line per request, the status and the duration. ``LOG_FORMAT`` ``json`` (the
  default in production; python-json-logger, one object per line) or ``text``.
- the request counters of ``core.metrics``, which ``/metrics`` (home.views) shows.
"""

from __future__ import annotations

import logging
import sys
import time

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

from caseflow.core.metrics import LATENCY, REQUESTS
from caseflow.request_audit import request_id

LOG_FORMATS = ("json", "text")
REQUEST_LOG = logging.getLogger("caseflow.request")


class RequestFields(logging.Filter):
    """Adds the request's id, user id, route and method to every record (None outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        record.user_id = record.route = record.method = None
        if has_request_context():
            user = g.get("_login_user")  # only if already loaded: logging never loads a user
            record.user_id = getattr(user, "id", None)
            record.route = request.url_rule.rule if request.url_rule else None
            record.method = request.method
        return True


def log_format(app: Flask) -> str:
    chosen = app.config.get("LOG_FORMAT") or (
        "json" if app.config.get("ENV") == "production" else "text"
    )
    if chosen not in LOG_FORMATS:
        from caseflow.config import ConfigValueError

        raise ConfigValueError(
            f"caseflow weigert te starten: CASEFLOW_LOG_FORMAT={chosen!r}; kies json of text."
        )
    return chosen


def json_formatter() -> logging.Formatter:
    return JsonFormatter(
        "%(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s %(route)s %(method)s",
        rename_fields={"levelname": "level", "name": "logger"}, timestamp="time",
    )


def text_formatter() -> logging.Formatter:
    return logging.Formatter(
        "%(asctime)s %(levelname)s [%(request_id)s user=%(user_id)s %(method)s %(route)s] "
        "%(name)s: %(message)s"
    )


def caseflow_handler() -> logging.Handler | None:
    """The handler ``install`` put on the "caseflow" logger."""
    return next((h for h in logging.getLogger("caseflow").handlers
                 if getattr(h, "_caseflow", False)), None)


def install(app: Flask) -> None:
    handler = logging.StreamHandler(app.config.get("LOG_STREAM") or sys.stderr)
    handler.addFilter(RequestFields())
    handler.setFormatter(json_formatter() if log_format(app) == "json" else text_formatter())
    handler._caseflow = True  # type: ignore[attr-defined]
    logger = logging.getLogger("caseflow")  # app.logger, and every caseflow.* module's logger
    logger.removeHandler(default_handler)  # Flask's plain-text handler: ours replaces it
    for old in [h for h in logger.handlers if getattr(h, "_caseflow", False)]:
        logger.removeHandler(old)  # a second app in one process (tests) keeps one handler
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
    app.before_request_funcs.setdefault(None, []).insert(0, _start_clock)  # before CSRF's check
    app.after_request(_count_and_log)


def _start_clock() -> None:
    g.request_started = time.perf_counter()


def _count_and_log(response: Response) -> Response:
    route = request.url_rule.rule if request.url_rule else "(unmatched)"
    seconds = time.perf_counter() - g.get("request_started", time.perf_counter())
    REQUESTS.labels(route, request.method, str(response.status_code)).inc()
    LATENCY.labels(route).observe(seconds)
    REQUEST_LOG.info("request", extra={"status": response.status_code,
                                       "duration_ms": round(seconds * 1000, 1)})
    _log_refusal(g.get("http_error"), response.status_code)
    return response


def _log_refusal(error: Exception | None, code: int) -> None:
    """A CSRF rejection or an access denial, as one warning line (no form data, no query)."""
    from flask_wtf.csrf import CSRFError

    if isinstance(error, CSRFError):
        REQUEST_LOG.warning("csrf_rejected", extra={"status": code,
                                                    "detail": (error.description or "")[:200]})
    elif code == 403:
        REQUEST_LOG.warning("access_denied", extra={"status": code})
