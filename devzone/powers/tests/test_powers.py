"""职能目录与权责清单: the catalog's decisions, a power list drafted, published in versions (the old one superseded
and readable), bad input refused with nothing changed, the public page, the approval item's link to its powers,
and the bulletin's figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.services.zones import zone_merge
from devzone.powers import bulletin, services
from devzone.powers.choices import Disposition, ListStatus, PowerKind
from devzone.powers.models import Function, Power, PowerList
from devzone.powers.tests.conftest import add_power as power
from devzone.testing import factories as f
from devzone.testing.approvals import ItemFactory

pytestmark = pytest.mark.django_db
ON = dt.date(2019, 9, 30)


def function(actor, zone, name, disposition, **extra):
    return services.function_set(
        actor=actor,
        zone=zone,
        name=name,
        disposition=disposition,
        decided_on=extra.pop("decided_on", ON),
        decision_no=extra.pop("decision_no", "示例〔2019〕1号"),
        **extra,
    )


@pytest.fixture
def dept(zone_a):
    return f.DepartmentFactory(zone=zone_a, name="行政审批部")


def test_a_list_is_drafted_published_and_replaced_by_a_new_version(zone_a, zone_a_leader, dept, client):
    item = ItemFactory(zone=zone_a, name="建筑工程施工许可")
    first = services.draft_open(actor=zone_a_leader, zone=zone_a)
    power(zone_a_leader, first, dept, items=[item])
    services.list_publish(actor=zone_a_leader, power_list=first, on=ON)
    second = services.draft_open(actor=zone_a_leader, zone=zone_a)
    assert second.number == 2 and second.powers.count() == 1  # a copy of the published one
    assert list(second.powers.get().items.all()) == [item]
    power(zone_a_leader, second, dept, kind=PowerKind.INSPECTION, name="事后核查")
    public = client.get(reverse("powers:public", args=[zone_a.pk])).content.decode()
    assert "建筑工程施工许可" in public and "事后核查" not in public  # the draft is not public
    services.list_publish(actor=zone_a_leader, power_list=second, on=ON + dt.timedelta(days=30))
    first.refresh_from_db()
    assert first.status == ListStatus.SUPERSEDED and first.powers.count() == 1  # kept, readable
    public = client.get(reverse("powers:public", args=[zone_a.pk])).content.decode()
    assert "事后核查" in public and "第2版" in public
    with pytest.raises(DomainError, match="不能修改"):
        power(zone_a_leader, second, dept)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("legal_basis", "  ", "设定依据"),
        ("accountability", "", "追责情形"),
        ("name", "", "权力事项名称"),
        ("kind", "magic", "权力类别"),
    ],
)
def test_a_power_without_its_basis_or_accountability_is_refused(
    zone_a, zone_a_leader, dept, field, value, message
):
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    with pytest.raises(DomainError, match=message):
        power(zone_a_leader, draft, dept, **{field: value})
    assert not Power.objects.exists()


def test_another_zones_department_or_item_is_refused_and_an_empty_list_is_not_published(
    zone_a, zone_b, zone_a_leader, dept
):
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    with pytest.raises(DomainError, match="本开发区的部门"):
        power(zone_a_leader, draft, f.DepartmentFactory(zone=zone_b, name="乙部门"))
    with pytest.raises(DomainError, match="本开发区的事项"):
        power(zone_a_leader, draft, dept, items=[ItemFactory(zone=zone_b)])
    with pytest.raises(DomainError, match="不能公布"):
        services.list_publish(actor=zone_a_leader, power_list=draft)
    draft.refresh_from_db()
    assert draft.status == ListStatus.DRAFT and not Power.objects.exists()


def test_the_catalog_records_each_decision_and_who_takes_the_function_over(
    zone_a, zone_a_leader, zone_b_leader
):
    with pytest.raises(DomainError, match="承接单位"):
        function(zone_a_leader, zone_a, "社会事务管理", Disposition.LOCAL_GOVERNMENT)
    function(zone_a_leader, zone_a, "社会事务管理", Disposition.LOCAL_GOVERNMENT, receiver="某区人民政府")
    with pytest.raises(PermissionDeniedError):
        function(zone_b_leader, zone_a, "x", Disposition.KEPT, decision_no="y")
    assert list(Function.objects.values_list("name", "receiver")) == [("社会事务管理", "某区人民政府")]


def test_the_bulletin_counts_from_the_rows(city, zone_a, zone_a_leader, dept):
    empty = {fig.key: fig.value for fig in bulletin.figures(city=city)}
    assert empty == {"powers.published": None, "powers.local": None, "powers.market": None}
    for name, disposition, receiver in (
        ("社会事务", Disposition.LOCAL_GOVERNMENT, "区政府"),
        ("开发运营", Disposition.MARKET, "平台公司"),
        ("招商引资", Disposition.KEPT, ""),
    ):
        function(zone_a_leader, zone_a, name, disposition, decision_no="示例", receiver=receiver)
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    power(zone_a_leader, draft, dept)
    services.list_publish(actor=zone_a_leader, power_list=draft)
    got = {fig.key: fig.value for fig in bulletin.figures(city=city)}
    assert got == {"powers.published": 1, "powers.local": 1, "powers.market": 1}
    assert PowerList.objects.get().status == ListStatus.PUBLISHED


def test_the_bulletin_counts_no_zone_merged_into_another(city, zone_a, zone_b, city_officer, dept):
    """Two zones publish their lists, then 乙 is merged into 甲: the city has one zone, and 乙's list is no longer
    in force (the merge abolished its departments), so one zone has a published list, not two."""
    for zone, department in ((zone_a, dept), (zone_b, f.DepartmentFactory(zone=zone_b, name="乙审批部"))):
        draft = services.draft_open(actor=city_officer, zone=zone)
        power(city_officer, draft, department)
        services.list_publish(actor=city_officer, power_list=draft)
    assert {fig.key: fig.value for fig in bulletin.figures(city=city)}["powers.published"] == 2
    zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=dt.date.today())
    assert {fig.key: fig.value for fig in bulletin.figures(city=city)}["powers.published"] == 1


def test_a_long_list_is_searched_and_paged_on_its_page_the_public_page_and_the_api(
    zone_a, zone_a_leader, dept, client, client_for, settings
):
    settings.DEVZONE_PAGE_SIZE = 5
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    for n in range(12):
        power(zone_a_leader, draft, dept, name=f"许可事项{n:02d}")
    power(
        zone_a_leader,
        draft,
        dept,
        kind=PowerKind.INSPECTION,
        name="消防监督检查",
        legal_basis="《消防法》第五十三条",
    )
    leader = client_for(zone_a_leader)
    url = reverse("powers:list_detail", args=[draft.pk])
    first = leader.get(url).content.decode()
    assert "许可事项00" in first and "许可事项05" not in first and "第 1 / 3 页" in first
    second = leader.get(url, {"kind": "licensing", "page": "2"}).content.decode()
    assert "许可事项05" in second and "kind=licensing&amp;page=3" in second  # the pager keeps the filter
    by_basis = leader.get(url, {"q": "消防法"}).content.decode()
    assert "消防监督检查" in by_basis and "许可事项00" not in by_basis
    by_department = leader.get(url, {"q": "行政审批"}).content.decode()
    assert "许可事项00" in by_department  # the department is searched by name, not picked from every row
    nothing = leader.get(url, {"kind": "nonsense"}).content.decode()
    assert (
        "许可事项00" not in nothing and "没有符合筛选条件的权力事项" in nothing
    )  # garbage filters nothing in
    services.list_publish(actor=zone_a_leader, power_list=draft, on=ON)
    public = client.get(reverse("powers:public", args=[zone_a.pk]), {"q": "消防"}).content.decode()
    assert "消防监督检查" in public and "许可事项00" not in public
    api = leader.get(f"/api/v1/powers/lists/{draft.pk}/powers", {"kind": "inspection"}).json()
    assert [p["name"] for p in api["items"]] == ["消防监督检查"]
    refused = leader.get(f"/api/v1/powers/lists/{draft.pk}/powers", {"kind": "nonsense"})
    assert refused.status_code == 422 and "kind" in refused.json()["errors"]  # an enum the schema publishes


def test_the_catalog_is_searched_by_function_receiver_or_decision(zone_a, zone_a_leader, client_for):
    for name, disposition, receiver in (
        ("社会事务管理", Disposition.LOCAL_GOVERNMENT, "区政府"),
        ("园区物业服务", Disposition.MARKET, "园区运营公司"),
        ("招商引资", Disposition.KEPT, ""),
    ):
        function(zone_a_leader, zone_a, name, disposition, decision_no="济政字〔2019〕1号", receiver=receiver)
    leader = client_for(zone_a_leader)
    page = leader.get(reverse("powers:home"), {"q": "运营公司"}).content.decode()
    assert "园区物业服务" in page and "社会事务管理" not in page
    kept = leader.get("/api/v1/powers/functions", {"disposition": "kept"}).json()
    assert [row["name"] for row in kept["items"]] == ["招商引资"]
    mine = leader.get("/api/v1/powers/functions", {"zone": zone_a.pk, "q": "区政府"}).json()
    assert [row["name"] for row in mine["items"]] == ["社会事务管理"]
