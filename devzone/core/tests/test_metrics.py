"""``/metrics``: the requests counted by URL pattern (never by path or id), the work read from the database,
and nothing for an address outside ``DEVZONE_METRICS_ALLOW``."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from devzone.core.choices import ClockStatus
from devzone.core.models import Clock, PeriodicJob

pytestmark = pytest.mark.django_db


def _families(client) -> dict:
    r = client.get("/metrics")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/plain")
    return {f.name: f for f in text_string_to_metric_families(r.content.decode())}


def _value(family, **labels) -> float:
    return sum(
        s.value for s in family.samples if s.name.endswith("_total") and labels.items() <= s.labels.items()
    )


def test_requests_are_counted_by_their_url_pattern(client, client_for, zone_a_leader):
    before = _value(_families(client)["devzone_http_requests"], route="projects/portfolio/", status="200")
    leader = client_for(zone_a_leader)
    assert leader.get("/projects/portfolio/").status_code == 200
    assert leader.get("/projects/p/987654/").status_code == 404
    text = client.get("/metrics").content.decode()
    families = {f.name: f for f in text_string_to_metric_families(text)}
    requests = families["devzone_http_requests"]
    assert _value(requests, route="projects/portfolio/", status="200") == before + 1
    assert _value(requests, route="projects/p/<int:pk>/", status="404") >= 1
    # labels are URL patterns, never paths or ids (a sample's value, a time or a byte count, may hold the digits)
    assert not re.search(r"\{[^}]*987654", text)
    assert "devzone_http_request_duration_seconds" in families


def test_the_work_is_read_from_the_database(client, zone_a):
    today = timezone.localdate()
    for due in (today - dt.timedelta(days=3), today - dt.timedelta(days=1), today + dt.timedelta(days=2)):
        Clock.objects.create(
            zone=zone_a,
            purpose="approvals.application",
            started_on=today - dt.timedelta(days=20),
            budget_workdays=5,
            status=ClockStatus.RUNNING,
            due_on=due,
        )
    PeriodicJob.objects.create(
        name="deadline_scan",
        task_path="x.y",
        interval_seconds=3600,
        next_run_at=timezone.now() - dt.timedelta(minutes=10),
        runs=7,
    )
    families = _families(client)
    [overdue] = [
        s
        for s in families["devzone_clocks_overdue"].samples
        if s.labels["purpose"] == "approvals.application"
    ]
    assert overdue.value == 2
    [lag] = families["devzone_job_lag_seconds"].samples
    assert lag.labels == {"job": "deadline_scan"} and 590 <= lag.value <= 700
    assert families["devzone_job_runs"].samples[0].value == 7
    assert families["devzone_tasks_waiting"].samples[0].value >= 0
    assert families["devzone_tasks_oldest_waiting_seconds"].samples[0].value == 0  # nothing waits


def test_a_task_the_worker_has_not_taken_shows_how_long_it_waits(client):
    """A stopped worker leaves few tasks waiting (a job whose last task waits is not queued again), so the
    alert is on the age of the oldest, not on the count."""
    from django_tasks_db.models import DBTaskResult

    from devzone.core.tasks import prune_task_results

    result = prune_task_results.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(enqueued_at=timezone.now() - dt.timedelta(minutes=20))
    families = _families(client)
    assert families["devzone_tasks_waiting"].samples[0].value == 1
    assert 1190 <= families["devzone_tasks_oldest_waiting_seconds"].samples[0].value <= 1300


def test_an_address_outside_the_allowed_networks_gets_404(client, settings):
    settings.DEVZONE_METRICS_ALLOW = ["10.9.0.0/16"]
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="10.9.3.4").status_code == 200
