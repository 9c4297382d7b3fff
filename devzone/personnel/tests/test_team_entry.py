"""班子 entry: the city's officer records leadership team members by a form or an Excel workbook (core's importer:
all rows checked first, nothing written when any is wrong, a row-by-row report); the comparison reads them.
Others may not record; a zone of another city is out of reach; bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from devzone.core import ledger
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import AuditEvent
from devzone.personnel.models import TeamMember
from devzone.personnel.services import teams as svc
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
HEADER = [c.label for c in svc.COLUMNS]


def book(*rows) -> bytes:
    return ledger.workbook([("班子成员", HEADER, rows)])


def upload(data: bytes):
    return SimpleUploadedFile(
        "team.xlsx", data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_a_member_is_recorded_by_the_service_and_counts_in_the_comparison(zone_a, city_officer):
    member = svc.team_member_add(
        actor=city_officer,
        zone_id=zone_a.pk,
        name="张三",
        post="管委会副主任",
        birth_date=dt.date(1980, 5, 1),
        fulltime_education="master",
        exchanged_from="市发展改革委",
        joined_on=dt.date(2021, 3, 1),
    )
    assert (member.zone, member.exchanged_from, member.left_on) == (zone_a, "市发展改革委", None)
    assert AuditEvent.objects.filter(object_id=str(member.pk), action="create").exists()
    assert TeamMember.objects.count() == 1


@pytest.mark.parametrize(
    "actor, other_city, birth_date, error, match",
    [
        ("city_officer", False, dt.date(2022, 1, 1), DomainError, "晚于出生日期"),
        ("city_officer", True, dt.date(1975, 1, 1), DomainError, "开发区"),
        ("zone_a_leader", False, dt.date(1975, 1, 1), PermissionDeniedError, None),
    ],
    ids=["born-after-joining", "zone-of-another-city", "not-the-citys-officer"],
)
def test_a_refused_member_is_not_recorded(request, zone_a, actor, other_city, birth_date, error, match):
    zone = f.ZoneFactory(city=f.CityFactory(name="青岛市", code="370200")) if other_city else zone_a
    with pytest.raises(error, match=match):
        svc.team_member_add(
            actor=request.getfixturevalue(actor),
            zone_id=zone.pk,
            name="李四",
            post="主任",
            birth_date=birth_date,
            joined_on=dt.date(2021, 3, 1),
        )
    assert not TeamMember.objects.exists()


def test_the_page_form_records_a_member_and_keeps_a_refused_one(zone_a, city_officer, client_for):
    client = client_for(city_officer)
    page = client.get(reverse("personnel:teams")).content.decode()
    assert "data-team-form" in page and "data-team-import" in page
    form = {
        "member-zone": zone_a.pk,
        "member-name": "张三",
        "member-post": "管委会副主任",
        "member-birth_date": "1980-05-01",
        "member-fulltime_education": "bachelor",
        "member-exchanged_from": "",
        "member-joined_on": "2021-03-01",
        "member-left_on": "",
    }
    answer = client.post(reverse("personnel:team_action", args=["add"]), form)
    assert answer.status_code == 302
    assert TeamMember.objects.get().name == "张三"
    bad = {**form, "member-name": "李四", "member-left_on": "2020-01-01"}
    answer = client.post(reverse("personnel:team_action", args=["add"]), bad)
    html = answer.content.decode()
    assert answer.status_code == 200 and "离任日期不能早于任职日期" in html and "李四" in html
    assert TeamMember.objects.count() == 1


def test_a_workbook_is_imported_whole_or_not_at_all(zone_a, zone_b, city_officer, client_for):
    client = client_for(city_officer)
    url = reverse("personnel:team_action", args=["import"])
    good = book(
        [zone_a.name, "张三", "党工委书记", "1978-02-03", "硕士研究生", "市委组织部", "2020-06-01", ""],
        [zone_b.name, "李四", "管委会主任", dt.date(1982, 7, 9), "", "", dt.date(2020, 6, 1), "2023-01-01"],
    )
    bad = book(
        [
            zone_a.name,
            "王五",
            "副主任",
            "1980-01-01",
            "本科",
            "",
            "2021-01-01",
            "",
        ],  # not a level of core's list
        ["不存在开发区", "", "副主任", "1980-13-01", "", "", "2021-01-01", ""],
        [zone_a.name, "赵六", "副主任", "1980-01-01", "", "", "2021-01-01", "2020-01-01"],
    )
    answer = client.post(url, {"import-file": upload(bad)})
    html = answer.content.decode()
    assert answer.status_code == 200
    for line in (
        "第2行",
        "全日制学历“本科”无效",
        "第3行",
        "不存在开发区",
        "姓名不能为空",
        "第4行",
        "离任日期",
    ):
        assert line in html
    assert not TeamMember.objects.exists()
    assert client.post(url, {"import-file": upload(good)}).status_code == 302
    rows = dict(TeamMember.objects.values_list("name", "zone"))
    assert rows == {"张三": zone_a.pk, "李四": zone_b.pk}
    assert TeamMember.objects.get(name="李四").left_on == dt.date(2023, 1, 1)
    assert AuditEvent.objects.filter(action="import").count() == 2
    with pytest.raises(DomainError, match="没有数据行"):
        svc.team_import(actor=city_officer, data=book())


@pytest.mark.isolation
def test_only_the_citys_officer_records_members(zone_a, city_officer, zone_a_leader, client_for):
    leader = client_for(zone_a_leader)
    form = {"member-zone": zone_a.pk, "member-name": "张三", "member-post": "x"}
    assert leader.post(reverse("personnel:team_action", args=["add"]), form).status_code == 403
    assert leader.post(reverse("personnel:team_action", args=["import"]), {}).status_code == 403
    assert leader.get(reverse("personnel:team_template")).status_code == 403
    assert "data-team-form" not in leader.get(reverse("personnel:teams")).content.decode()
    officer = client_for(city_officer)
    template = officer.get(reverse("personnel:team_template"))
    assert template.status_code == 200
    assert ledger.read_sheet(template.content, svc.COLUMNS).rows[0][1]["name"] == "张三"
    assert officer.post(reverse("personnel:team_action", args=["other"]), {}).status_code == 404
    assert not TeamMember.objects.exists()
