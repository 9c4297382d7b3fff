"""公布 publishes the list its publisher read, and nothing stale: every change of a draft's powers raises its version
(the button's version, 0 included, is checked on the page and in the API); a draft whose powers name a department
abolished since, or an approval item no longer in use, is refused with each such power named, flagged on its page,
and mended there (a power's department and items are changed in the draft). An approval item's page lists only
published powers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.core.errors import ConflictError, DomainError
from devzone.core.models import AuditEvent
from devzone.powers import services
from devzone.powers.choices import ListStatus
from devzone.powers.models import Power, PowerList
from devzone.powers.tests.conftest import add_power
from devzone.testing import factories as f
from devzone.testing.approvals import ItemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]
ON = dt.date(2025, 3, 1)


def add(actor, draft, dept, name="建筑工程施工许可", items=()):
    return add_power(actor, draft, dept, name=name, accountability="逾期不决定的，依法追责", items=items)


@pytest.fixture
def dept(zone_a):
    return f.DepartmentFactory(zone=zone_a, name="行政审批部")


def test_publish_refuses_a_draft_changed_since_its_page_was_read(
    client_for, zone_a, zone_a_leader, city_officer, dept
):
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    add(zone_a_leader, draft, dept, "施工许可")
    p2 = add(zone_a_leader, draft, dept, "规划许可")
    leader = client_for(zone_a_leader)
    page = leader.get(reverse("powers:list_detail", args=[draft.pk]))
    seen = PowerList.objects.get(pk=draft.pk).version
    assert seen == 2 and f'name="version" value="{seen}"' in page.content.decode()
    services.power_remove(actor=city_officer, power=p2)  # meanwhile, on the same draft
    r = leader.post(reverse("powers:list_publish", args=[draft.pk]), {"version": seen}, follow=True)
    assert "刚被他人处理过" in r.content.decode()
    assert PowerList.objects.get(pk=draft.pk).status == ListStatus.DRAFT
    r = leader.post(reverse("powers:list_publish", args=[draft.pk]), {"version": seen + 1})
    assert PowerList.objects.get(pk=draft.pk).status == ListStatus.PUBLISHED


def test_version_0_is_checked_too_on_the_page_and_in_the_api(client_for, zone_a, zone_a_leader, dept):
    """A draft nobody changed has version 0: a page read then carries 0, which is a version like any other (it was
    taken as "not checked"); only an absent version skips the check."""
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    assert draft.version == 0
    add(zone_a_leader, draft, dept)
    leader = client_for(zone_a_leader)
    leader.post(reverse("powers:list_publish", args=[draft.pk]), {"version": 0})
    r = leader.post_json(f"/api/v1/powers/lists/{draft.pk}/publish", {"version": 0})
    assert r.status_code == 409
    assert PowerList.objects.get(pk=draft.pk).status == ListStatus.DRAFT
    with pytest.raises(ConflictError):
        services.list_publish(actor=zone_a_leader, power_list=draft, version=0)
    r = leader.post_json(f"/api/v1/powers/lists/{draft.pk}/publish", {"version": 1})
    assert r.status_code == 200 and r.json()["status"] == "published"


def test_a_new_version_does_not_publish_an_abolished_department_or_an_item_out_of_use(
    client_for, zone_a, zone_a_leader, dept
):
    """The reform abolishes internal bodies (109 → 64) and approval items go out of use; v2 copies v1's powers
    with them. 公布 refuses it naming each power; the page flags them; the leader changes the department and the
    items in the draft, and v2 is published with what exists."""
    old = f.DepartmentFactory(zone=zone_a, name="规划建设部")
    item, gone = ItemFactory(zone=zone_a, name="施工许可"), ItemFactory(zone=zone_a, name="临时占道许可")
    v1 = services.draft_open(actor=zone_a_leader, zone=zone_a)
    p1 = add(zone_a_leader, v1, old, "建筑工程施工许可", items=[item, gone])
    add(zone_a_leader, v1, dept, "规划许可")
    services.list_publish(actor=zone_a_leader, power_list=v1, on=ON)
    old.abolished_on = dt.date(2025, 6, 1)
    old.save()
    gone.is_active = False
    gone.save()
    v2 = services.draft_open(actor=zone_a_leader, zone=zone_a)
    with pytest.raises(DomainError) as e:
        services.list_publish(actor=zone_a_leader, power_list=v2, on=dt.date(2025, 7, 1))
    assert e.value.messages() == [
        "以下权力事项的实施部门已撤销或对应审批事项已停用，请修改后再公布",
        "“建筑工程施工许可”：实施部门“规划建设部”已撤销",
        f"“建筑工程施工许可”：对应审批事项“{gone.code} 临时占道许可”已停用",
    ]
    v2.refresh_from_db()
    assert v2.status == ListStatus.DRAFT
    leader = client_for(zone_a_leader)
    page = leader.get(reverse("powers:list_detail", args=[v2.pk])).content.decode()
    assert "data-stale-powers" in page and page.count("data-power-problem") == 2
    copy = v2.powers.get(name="建筑工程施工许可")
    change = reverse("powers:power_change", args=[copy.pk])
    form = leader.get(change)
    assert form.status_code == 200
    offered = form.context["form"]
    assert old not in offered.fields["department"].queryset and gone not in offered.fields["items"].queryset
    assert offered["items"].value() == [item.pk]  # the item in use kept, the other left out
    seen = offered["version"].value()  # the draft's version, carried by the form
    r = leader.post(change, {"department": old.pk, "items": [item.pk], "version": seen})
    assert r.status_code == 200 and "department" in r.context["form"].errors
    r = leader.post(change, {"department": dept.pk, "items": [item.pk], "version": seen}, follow=True)
    assert "已修改权力事项" in r.content.decode()
    copy.refresh_from_db()
    assert copy.department == dept and list(copy.items.all()) == [item]
    assert AuditEvent.objects.filter(note=str(v2), changes__has_key="department_id").exists()
    assert "data-stale-powers" not in leader.get(reverse("powers:list_detail", args=[v2.pk])).content.decode()
    v2.refresh_from_db()
    services.list_publish(actor=zone_a_leader, power_list=v2, version=v2.version, on=dt.date(2025, 7, 1))
    assert PowerList.objects.get(pk=v2.pk).status == ListStatus.PUBLISHED
    # v1 itself is not changed: what it named stays its history
    p1.refresh_from_db()
    assert p1.department == old and set(p1.items.all()) == {item, gone}


def test_a_power_is_changed_only_in_a_draft_and_within_its_zone(
    client_for, zone_a, zone_b, zone_a_leader, zone_b_leader, dept
):
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    p = add(zone_a_leader, draft, dept)
    change = reverse("powers:power_change", args=[p.pk])
    assert client_for(zone_b_leader).get(change).status_code == 404
    assert client_for(zone_b_leader).post(change, {"department": dept.pk}).status_code == 404
    with pytest.raises(DomainError) as e:
        services.power_change(actor=zone_a_leader, power=p, department=f.DepartmentFactory(zone=zone_b))
    assert e.value.errors == {"department": ["实施部门须为本开发区的部门"]}
    services.list_publish(actor=zone_a_leader, power_list=draft)
    r = client_for(zone_a_leader).get(change, follow=True)
    assert "已公布的权责清单不能修改" in r.content.decode()
    with pytest.raises(DomainError):
        services.power_change(actor=zone_a_leader, power=p, department=dept)
    assert Power.objects.get(pk=p.pk).department == dept


def test_the_items_page_lists_only_published_powers(zone_a, zone_a_leader, client_for, dept):
    """An item linked only by a draft (or a superseded version) showed the heading 行使的权力（权责清单） over an
    empty list."""
    item = ItemFactory(zone=zone_a, name="建筑工程施工许可")
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    add(zone_a_leader, draft, dept, items=[item])
    url = reverse("approvals:item_detail", args=[item.pk])
    c = client_for(zone_a_leader)
    assert "data-item-powers" not in c.get(url).content.decode()
    services.list_publish(actor=zone_a_leader, power_list=draft, on=ON)
    page = c.get(url).content.decode()
    assert "data-item-powers" in page and "建筑工程施工许可" in page.split("data-item-powers")[1]
    v2 = services.draft_open(actor=zone_a_leader, zone=zone_a)
    add(zone_a_leader, v2, dept, name="事后核查", items=[item])
    page = c.get(url).content.decode().split("data-item-powers")[1]
    assert "事后核查" not in page
    assert Power.objects.filter(items=item).count() == 3
