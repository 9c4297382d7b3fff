"""``/metrics``: what DevZone is doing, in Prometheus's text format (prometheus-client), for the operator's
monitoring (docs/operations.md, "Monitoring").

- **Requests**, counted and timed by ``MetricsMiddleware`` (the first middleware, so the whole stack is in the
  time): ``devzone_http_requests_total{method, route, status}`` and
  ``devzone_http_request_duration_seconds{method, route}``. ``route`` is the URL pattern that answered
  (``approvals/applications/<int:pk>/``), never the path itself, so the series stay few and no id or query
  string reaches the monitoring.
- **Work**, read from the database at each scrape: clocks past their due date by purpose, tasks waiting for the
  worker, and each periodic job's lag behind its schedule — a job worker or scheduler that died shows here.

Under gunicorn, each worker counts in its own process: ``devzone serve`` (and the systemd unit) sets
``PROMETHEUS_MULTIPROC_DIR`` so that a scrape adds up every worker's counts (prometheus-client's multiprocess
mode). The page answers only to the addresses in ``DEVZONE_METRICS_ALLOW`` (the monitoring host; by default this
machine) and is a plain 404 to anyone else; it holds counts only, no names, no ids."""

from __future__ import annotations

import ipaddress
import os
import time

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from devzone.core.clientip import client_ip

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
REQUESTS = Counter(
    "devzone_http_requests",
    "HTTP requests answered, by method, URL pattern and status",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "devzone_http_request_duration_seconds",
    "Time from the request's arrival in Django to its answer, by method and URL pattern",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0),
)


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return match.route or match.view_name or "unmatched"


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        began = time.perf_counter()
        response = self.get_response(request)
        method = request.method if request.method in METHODS else "other"
        route = _route(request)
        REQUESTS.labels(method, route, str(response.status_code)).inc()
        LATENCY.labels(method, route).observe(time.perf_counter() - began)
        return response


class WorkCollector:
    """The database's view of the work, read at scrape time (three grouped queries)."""

    def collect(self):
        from django_tasks_db.models import DBTaskResult

        from devzone.core.choices import ClockStatus
        from devzone.core.models import Clock, PeriodicJob

        today = timezone.localdate()
        overdue = GaugeMetricFamily(
            "devzone_clocks_overdue",
            "Running time limits past their due date, by purpose",
            labels=["purpose"],
        )
        rows = (
            Clock.objects.filter(status=ClockStatus.RUNNING, due_on__lt=today)
            .values("purpose")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            overdue.add_metric([row["purpose"]], row["n"])
        yield overdue
        waiting = DBTaskResult.objects.ready()
        yield GaugeMetricFamily(
            "devzone_tasks_waiting",
            "Background tasks enqueued and not yet taken by the worker",
            value=waiting.count(),
        )
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        yield GaugeMetricFamily(
            "devzone_tasks_oldest_waiting_seconds",
            "How long the oldest task not yet taken by the worker has waited (0: none waits)",
            value=max(0.0, (timezone.now() - oldest).total_seconds()) if oldest else 0.0,
        )
        lag = GaugeMetricFamily(
            "devzone_job_lag_seconds",
            "How far each periodic job's next run is behind the clock (0: on schedule)",
            labels=["job"],
        )
        runs = GaugeMetricFamily("devzone_job_runs", "Times each periodic job was enqueued", labels=["job"])
        now = timezone.now()
        for name, next_run_at, count in PeriodicJob.objects.filter(enabled=True).values_list(
            "name", "next_run_at", "runs"
        ):
            lag.add_metric([name], max(0.0, (now - next_run_at).total_seconds()))
            runs.add_metric([name], count)
        yield lag
        yield runs


def _allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(n.strip(), strict=False) for n in settings.DEVZONE_METRICS_ALLOW)


@never_cache
@require_GET
def metrics(request):
    if not _allowed(client_ip(request)):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        requests = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        requests = REGISTRY
    work = CollectorRegistry()
    work.register(WorkCollector())
    return HttpResponse(generate_latest(requests) + generate_latest(work), content_type=CONTENT_TYPE_LATEST)
