"""Defects a review proved, kept as regressions: a published list rewritten by a later rename of its department or
approval items; a merged zone's public page presenting its old list as current; the public catalog without the
decisions' dates; a decision dated in the future accepted; 修改/删除 of a draft's power overwriting another officer's
change; superseded versions unreadable by the public, and superseded without an audit trace."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from devzone.core.choices import AuditAction
from devzone.core.errors import DomainError
from devzone.core.models import AuditEvent
from devzone.core.services.objects import object_update
from devzone.core.services.zones import zone_merge
from devzone.powers import services
from devzone.powers.choices import Disposition, ListStatus
from devzone.powers.models import Function, Power, PowerList
from devzone.powers.tests.conftest import add_power
from devzone.testing import factories as f
from devzone.testing.approvals import ItemFactory

pytestmark = pytest.mark.django_db
ON = dt.date(2019, 9, 30)


def _draft_with_power(actor, zone, dept, items=()):
    draft = services.draft_open(actor=actor, zone=zone)
    add_power(actor, draft, dept, items=items)
    return draft


def _publish(actor, zone, dept, items=(), on=ON):
    return services.list_publish(actor=actor, power_list=_draft_with_power(actor, zone, dept, items), on=on)


def _power_read(actor, zone, dept):
    """A draft with one power, the power, and the draft's version as its pages show it (what a stale form
    carries)."""
    draft = _draft_with_power(actor, zone, dept)
    draft.refresh_from_db()
    return draft, draft.powers.get(), draft.version


def _public(zone_id) -> str:
    return Client().get(reverse("powers:public", args=[zone_id])).content.decode()


# --- 6. the public catalog shows each decision's date -------------------------------------------------------
def test_public_catalog_shows_the_date_of_each_decision(zone_a, zone_a_leader):
    services.function_set(
        actor=zone_a_leader,
        zone=zone_a,
        name="社会事务管理",
        disposition=Disposition.LOCAL_GOVERNMENT,
        decided_on=ON,
        decision_no="示例〔2019〕1号",
        receiver="区人民政府",
    )
    page = _public(zone_a.pk)
    assert "示例〔2019〕1号 · 2019年9月30日" in page


# --- 1. a published list keeps the names it was published with --------------------------------------------
def test_renaming_a_department_or_an_item_does_not_rewrite_a_published_list(
    zone_a, zone_a_leader, client_for
):
    dept = f.DepartmentFactory(zone=zone_a, name="行政审批部")
    item = ItemFactory(zone=zone_a, name="施工许可")
    code = item.code
    published = _publish(zone_a_leader, zone_a, dept, items=[item])
    dept.name = "营商环境服务部"
    object_update(actor=zone_a_leader, instance=dept)  # core's department edit page
    item.name, item.code = "建筑工程施工许可证核发", f"{code}-2"
    item.save()

    page = _public(zone_a.pk)
    assert "行政审批部" in page and "施工许可" in page
    assert "营商环境服务部" not in page and "施工许可证核发" not in page
    found = Client().get(reverse("powers:public", args=[zone_a.pk]), {"q": "行政审批部"}).content.decode()
    assert "建筑工程施工许可" in found  # the search finds the name the page shows
    staff = client_for(zone_a_leader)
    detail = staff.get(reverse("powers:list_detail", args=[published.pk])).content.decode()
    assert "行政审批部" in detail and code in detail and "营商环境服务部" not in detail
    api = staff.get(f"/api/v1/powers/lists/{published.pk}").json()["powers"][0]
    assert (api["department"], api["approval_items"]) == ("行政审批部", [code])

    # a draft keeps the live link: the next version names the department as it is called now
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    copy = draft.powers.get()
    assert (copy.department_name, copy.published_items) == ("", None)
    draft_page = staff.get(reverse("powers:list_detail", args=[draft.pk])).content.decode()
    assert "营商环境服务部" in draft_page and "施工许可证核发" in draft_page
    # published, it keeps today's names; the superseded version keeps its own
    services.list_publish(actor=zone_a_leader, power_list=draft, on=dt.date(2020, 5, 1))
    assert "营商环境服务部" in _public(zone_a.pk)
    old = Client().get(reverse("powers:public_version", args=[zone_a.pk, published.pk])).content.decode()
    assert "行政审批部" in old and "营商环境服务部" not in old
    assert Power.objects.get(power_list=published).department_name == "行政审批部"


def test_the_migration_fills_published_and_superseded_lists_and_leaves_drafts(zone_a, zone_a_leader):
    dept = f.DepartmentFactory(zone=zone_a, name="行政审批部")
    item = ItemFactory(zone=zone_a, name="施工许可")
    first = _publish(zone_a_leader, zone_a, dept, items=[item])
    second = services.draft_open(actor=zone_a_leader, zone=zone_a)  # a copy of first's power
    services.list_publish(actor=zone_a_leader, power_list=second, on=dt.date(2020, 5, 1))
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    Power.objects.update(department_name="", published_items=None)  # as rows stood before the migration
    migration = importlib.import_module("devzone.powers.migrations.0002_published_names")
    migration.fill_published_names(apps, None)
    for row in (first, second):
        p = Power.objects.get(power_list=row)
        assert (p.department_name, p.published_items) == (
            "行政审批部",
            [{"code": item.code, "name": "施工许可"}],
        )
    assert (draft.powers.get().department_name, draft.powers.get().published_items) == ("", None)


# --- 5. a merged zone's public page ---------------------------------------------------------------------------
def test_public_page_of_a_merged_zone_says_its_list_is_no_longer_in_force(zone_a, zone_b, city_officer):
    old = _publish(city_officer, zone_b, f.DepartmentFactory(zone=zone_b, name="乙审批部"))
    assert "data-merged" not in _public(zone_b.pk) and "data-not-in-force" not in _public(zone_b.pk)
    day = timezone.localdate()
    zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=day)
    page = _public(zone_b.pk)
    assert "乙审批部" in page  # still readable, as history
    assert "data-merged" in page and "data-not-in-force" in page and "已不再有效" in page
    assert f"{day.year}年{day.month}月{day.day}日并入" in page
    assert f'href="{reverse("powers:public", args=[zone_a.pk])}">{zone_a.name}</a>' in page
    version = Client().get(reverse("powers:public_version", args=[zone_b.pk, old.pk])).content.decode()
    assert "data-merged" in version and "data-not-in-force" in version and "data-in-force" not in version


# --- 7. a decision dated in the future -----------------------------------------------------------------------
def test_a_decision_dated_in_the_future_is_refused(zone_a, zone_a_leader, zone_a_dept_head, client_for):
    later = timezone.localdate() + dt.timedelta(days=400)
    fields = dict(
        name="园区开发运营",
        disposition=Disposition.MARKET,
        decision_no="示例〔2019〕2号",
        receiver="平台公司",
    )
    with pytest.raises(DomainError) as e:
        services.function_set(actor=zone_a_leader, zone=zone_a, decided_on=later, **fields)
    assert e.value.messages() == ["决定日期不能晚于今天"]
    r = client_for(zone_a_leader).post(
        reverse("powers:function_add"), {**fields, "decided_on": later.isoformat()}
    )
    assert r.status_code == 200 and r.context["function_form"].errors == {
        "decided_on": ["决定日期不能晚于今天"]
    }
    assert "决定日期不能晚于今天" in r.content.decode() and 'value="园区开发运营"' in r.content.decode()
    assert not Function.objects.exists()
    # one who may read the catalog but not keep it gets 403, not the form back
    reader = client_for(zone_a_dept_head)
    assert reader.get(reverse("powers:home")).status_code == 200
    assert (
        reader.post(reverse("powers:function_add"), {**fields, "decided_on": later.isoformat()}).status_code
        == 403
    )
    today = timezone.localdate()
    services.function_set(actor=zone_a_leader, zone=zone_a, decided_on=today, **fields)  # today is a decision
    assert Function.objects.get().decided_on == today


# --- 4. 修改/删除 carry the draft's version ---------------------------------------------------------------
def test_changing_a_power_someone_changed_meanwhile_is_refused(
    zone_a, zone_a_leader, city_officer, client_for
):
    x = f.DepartmentFactory(zone=zone_a, name="行政审批部")
    y = f.DepartmentFactory(zone=zone_a, name="规划建设部")
    z = f.DepartmentFactory(zone=zone_a, name="经济发展部")
    draft, p, seen = _power_read(zone_a_leader, zone_a, x)
    a = client_for(zone_a_leader)
    form = a.get(reverse("powers:power_change", args=[p.pk]))
    assert form.status_code == 200 and f'name="version" value="{seen}"' in form.content.decode()
    services.power_change(actor=city_officer, power=p, department=y, version=seen)  # B, meanwhile
    r = a.post(reverse("powers:power_change", args=[p.pk]), {"department": z.pk, "version": seen})
    assert r.status_code == 200 and "该记录刚被他人处理过，请刷新后查看最新状态" in r.content.decode()
    assert Power.objects.get(pk=p.pk).department_id == y.pk, "A's stale form overwrote B's change"
    # without a version (a page from before, or crafted) it is refused too, not left unchecked
    r = a.post(reverse("powers:power_change", args=[p.pk]), {"department": z.pk})
    assert r.status_code == 200 and "页面已过期，请刷新后重新填写" in r.content.decode()
    assert Power.objects.get(pk=p.pk).department_id == y.pk
    draft.refresh_from_db()
    r = a.post(reverse("powers:power_change", args=[p.pk]), {"department": z.pk, "version": draft.version})
    assert r.status_code == 302 and Power.objects.get(pk=p.pk).department_id == z.pk


def test_removing_a_power_from_a_draft_changed_meanwhile_is_refused(
    zone_a, zone_a_leader, city_officer, client_for
):
    x = f.DepartmentFactory(zone=zone_a, name="行政审批部")
    draft, p, seen = _power_read(zone_a_leader, zone_a, x)
    a = client_for(zone_a_leader)
    page = a.get(reverse("powers:list_detail", args=[draft.pk])).content.decode()
    assert f'name="version" value="{seen}"' in page  # the delete button carries it
    assert 'data-confirm="确定从草稿中删除“建筑工程施工许可”？"' in page  # and asks first
    services.power_change(actor=city_officer, power=p, department=x, version=seen)  # B, meanwhile
    r = a.post(reverse("powers:power_remove", args=[p.pk]), {"version": seen}, follow=True)
    assert "该记录刚被他人处理过，请刷新后查看最新状态" in [str(m) for m in r.context["messages"]]
    r = a.post(reverse("powers:power_remove", args=[p.pk]), follow=True)  # no version: refused
    assert "页面已过期，请刷新后重新填写" in [str(m) for m in r.context["messages"]]
    assert Power.objects.filter(pk=p.pk).exists()
    draft.refresh_from_db()
    a.post(reverse("powers:power_remove", args=[p.pk]), {"version": draft.version})
    assert not Power.objects.filter(pk=p.pk).exists()


def test_publishing_requires_the_version_on_the_page_and_in_the_api(zone_a, zone_a_leader, client_for):
    draft = _draft_with_power(zone_a_leader, zone_a, f.DepartmentFactory(zone=zone_a))
    c = client_for(zone_a_leader)
    r = c.post(reverse("powers:list_publish", args=[draft.pk]), {"version": ""}, follow=True)
    assert "页面已过期，请刷新后重新填写" in [str(m) for m in r.context["messages"]]
    r = c.post(f"/api/v1/powers/lists/{draft.pk}/publish", {}, content_type="application/json")
    assert r.status_code == 422 and "version" in r.json()["errors"]
    assert PowerList.objects.get(pk=draft.pk).status == ListStatus.DRAFT
    draft.refresh_from_db()
    r = c.post(
        f"/api/v1/powers/lists/{draft.pk}/publish",
        {"version": draft.version},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == ListStatus.PUBLISHED


# --- 8. superseded versions readable by the public; superseding audited -----------------------------------------
@pytest.mark.isolation
def test_the_public_can_read_a_superseded_version(client, zone_a, zone_b, zone_a_leader, zone_b_leader):
    """The public reads every published version (anonymous: ``client``, which the isolation record counts), never
    a draft nor another zone's list under this zone's address."""
    dept = f.DepartmentFactory(zone=zone_a, name="行政审批部")
    first = _publish(zone_a_leader, zone_a, dept)
    second = _draft_with_power(zone_a_leader, zone_a, dept)  # copies first's power, then adds one
    services.list_publish(actor=zone_a_leader, power_list=second, on=dt.date(2020, 5, 1))
    anon = client
    page = _public(zone_a.pk)
    assert "第2版" in page and "data-earlier" in page
    version_url = reverse("powers:public_version", args=[zone_a.pk, first.pk])
    assert f'href="{version_url}">第1版</a>' in page and "2019年9月30日公布" in page
    old = anon.get(version_url)
    assert old.status_code == 200
    text = old.content.decode()
    assert "第1版" in text and "data-not-in-force" in text and text.count("建筑工程施工许可") == 1
    current = anon.get(reverse("powers:public_version", args=[zone_a.pk, second.pk])).content.decode()
    assert "data-in-force" in current and current.count("建筑工程施工许可") == 2

    # never a draft, never another zone's list through this zone's address, nothing that is not there
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    other = _publish(zone_b_leader, zone_b, f.DepartmentFactory(zone=zone_b))
    for zone_id, pk in (
        (zone_a.pk, draft.pk),
        (zone_a.pk, other.pk),
        (987654, first.pk),
        (zone_a.pk, 987654),
    ):
        assert anon.get(reverse("powers:public_version", args=[zone_id, pk])).status_code == 404, (
            zone_id,
            pk,
        )
    assert anon.get(f"/powers/public/{zone_a.pk}/lists/{'9' * 25}/").status_code == 404
    assert f"/lists/{draft.pk}/" not in _public(zone_a.pk)
    assert anon.get(reverse("powers:public_version", args=[zone_b.pk, other.pk])).status_code == 200


def test_superseding_is_audited_with_the_publication(zone_a, zone_a_leader):
    dept = f.DepartmentFactory(zone=zone_a)
    first = _publish(zone_a_leader, zone_a, dept)
    version = PowerList.objects.get(pk=first.pk).version
    second = _publish(zone_a_leader, zone_a, dept, on=dt.date(2020, 5, 1))
    first.refresh_from_db()
    assert first.status == ListStatus.SUPERSEDED and first.version == version + 1
    trace = AuditEvent.objects.get(object_id=str(first.pk), action=AuditAction.TRANSITION, note="被第2版替代")
    assert trace.changes["status"] == [ListStatus.PUBLISHED, ListStatus.SUPERSEDED]
    assert trace.actor == zone_a_leader and trace.zone_id == zone_a.pk
    assert AuditEvent.objects.filter(object_id=str(second.pk), note="公布权责清单").exists()
