"""Pay profiles: the Excel import (by header, all or nothing, problems listed by row), the list's search and
department filter (page and API), and the work-report check the refactor onto core.files brought."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.errors import DomainError
from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.performance.models import PayProfile, WorkReport
from devzone.testing.performance import run_round
from devzone.testing.workbooks import xlsx

pytestmark = pytest.mark.django_db
# a PDF whose page tree is empty: the old check (magic bytes only) took it; nobody could read it
NO_PAGES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_the_import_reads_by_header_and_refreshes_updated_at(org):
    a, b = org.staff[org.depts[0].pk][:2]
    old = timezone.now() - dt.timedelta(days=30)
    PayProfile.objects.filter(staff=a).update(updated_at=old)
    data = xlsx(
        [["备注", "标准月薪（元）", "工号"], ["", "9,100.50", a.employee_no], ["", 7000, b.employee_no]]
    )
    assert svc.payprofile_import(actor=org.tally, zone=org.zone, data=data) == 2
    pa = PayProfile.objects.get(staff=a)
    assert pa.monthly_standard_fen == 910_050
    assert pa.updated_at > old  # bulk_update skips auto_now: the service sets it
    assert PayProfile.objects.get(staff=b).monthly_standard_fen == 700_000


@pytest.mark.parametrize(
    "rows, says",
    [
        ([["姓名", "月薪"], ["x", 1]], "表头缺少"),
        ([["工号", "标准月薪"], ["nobody", 8000]], "第2行"),
        ([["工号", "标准月薪"], ["{no}", 8000], ["{no}", 8100]], "重复"),
        ([["工号", "标准月薪"], ["{no}", "abc"]], "金额"),
        ([["工号", "标准月薪"]], "没有数据行"),
    ],
)
def test_a_bad_import_writes_nothing_and_says_which_row(org, rows, says):
    no = org.staff[org.depts[0].pk][0].employee_no
    rows = [[c.format(no=no) if isinstance(c, str) else c for c in row] for row in rows]
    before = sorted(PayProfile.objects.values_list("staff_id", "monthly_standard_fen"))
    with pytest.raises(DomainError) as e:
        svc.payprofile_import(actor=org.tally, zone=org.zone, data=xlsx(rows))
    assert says in " ".join(e.value.messages())
    assert sorted(PayProfile.objects.values_list("staff_id", "monthly_standard_fen")) == before


def test_the_pay_profile_list_searches_and_filters_on_the_page_and_in_the_api(org, client_for):
    c = client_for(org.tally)
    target = org.staff[org.depts[1].pk][2]
    page = c.get(reverse("performance:payprofile_list"), {"q": target.employee_no})
    assert page.status_code == 200
    assert [s.pk for s in page.context["page"]] == [target.pk]
    page = c.get(reverse("performance:payprofile_list"), {"department": org.depts[1].pk})
    assert {s.department_id for s in page.context["page"]} == {org.depts[1].pk}
    api = c.get("/api/v1/performance/pay-profiles", {"q": target.name})
    assert [x["staff"] for x in api.json()] == [target.pk]


@pytest.mark.parametrize(
    "name, data", [("述职.pdf", NO_PAGES), ("述职.docx", b"PK\x03\x04 not a zip"), ("述职.pdf", b"")]
)
def test_a_work_report_that_does_not_open_is_refused(org, name, data):
    r, _ = run_round(org, until=RoundStatus.SATISFACTION)
    d = org.depts[0]
    with pytest.raises(DomainError) as e:
        svc.report_upload(actor=org.heads[d.pk], round=r, department_id=d.pk, name=name, data=data)
    assert name in e.value.message
    assert not WorkReport.objects.filter(round=r, department=d).exists()
