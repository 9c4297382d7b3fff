"""The bench's floors of the review queues (issue 17): the leader's (every open file of the zone) and a
reviewer's (their own files in review) fetch the very rows the queue page shows."""

from __future__ import annotations

import pytest

from devzone.approvals.bench import _busiest_reviewer, loadgen_applications, queue_floor
from devzone.core.bench import bench_user
from devzone.testing.clients import make_client
from devzone.testing.floors import assert_floor_is_the_page, quiet, small_zone

pytestmark = pytest.mark.django_db


def _pause_the_nearest(zone, reviewer) -> None:
    """Three of the reviewer's files with the nearest promised deadlines asked for a 补正: their promised clocks
    have no due date, which the floors place as the pages do (after every date; the statutory clock decides)."""
    from devzone.approvals.models import Application
    from devzone.approvals.services.intake import application_request_supplement
    from devzone.core.bench import REFERENCE_DAY

    mine = Application.objects.filter(zone=zone, reviewer=reviewer, status="in_review")
    for app in mine.order_by("clock__due_on", "id")[:3]:
        application_request_supplement(actor=reviewer, application=app, missing="图纸", on=REFERENCE_DAY)


def test_the_queue_floors_fetch_each_queue_pages_rows_in_its_order_with_the_total():
    zone = small_zone()
    loadgen_applications(zone=zone, count=6000, log=quiet)
    leader, reviewer = bench_user(zone), _busiest_reviewer(zone)
    _pause_the_nearest(zone, reviewer)
    c = make_client(leader)
    assert_floor_is_the_page(c, "/approvals/queue/", queue_floor(zone, None))
    assert_floor_is_the_page(c, "/approvals/queue/?page=2", queue_floor(zone, None, 2), full=False)
    mine = make_client(reviewer)
    assert_floor_is_the_page(mine, "/approvals/queue/", queue_floor(zone, reviewer), full=False)


def test_the_statistics_floor_reads_what_the_pages_tables_are_made_of():
    """``statistics_floor`` reads, per item, the files, on-time files, files late by law and supplements the
    statistics page counts for the period, with the item's limits and former department."""
    import datetime as dt
    from collections import defaultdict

    from devzone.approvals.bench import statistics_floor
    from devzone.approvals.statistics import approval_statistics
    from devzone.core.bench import REFERENCE_DAY, floor_rows

    zone = small_zone()
    loadgen_applications(zone=zone, count=800, log=quiet)
    start, end = dt.date(REFERENCE_DAY.year - 1, 1, 1), REFERENCE_DAY
    page = approval_statistics(user=bench_user(zone), start=start, end=end, zone=zone)
    per_item = defaultdict(lambda: [0, 0, 0, 0])
    names = {}
    for _item, _days, n, ok, late, sup, code, _name, _stage, legal, promised, department in floor_rows(
        *statistics_floor(zone, start, end)
    ):
        per_item[code] = [a + b for a, b in zip(per_item[code], (n, ok, late, sup), strict=True)]
        names[code] = (legal, promised, department)
    shown = {r.key: [r.count, r.hist.on_time, r.legal_late, r.hist.supplements] for r in page["items"]}
    assert shown and per_item == shown
    assert {r.key: (r.legal, r.promised) for r in page["items"]} == {k: v[:2] for k, v in names.items()}
    assert sorted({v[2] for v in names.values()}) == sorted(r.key for r in page["departments"])
