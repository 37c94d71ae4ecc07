"""What /healthz and /metrics read: the database's state (an outage logged once, not per poll)
and the gauges beside the request counters of caseflow/observability.py."""

from __future__ import annotations

import hmac
import logging
import threading

from flask import current_app, request
from sqlalchemy import func, select, text

from caseflow.extensions import db

_LOG = logging.getLogger(__name__)
_state_lock = threading.Lock()
_database_down = False  # per process: the last answer of the database to a health check
LOOPBACK = {"127.0.0.1", "::1"}


def database_state() -> str:
    """"ok" or "unavailable"; the first failure is logged with its traceback, the ones after it
    are not (a load balancer polls every few seconds), the recovery once more."""
    global _database_down
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        db.session.rollback()
        with _state_lock:
            first, _database_down = not _database_down, True
        if first:
            _LOG.exception("health check: database unreachable (logged once until it answers)")
        return "unavailable"
    with _state_lock:
        recovered, _database_down = _database_down, False
    if recovered:
        _LOG.warning("health check: database answers again")
    return "ok"


def metrics_allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), str(token).encode())
    # Without a token only a scraper on this machine, asking caseflow directly: a request that
    # came through the reverse proxy (which also runs on this machine) carries X-Forwarded-For.
    if request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded"):
        return False
    direct = request.environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR")
    return (direct or request.remote_addr) in LOOPBACK


def metrics_body() -> tuple[bytes, str]:
    from caseflow.audit.models import AccessLogEntry
    from caseflow.core.metrics import gauge, metrics_text

    families = []
    pool = db.engine.pool
    if hasattr(pool, "checkedout") and hasattr(pool, "size"):
        families.append(gauge("caseflow_db_pool_checked_out",
                              "Database connections in use in this worker.", pool.checkedout()))
        families.append(gauge("caseflow_db_pool_size",
                              "Database connections this worker keeps.", pool.size()))
    try:
        rows = db.session.scalar(select(func.max(AccessLogEntry.id)))
        families.append(gauge("caseflow_access_log_chain_length",
                              "Rows in the access log's hash chain (its highest id).", rows or 0))
        families.append(gauge("caseflow_database_up", "1 when the database answers.", 1))
    except Exception:  # noqa: BLE001 - the metrics still answer while the database is down
        db.session.rollback()
        families.append(gauge("caseflow_database_up", "1 when the database answers.", 0))
    families.extend(_registered_gauges())
    return metrics_text([family for family in families if family is not None])


_GAUGE_SOURCES: list = []


def register_gauges(source) -> None:
    """A domain adds gauges (the daily jobs' last run, say): ``source()`` returns families.
    Once per source, though every app (each test) registers again."""
    if source not in _GAUGE_SOURCES:
        _GAUGE_SOURCES.append(source)


def _registered_gauges() -> list:
    found = []
    for source in _GAUGE_SOURCES:
        found.extend(source() or [])
    return found
