"""Inbound project codes (赋码清单, core.services.project_codes): verified codes, enterprises matched by credit code
and never created, projects linked or created once — an import repeated changes nothing — and a malformed file
refused whole. Real codes from the shared samples (code_samples.yaml)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import AuditEvent, Enterprise, Project
from devzone.core.services.project_codes import COLUMNS, project_codes_import
from devzone.testing import factories as f
from devzone.testing.workbooks import xlsx

pytestmark = pytest.mark.django_db
HEADER = [c.label for c in COLUMNS]
JIAXIANG = "2412-370829-04-01-158696"  # 嘉祥县 水泥制品项目
WENZHOU = "2505-330354-04-01-274607"  # 温州 生态景观建设项目
LEGACY = "2019-370104-84-03-076425"  # 济南 医院项目 备案
HUAWEI = "914403001922038216"


def row(code, name, credit, investment="12000", industry="C3021 水泥制品制造"):
    return [code, name, "项目单位", credit, investment, industry, ""]


@pytest.fixture
def firms(zone_a):
    cement = f.EnterpriseFactory(zone=zone_a, name="嘉祥水泥制品有限公司")
    hospital = f.EnterpriseFactory(zone=zone_a, name="济南医院建设有限公司")
    return cement, hospital


def test_codes_link_create_and_report_and_a_second_import_changes_nothing(zone_a, zone_a_leader, firms):
    cement, hospital = firms
    waiting = f.ProjectFactory(zone=zone_a, enterprise=hospital, name="医院门诊楼", project_code="")
    data = xlsx(
        [
            HEADER,
            row(JIAXIANG, "年产20万立方米水泥制品项目", cement.credit_code),
            row(LEGACY, "医院门诊楼", hospital.credit_code, industry="84"),
            row(WENZHOU, "生态景观建设项目", HUAWEI),  # an enterprise not registered in the zone
        ]
    )
    result = project_codes_import(actor=zone_a_leader, zone=zone_a, data=data)
    assert [p.project_code for p in result.created] == [JIAXIANG]
    assert [p.pk for p in result.linked] == [waiting.pk]
    assert [n for n, _ in result.unmatched] == [4] and HUAWEI in result.unmatched[0][1]
    created = Project.objects.get(project_code=JIAXIANG)
    assert (created.enterprise, created.industry_id, str(created.total_investment)) == (
        cement,
        "30",
        "12000.00",
    )
    waiting.refresh_from_db()
    assert waiting.project_code == LEGACY
    assert not Enterprise.objects.filter(credit_code=HUAWEI).exists()  # never created silently
    assert AuditEvent.objects.filter(object_id=str(waiting.pk), note__contains="赋码清单").exists()

    again = project_codes_import(actor=zone_a_leader, zone=zone_a, data=data)
    assert (len(again.created), len(again.linked), len(again.unchanged), len(again.unmatched)) == (0, 0, 2, 1)
    assert Project.objects.filter(zone=zone_a).count() == 2


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (row("2412-370829-04-01-158697", "x", HUAWEI), "校验位"),
        (row("2912-370829-04-01-158696", "x", HUAWEI), "晚于今天"),
        (row(JIAXIANG, "x", "91350100M000100Y4Z"), "统一社会信用代码"),
        (row(JIAXIANG, "", HUAWEI), "项目名称不能为空"),
        (row(JIAXIANG, "x", HUAWEI, investment="-5"), "不是正数"),
        (row(JIAXIANG, "x", HUAWEI, industry="水泥"), "GB/T 4754"),
    ],
)
def test_a_malformed_row_refuses_the_whole_file(zone_a, zone_a_leader, firms, bad, message):
    cement, _hospital = firms
    data = xlsx([HEADER, row(WENZHOU, "生态景观建设项目", cement.credit_code), bad])
    with pytest.raises(DomainError) as refused:
        project_codes_import(actor=zone_a_leader, zone=zone_a, data=data)
    assert any("第3行" in line and message in line for line in refused.value.errors["file"])
    assert not Project.objects.exists()


def test_the_same_code_twice_in_a_file_is_refused(zone_a, zone_a_leader, firms):
    cement, _ = firms
    data = xlsx([HEADER, row(JIAXIANG, "a", cement.credit_code), row(JIAXIANG, "b", cement.credit_code)])
    with pytest.raises(DomainError, match="导入未执行"):
        project_codes_import(actor=zone_a_leader, zone=zone_a, data=data)


@pytest.mark.isolation
def test_only_staff_of_the_zone_import_and_the_page_shows_the_result(
    zone_a, zone_b, zone_a_leader, zone_b_leader, enterprise_user, firms, client_for
):
    cement, _ = firms
    data = xlsx([HEADER, row(JIAXIANG, "水泥制品项目", cement.credit_code), row(WENZHOU, "景观", HUAWEI)])
    with pytest.raises(PermissionDeniedError):
        project_codes_import(actor=zone_b_leader, zone=zone_a, data=data)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("赋码清单.xlsx", data)
    page = client_for(zone_a_leader).post(reverse("core:project_codes_import"), {"file": upload})
    html = page.content.decode()
    assert page.status_code == 200 and 'data-figure="created">1<' in html and "第3行" in html
    assert Project.objects.get().project_code == JIAXIANG
    assert client_for(enterprise_user).get(reverse("core:project_codes_import")).status_code == 403
    foreign = client_for(zone_b_leader).post(
        reverse("core:project_codes_import"), {"file": SimpleUploadedFile("a.xlsx", data)}
    )
    assert foreign.status_code == 200 and Project.objects.filter(zone=zone_b).count() == 0
    template = client_for(zone_a_leader).get(reverse("core:project_codes_template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
