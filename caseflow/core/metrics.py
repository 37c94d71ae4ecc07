"""The request counters and the /metrics text (Prometheus' format, prometheus-client).

With several gunicorn workers set ``PROMETHEUS_MULTIPROC_DIR`` (an empty folder, made anew at
each start) so that the figures of all workers are added up."""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

REQUESTS = Counter(
    "caseflow_http_requests", "Requests answered, by route, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "caseflow_http_request_duration_seconds", "Time to answer a request, by route.", ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


def metrics_text(extra: list[Any]) -> tuple[bytes, str]:
    """The request counters (of all workers with PROMETHEUS_MULTIPROC_DIR) and ``extra`` gauges."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    gauges = CollectorRegistry()
    gauges.register(_Gauges(extra))
    return generate_latest(registry) + generate_latest(gauges), CONTENT_TYPE_LATEST


class _Gauges:
    def __init__(self, families: list[Any]) -> None:
        self.families = families

    def collect(self) -> list[Any]:
        return self.families


def gauge(name: str, documentation: str, value: float | None) -> GaugeMetricFamily | None:
    if value is None:
        return None
    family = GaugeMetricFamily(name, documentation)
    family.add_metric([], value)
    return family
