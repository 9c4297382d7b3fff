"""Approval statistics from live data: percentiles, compression, on-time rate, supplements, the project path."""

import datetime as dt

import pytest

from devzone.approvals.forms import PeriodForm
from devzone.approvals.models import ElapsedBucket
from devzone.approvals.services import applications as svc
from devzone.approvals.statistics import Histogram, approval_statistics, project_path
from devzone.core.workdays import get_calendar
from devzone.testing import factories as f
from devzone.testing.approvals import MONDAY, ItemFactory, accepted, uploads_for

pytestmark = pytest.mark.django_db


def test_percentiles_by_nearest_rank():
    h = Histogram()
    for elapsed in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10):
        h.add(elapsed, 1, 1, 0)
    assert (h.percentile(0.5), h.percentile(0.9), h.percentile(1.0)) == (5, 9, 10)
    assert Histogram().percentile(0.5) is None


def conclude(company_user, clerk, reviewer, project, item, workdays, *, supplement=False, on=MONDAY):
    app = accepted(company_user, clerk, reviewer, project, item, on=on)
    if supplement:
        svc.application_request_supplement(actor=reviewer, application=app, missing="补图", on=on)
        svc.application_answer_supplement(
            actor=company_user, application=app, uploads=uploads_for(item), on=on
        )
    svc.application_grant(actor=reviewer, application=app, on=get_calendar().add_workdays(on, workdays))
    return app


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch):
    monkeypatch.setattr("devzone.approvals.certificates.issue_certificate", lambda **kw: None)


def test_statistics_per_item_department_and_stage(company_user, clerk, reviewer, zone_a, zone_a_leader):
    from devzone.testing import factories as f

    item = ItemFactory(zone=zone_a, legal_limit_days=20, promised_limit_days=5)
    for n, days in enumerate((2, 3, 4, 7)):  # the last is late (promised 5)
        project = f.ProjectFactory(zone=zone_a, enterprise=company_user.profile.enterprise)
        conclude(company_user, clerk, reviewer, project, item, days, supplement=n == 0)
    stats = approval_statistics(user=zone_a_leader, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    [row] = stats["items"]
    assert (row.count, row.median, row.p90, row.promised, row.legal) == (4, 3, 7, 5, 20)
    assert row.on_time_rate == 0.75
    assert row.supplements_per_application == 0.25
    assert row.compression == pytest.approx(1 - 3 / 20)
    assert [r.count for r in stats["departments"]] == [4] and [r.count for r in stats["stages"]] == [4]
    assert sum(b.count for b in ElapsedBucket.objects.all()) == 4


def test_another_zone_sees_nothing_of_these_statistics(
    company_user, clerk, reviewer, project_a, zone_a, zone_b_leader
):
    conclude(company_user, clerk, reviewer, project_a, ItemFactory(zone=zone_a), 2)
    stats = approval_statistics(user=zone_b_leader, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert stats == {"items": [], "departments": [], "stages": [], "zones": []}


def test_the_project_path_counts_natural_days_from_the_first_intake(
    company_user, clerk, reviewer, project_a, zone_a, zone_a_leader
):
    land = ItemFactory(zone=zone_a, name="不动产权证书核发", stage="land_planning")
    permit = ItemFactory(zone=zone_a, name="建筑工程施工许可证核发")
    conclude(company_user, clerk, reviewer, project_a, land, 1)  # Monday → Tuesday: 1 working day
    conclude(company_user, clerk, reviewer, project_a, permit, 5, on=MONDAY + dt.timedelta(days=7))
    first, steps = project_path(user=zone_a_leader, project_id=project_a.pk)
    assert first == MONDAY
    assert [(s.item, s.days_from_first_intake) for s in steps] == [
        ("不动产权证书核发", 1),
        ("建筑工程施工许可证核发", 14),
    ]


def test_the_statistics_page_and_export_render(
    client_for, company_user, clerk, reviewer, project_a, zone_a, zone_a_leader
):
    conclude(company_user, clerk, reviewer, project_a, ItemFactory(zone=zone_a), 2)
    client = client_for(zone_a_leader)
    page = client.get("/approvals/statistics/?start=2025-01-01&end=2025-12-31")
    assert page.status_code == 200 and 'data-figure="total">1<' in page.content.decode()
    export = client.get("/approvals/statistics/export.xlsx?start=2025-01-01&end=2025-12-31")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/approvals/statistics/?start=garbage&end=2025-99-99").status_code == 200


FEB_1, MAR_31, JAN_1, TODAY = (
    dt.date(2025, 2, 1),
    dt.date(2025, 3, 31),
    dt.date(2025, 1, 1),
    dt.date(2025, 6, 30),
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"start": "2025-02-01", "end": "2025-03-31"}, (FEB_1, MAR_31)),
        ({"start": "2025-03-31", "end": "2025-02-01"}, (FEB_1, MAR_31)),  # turned round
        ({}, (JAN_1, TODAY)),
        ({"start": "2025-02-01"}, (FEB_1, TODAY)),
        ({"end": "2024-12-31"}, (dt.date(2024, 12, 31), JAN_1)),
    ],
)
def test_the_page_and_the_api_read_the_same_period(client_for, zone_a_leader, monkeypatch, query, expected):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    assert PeriodForm(query).period() == expected
    api = client_for(zone_a_leader).get("/api/v1/approvals/statistics", query).json()
    assert (api["start"], api["end"]) == (expected[0].isoformat(), expected[1].isoformat())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"start": "garbage", "end": "2025-99-99"}, (JAN_1, TODAY)),
        ({"start": "2025-02-30", "end": "2025-03-31"}, (JAN_1, MAR_31)),
        ({"start": "2025-02-01", "end": "31/03/2025"}, (FEB_1, TODAY)),
    ],
)
def test_a_date_of_the_page_that_does_not_read_is_its_default(monkeypatch, query, expected):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    assert PeriodForm(query).period() == expected


