"""任现职级日期 (``Staff.rank_since``, core migration 0023) travels where 入职日期 does: the staff API reads and writes
it (null: not recorded — 竞聘's 任职年限 then count from ``hired_on``; a PATCH with null clears it), and the staff
Excel ledger exports it and imports it as an optional column (older ledgers have none; a blank cell leaves it
unrecorded). A date that is no date is a row error naming the field in the reader's language; a day the record
refuses (before the birth date, after today) is the model's own error, on the API's field or the ledger's row.
Before, the API ignored the field (a POST or PATCH carrying it left it unset) and the ledger had no such column."""

import datetime as dt
import json
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from devzone.core import models as m
from devzone.core.errors import DomainError
from devzone.core.services.staff import HEADER, staff_import, staff_template
from devzone.testing import factories as f
from devzone.testing.workbooks import xlsx

pytestmark = pytest.mark.django_db
API = "/api/v1/core/staff"


def _api(client, method: str, url: str, body: dict):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def _body(department, **extra) -> dict:
    return {
        "department": department.pk,
        "employee_no": "JB8801",
        "name": "赵六",
        "gender": "male",
        "birth_date": "1988-03-01",
        "education": "bachelor",
        "employment_type": "contract",
        "rank": "deputy_section",
        "hired_on": "2012-07-01",
    } | extra


# --- the API --------------------------------------------------------------------------------------------------
def test_the_api_reads_and_writes_the_day_the_rank_was_taken(client_for, zone_a_leader, zone_a_department):
    c = client_for(zone_a_leader)
    made = _api(c, "post", API, _body(zone_a_department, rank_since="2021-05-10"))
    assert made.status_code == 201, made.content[:300]
    assert made.json()["rank_since"] == "2021-05-10"
    pk = made.json()["id"]
    assert m.Staff.objects.get(pk=pk).rank_since == dt.date(2021, 5, 10)
    assert c.get(f"{API}/{pk}").json()["rank_since"] == "2021-05-10"
    moved = _api(c, "patch", f"{API}/{pk}", {"rank_since": "2024-01-02"})
    assert moved.status_code == 200 and moved.json()["rank_since"] == "2024-01-02"
    cleared = _api(c, "patch", f"{API}/{pk}", {"rank_since": None})
    assert cleared.status_code == 200 and cleared.json()["rank_since"] is None
    assert m.Staff.objects.get(pk=pk).rank_since is None
    # not given: not recorded
    other = _api(c, "post", API, _body(zone_a_department, employee_no="JB8802"))
    assert other.status_code == 201 and other.json()["rank_since"] is None


def test_the_api_refuses_a_day_the_record_refuses_on_its_field(client_for, zone_a_leader, zone_a_department):
    c = client_for(zone_a_leader)
    before_birth = _api(c, "post", API, _body(zone_a_department, rank_since="1980-01-01"))
    assert before_birth.status_code == 400
    assert before_birth.json()["errors"]["rank_since"] == ["任现职级日期须晚于出生日期"]
    assert not m.Staff.objects.filter(employee_no="JB8801").exists()
    assert _api(c, "post", API, _body(zone_a_department, rank_since="2021-02-30")).status_code == 422
    member = f.StaffFactory(zone=zone_a_department.zone, department=zone_a_department)
    ahead = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    refused = _api(c, "patch", f"{API}/{member.pk}", {"rank_since": ahead})
    assert refused.status_code == 400 and "rank_since" in refused.json()["errors"]
    assert m.Staff.objects.get(pk=member.pk).rank_since is None


# --- the Excel ledger -----------------------------------------------------------------------------------------
def _ledger(header, *rows) -> bytes:
    return xlsx([list(header), *map(list, rows)])


def _row(no, name, header=HEADER, **over):
    values = {
        "工号": no,
        "姓名": name,
        "性别": "女",
        "出生日期": "1990-04-01",
        "学历": "大学本科",
        "用工类型": "雇员制",
        "职级": "副科级",
        "部门": "综合服务部",
        "岗位": "",
        "入职日期": "2014-07-01",
        "任现职级日期": "",
        "手机号": "13800000000",
    } | over
    return [values[c] for c in header]


def test_the_ledger_imports_the_day_as_an_optional_column(zone_a, zone_a_leader, zone_a_department):
    assert "任现职级日期" in HEADER
    data = _ledger(
        HEADER,
        _row("A200", "周一", 任现职级日期="2022-03-01"),
        _row("A201", "吴二", 任现职级日期=dt.date(2019, 9, 1)),  # a real date cell
        _row("A202", "郑三"),  # blank: not recorded
    )
    staff_import(actor=zone_a_leader, zone=zone_a, data=data)
    days = dict(m.Staff.objects.filter(zone=zone_a).values_list("employee_no", "rank_since"))
    assert days == {"A200": dt.date(2022, 3, 1), "A201": dt.date(2019, 9, 1), "A202": None}
    # an older ledger, without the column, still imports (the day not recorded)
    older = [h for h in HEADER if h != "任现职级日期"]
    staff_import(actor=zone_a_leader, zone=zone_a, data=_ledger(older, _row("A203", "王四", header=older)))
    assert m.Staff.objects.get(zone=zone_a, employee_no="A203").rank_since is None


def test_a_bad_day_is_a_row_error_in_the_reader_s_language(zone_a, zone_a_leader, zone_a_department):
    data = _ledger(
        HEADER,
        _row("A300", "甲", 任现职级日期="2022-02-30"),
        _row("A301", "乙", 任现职级日期="1980-01-01"),  # before the birth date
    )
    with pytest.raises(DomainError) as exc:
        staff_import(actor=zone_a_leader, zone=zone_a, data=data)
    errors = exc.value.errors["file"]
    assert "第2行：任现职级日期“2022-02-30”不是有效日期（YYYY-MM-DD）" in errors
    assert "第3行：任现职级日期须晚于出生日期" in errors
    assert not m.Staff.objects.filter(zone=zone_a).exists()
    with translation.override("en"), pytest.raises(DomainError) as english:
        staff_import(actor=zone_a_leader, zone=zone_a, data=data)
    said = " ".join(str(e) for e in english.value.errors["file"])
    assert "2022-02-30" in said and "任现职级日期" not in said, said


def test_the_ledger_exports_the_day_and_the_template_has_the_column(
    client_for, zone_a, zone_a_leader, zone_a_department
):
    f.StaffFactory(
        zone=zone_a, department=zone_a_department, employee_no="A400", rank_since=dt.date(2020, 6, 1)
    )
    f.StaffFactory(zone=zone_a, department=zone_a_department, employee_no="A401")
    response = client_for(zone_a_leader).get(reverse("core:staff_export"))
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content), read_only=True).worksheets[0]
    header = next(ws.iter_rows(max_row=1, values_only=True))
    at = header.index("任现职级日期")
    rows = {r[0]: r[at] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["A400"] in (dt.datetime(2020, 6, 1), dt.date(2020, 6, 1))
    assert rows["A401"] in (None, "")
    template = load_workbook(BytesIO(staff_template()), read_only=True).worksheets[0]
    assert "任现职级日期" in next(template.iter_rows(max_row=1, values_only=True))
