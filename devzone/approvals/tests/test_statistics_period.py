"""Statistics of a period that starts or ends inside a month (the page reads 办结日期自 X 至 Y): only the files
concluded within it count — on the page, in its Excel export and in the API alike — and a month the period
cuts is judged as the whole months are (on time against the promise, late in law, supplements)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from devzone.approvals.statistics import approval_statistics, whole_months
from devzone.approvals.tests.test_statistics import MARCH_FILES, march_file, march_item
from devzone.testing.approvals import ItemFactory, accepted

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def _no_pdf(no_certificate):
    """Grants without rendering and signing a PDF."""


@pytest.fixture
def march(company_user, clerk, reviewer, zone_a):
    """The hand-checked March 2025 files (test_statistics): A granted 03-06 on time and within the law; B
    granted 03-17 on time against the promise (its 补正 stopped it) and past the law; C granted 03-11 late
    against the promise and within the law."""
    item = march_item(zone_a)
    for granted_on, supplement in MARCH_FILES:
        march_file(company_user, clerk, reviewer, item, granted_on, supplement)
    return item


def figures(stats, key: str = "items") -> tuple:
    rows = stats[key]
    return (
        sum(r.count for r in rows),
        sum(r.hist.on_time for r in rows),
        sum(r.legal_late for r in rows),
        sum(r.hist.supplements for r in rows),
    )


def test_a_file_concluded_before_the_period_is_not_counted_on_the_page_the_export_or_the_api(
    client_for, company_user, clerk, reviewer, project_a, zone_a, zone_a_leader
):
    from devzone.approvals.services import applications as svc

    app = accepted(company_user, clerk, reviewer, project_a, ItemFactory(zone=zone_a))
    svc.application_grant(actor=reviewer, application=app, on=D(2025, 3, 5))
    period = {"start": "2025-03-20", "end": "2025-03-31"}
    stats = approval_statistics(user=zone_a_leader, start=D(2025, 3, 20), end=D(2025, 3, 31))
    assert figures(stats) == (0, 0, 0, 0)
    client = client_for(zone_a_leader)
    page = client.get("/approvals/statistics/", period).content.decode()
    assert 'data-figure="total">0<' in page
    export = client.get("/approvals/statistics/export.xlsx", period)
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).worksheets[0]
    assert sheet.max_row == 1  # the heading only
    api = client.get("/api/v1/approvals/statistics", period).json()
    assert api["items"] == [] and api["stages"] == []
    # the whole of March counts it
    assert figures(approval_statistics(user=zone_a_leader, start=D(2025, 3, 1), end=D(2025, 3, 31)))[0] == 1


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 1, 1), D(2025, 12, 31), (3, 2, 1, 1)),  # whole months: the buckets alone
        (D(2025, 3, 6), D(2025, 3, 17), (3, 2, 1, 1)),  # inside March, every file: the files alone
        (D(2025, 3, 7), D(2025, 3, 17), (2, 1, 1, 1)),  # A (03-06) left out
        (D(2025, 3, 7), D(2025, 3, 16), (1, 0, 0, 0)),  # B (03-17) left out too: C alone, late
        (D(2025, 3, 12), D(2025, 4, 30), (1, 1, 1, 1)),  # B alone, from a cut March into a whole April
        (D(2025, 2, 15), D(2025, 3, 6), (1, 1, 0, 0)),  # a cut February and a cut March: A alone
        (D(2025, 3, 18), D(2025, 3, 31), (0, 0, 0, 0)),
    ],
)
def test_a_period_counts_exactly_the_files_concluded_in_it_judged_as_whole_months_are(
    march, zone_a_leader, start, end, expected
):
    stats = approval_statistics(user=zone_a_leader, start=start, end=end)
    for key in ("items", "departments", "stages"):
        assert figures(stats, key) == expected, key


def test_the_citys_comparison_of_zones_counts_the_same_files(march, city_officer, zone_b):
    stats = approval_statistics(user=city_officer, start=D(2025, 3, 7), end=D(2025, 3, 17))
    [zone_row] = stats["zones"]
    assert (zone_row.count, zone_row.hist.on_time) == (2, 1)


@pytest.mark.parametrize(
    ("start", "end", "first", "last"),
    [
        (D(2025, 3, 1), D(2025, 3, 31), D(2025, 3, 1), D(2025, 4, 1)),
        (D(2025, 3, 2), D(2025, 3, 31), D(2025, 4, 1), D(2025, 4, 1)),  # none
        (D(2025, 2, 15), D(2025, 4, 30), D(2025, 3, 1), D(2025, 5, 1)),
        (D(2024, 12, 31), D(2025, 2, 28), D(2025, 1, 1), D(2025, 3, 1)),
        (D(2024, 2, 1), D(2024, 2, 28), D(2024, 2, 1), D(2024, 2, 1)),  # a leap February, cut by a day
    ],
)
def test_the_whole_months_of_a_period(start, end, first, last):
    assert whole_months(start, end) == (first, last)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_date_outside_the_years_the_platform_holds_falls_back_to_the_default_period(
    day, client_for, zone_a_leader
):
    page = client_for(zone_a_leader).get(reverse("approvals:statistics"), {"start": day, "end": day})
    assert page.status_code == 200