def test_a_stage_of_items_with_different_limits_shows_their_range_and_says_how_to_read_it(
    client_for, company_user, clerk, reviewer, zone_a, zone_a_leader
):
    """Two items of one stage, every file on time against its own item's promise (3 and 15 working days):
    the stage's 90th percentile (12) is above the short promise and its files are all on time. The page shows
    the range of the limits, not their mean alone, names its first column, and explains the measure."""
    from devzone.testing import factories as f

    quick = ItemFactory(zone=zone_a, legal_limit_days=20, promised_limit_days=3, stage="land_planning")
    slow = ItemFactory(zone=zone_a, legal_limit_days=20, promised_limit_days=15, stage="land_planning")
    for item, days in ((quick, 2), (quick, 3), (slow, 12)):
        project = f.ProjectFactory(zone=zone_a, enterprise=company_user.profile.enterprise)
        conclude(company_user, clerk, reviewer, project, item, days)
    stats = approval_statistics(user=zone_a_leader, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    [stage] = stats["stages"]
    assert (stage.on_time_rate, stage.p90, stage.promised_label, stage.legal_label) == (1.0, 12, "3–15", "20")

    page = client_for(zone_a_leader).get("/approvals/statistics/?start=2025-01-01&end=2025-12-31")
    html = page.content.decode()
    assert "对象" not in html
    assert "<th>审批阶段</th>" in html and "<th>审批事项</th>" in html and "<th>原职能部门</th>" in html
    assert "3–15" in html and "data-measure" in html


# The March 2025 files of the hand-checked example below (no holiday): (granted on, (补正 requested, answered)).
MARCH_FILES = (
    (dt.date(2025, 3, 6), None),
    (dt.date(2025, 3, 17), (dt.date(2025, 3, 4), dt.date(2025, 3, 14))),
    (dt.date(2025, 3, 11), None),
)


def march_item(zone):
    """Promised 5, statutory 7 working days."""
    return ItemFactory(zone=zone, legal_limit_days=7, promised_limit_days=5, steps=(1, 2, 1, 1))


def march_file(company_user, clerk, reviewer, item, granted_on, supplement=None):
    """A file accepted Monday 03-03 in a new project, granted on ``granted_on`` after the review 补正
    ``supplement`` (requested, answered) if any."""
    project = f.ProjectFactory(zone=item.zone, enterprise=company_user.profile.enterprise)
    app = accepted(company_user, clerk, reviewer, project, item, on=MONDAY)
    if supplement:
        svc.application_request_supplement(actor=reviewer, application=app, missing="补图", on=supplement[0])
        svc.application_answer_supplement(
            actor=company_user, application=app, uploads=uploads_for(item), on=supplement[1]
        )
    svc.application_grant(actor=reviewer, application=app, on=granted_on)
    return app


def test_the_statutory_figure_stands_beside_the_promised_one(
    client_for, company_user, clerk, reviewer, zone_a, zone_a_leader
):
    """Hand-checked, March 2025 (no holiday): promised 5, statutory 7 working days, accepted Monday 03-03.

    A: granted 03-06 (3 days): on time, within the law.
    B: a review 补正 from 03-04 to 03-14 stops the promised clock only; granted Monday 03-17, the statutory
       clock counts 03-04..03-07, 03-10..03-14 and 03-17 = 10 working days > 7 (due 03-12): on time against
       the promise, past the law.
    C: granted 03-11 (6 days): late against the promise, within the law (due 03-12).
    """
    item = march_item(zone_a)
    for granted_on, supplement in MARCH_FILES:
        march_file(company_user, clerk, reviewer, item, granted_on, supplement)
    stats = approval_statistics(user=zone_a_leader, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    for key in ("items", "departments", "stages"):
        [row] = stats[key]
        assert (row.count, row.hist.on_time, row.legal_within, row.legal_late) == (3, 2, 2, 1), key
        assert row.legal_rate == pytest.approx(2 / 3)
    client = client_for(zone_a_leader)
    page = client.get("/approvals/statistics/?start=2025-01-01&end=2025-12-31").content.decode()
    assert "按时办结率（承诺时限）" in page and "依法按时办结（法定时限）" in page
    assert 'data-figure="legal-late">1<' in page and "超过法定时限 1 件" in page
    import io

    import openpyxl

    export = client.get("/approvals/statistics/export.xlsx?start=2025-01-01&end=2025-12-31")
    ws = openpyxl.load_workbook(io.BytesIO(export.content)).worksheets[0]
    head = [c.value for c in ws[1]]
    line = dict(zip(head, [c.value for c in ws[2]], strict=True))
    assert (line["办结件数"], line["法定时限内办结（件）"], line["超过法定时限（件）"]) == (3, 2, 1)
    api = client.get("/api/v1/approvals/statistics", {"start": "2025-01-01", "end": "2025-12-31"}).json()
    [item_row] = api["items"]
    assert (item_row["on_time"], item_row["legal_within"], item_row["legal_late"]) == (2, 2, 1)
    assert (item_row["promised_limit"], item_row["legal_limit"]) == (5, 7)


def test_migration_0008_counts_the_files_already_past_the_legal_limit(company_user, clerk, reviewer, zone_a):
    """0008 added ``legal_late`` to the buckets of a populated database: run on rows concluded before it
    (their buckets at 0), it counts what the live rule counts — B of the March files above (granted 03-17,
    statutory due 03-12), not A or C — and leaves other buckets alone."""
    import importlib

    from django.apps import apps

    item = march_item(zone_a)
    for granted_on, supplement in MARCH_FILES[:2]:  # A and B
        march_file(company_user, clerk, reviewer, item, granted_on, supplement)
    live = dict(ElapsedBucket.objects.values_list("elapsed_workdays", "legal_late"))
    assert sorted(live.values()) == [0, 1]
    ElapsedBucket.objects.update(legal_late=0)  # as the rows stood before 0008

    migration = importlib.import_module("devzone.approvals.migrations.0008_elapsedbucket_legal_late")
    migration.count_files_past_the_legal_limit(apps, None)
    assert dict(ElapsedBucket.objects.values_list("elapsed_workdays", "legal_late")) == live
