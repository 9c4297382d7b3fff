"""Starting a campaign (发起行动, services.campaign_start), by its page and its API: the city's officer starts one for
the city or one of its zones, with its priority classes and supplies, audited, and the zones it reaches are told;
every bad input is refused on its field (all at once, the same on the page and in the API) and changes nothing;
nobody else may start one. Who may reach which zone is in test_isolation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import AuditEvent, Notification
from devzone.core.services.zones import zone_merge
from devzone.emergency import services
from devzone.emergency.choices import CampaignStatus
from devzone.emergency.models import Campaign, PriorityClass, Supply
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/emergency/campaigns"


def start(actor, **kw):
    """The flood campaign of today, its two classes and two supplies; ``kw`` replaces any argument."""
    args = {
        "name": "汛期防汛物资保障",
        "kind": "flood",
        "classes": [{"name": "重点项目企业", "rule": "列入重点项目库"}, {"name": "其他企业"}],
        "supplies": [{"name": "沙袋", "unit": "袋", "stock": 2000}, {"name": "抽水泵", "unit": "台"}],
    }
    return services.campaign_start(actor=actor, **{**args, **kw})


def nothing_written() -> bool:
    """No campaign, class, supply, audit row or notice of one."""
    return (
        not Campaign.objects.exists()
        and PriorityClass.objects.count() == Supply.objects.count() == 0
        and not AuditEvent.objects.filter(note="应急保障行动").exists()
        and not Notification.objects.filter(kind="emergency").exists()
    )


@pytest.fixture
def agent_b(zone_b):
    return f.user_with_role(Role.AGENT, zone=zone_b, user__username="b_agent")


def test_it_starts_a_city_campaign_today_audited_and_tells_each_zones_leaders_and_agents(
    city_officer, zone_a_leader, zone_b_leader, agent_b, enterprise_user
):
    c = start(city_officer)
    assert (c.city_id, c.zone_id, c.status, c.starts_on, c.created_by) == (
        zone_a_leader.profile.zone.city_id,
        None,
        CampaignStatus.OPEN,
        timezone.localdate(),
        city_officer,
    )
    assert [(k.rank, k.name, k.rule) for k in c.classes.all()] == [
        (0, "重点项目企业", "列入重点项目库"),
        (1, "其他企业", ""),
    ]
    assert [(s.name, s.unit, s.stock, s.allocated) for s in c.supplies.all()] == [
        ("沙袋", "袋", 2000, 0),
        ("抽水泵", "台", 0, 0),
    ]
    event = AuditEvent.objects.get(action=AuditAction.CREATE, note="应急保障行动")
    assert event.object_id == str(c.pk) and event.actor == city_officer
    assert event.changes["classes"] == [None, ["重点项目企业", "其他企业"]]
    assert event.changes["supplies"] == [None, ["沙袋 2000袋", "抽水泵 0台"]]
    told = Notification.objects.filter(kind="emergency")
    assert sorted(told.values_list("user__username", "zone_id")) == [
        ("a_leader", zone_a_leader.profile.zone_id),
        ("b_agent", agent_b.profile.zone_id),
        ("b_leader", zone_b_leader.profile.zone_id),
    ]
    n = told.first()
    assert "汛期防汛物资保障" in n.title and n.url == reverse("emergency:campaign", args=[c.pk])


def test_a_zone_campaign_tells_that_zone_only_and_may_start_on_an_earlier_day(
    city_officer, zone_a, zone_a_leader, zone_b_leader
):
    """A campaign entered a few days late keeps the day it began (as a close may be dated back)."""
    c = start(city_officer, zone_id=zone_a.pk, starts_on=timezone.localdate() - dt.timedelta(days=3))
    assert c.zone == zone_a and c.starts_on == timezone.localdate() - dt.timedelta(days=3)
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["a_leader"]


def test_a_name_is_free_again_once_its_campaign_has_closed(city_officer):
    first = start(city_officer, starts_on="2024-07-01")
    services.campaign_close(actor=city_officer, campaign=first, ends_on="2024-09-30")
    again = start(city_officer)
    assert again.name == first.name and Campaign.objects.count() == 2


LATER = (timezone.localdate() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    "change,field,text",
    [
        ({"name": "  "}, "name", "请填写名称"),
        ({"name": "应" * 81}, "name", "不能超过80个字（现有81个）"),
        ({"kind": "earthquake"}, "kind", "未知的行动类型"),
        ({"starts_on": LATER}, "starts_on", "开始日期不能晚于今天"),
        ({"starts_on": "1999-12-31"}, "starts_on", "开始日期不能早于2000年1月1日"),
        ({"starts_on": "7月1日"}, "starts_on", "日期格式应为YYYY-MM-DD"),
        ({"classes": []}, "classes", "至少须有一个优先级"),
        ({"classes": [{"name": "", "rule": ""}]}, "classes", "至少须有一个优先级"),
        ({"classes": [{"name": "", "rule": "外商投资企业"}]}, "classes.0.name", "请填写优先级名称"),
        ({"classes": [{"name": f"第{i}级"} for i in range(11)]}, "classes", "优先级最多10个"),
        (
            {"classes": [{"name": "外资企业"}, {"name": "外资企业"}]},
            "classes.1.name",
            "优先级名称重复：外资企业",
        ),
        ({"supplies": []}, "supplies", "至少须有一种物资"),
        ({"supplies": [{"name": "口罩"}, {"name": "口罩"}]}, "supplies.1.name", "物资名称重复：口罩"),
        ({"supplies": [{"name": "口罩", "stock": -1}]}, "supplies.0.stock", "库存须为不小于0的整数"),
        ({"supplies": [{"name": "口罩", "stock": "一千"}]}, "supplies.0.stock", "库存须为不小于0的整数"),
        ({"supplies": [{"name": "口罩", "stock": 10**9}]}, "supplies.0.stock", "数量过大"),
        (
            {"supplies": [{"name": "口罩", "unit": "一次性医用外科口罩包装盒"}]},
            "supplies.0.unit",
            "不能超过10个字（现有12个）",
        ),
    ],
)
def test_each_bad_input_is_refused_on_its_field_and_changes_nothing(
    city_officer, zone_a_leader, change, field, text
):
    with pytest.raises(DomainError) as e:
        start(city_officer, **change)
    assert type(e.value) is DomainError and e.value.errors == {field: [text]}
    assert nothing_written()


def test_every_refusal_is_given_at_once(city_officer):
    with pytest.raises(DomainError) as e:
        start(city_officer, name="", starts_on=LATER, supplies=[{"name": "沙袋", "stock": -5}])
    assert set(e.value.errors) == {"name", "starts_on", "supplies.0.stock"}
    assert nothing_written()


def test_a_second_open_campaign_of_the_same_name_is_refused(city_officer, zone_a):
    """The same form sent twice (a double click) starts one campaign."""
    start(city_officer)
    with pytest.raises(DomainError) as e:
        start(city_officer, zone_id=zone_a.pk)
    assert e.value.errors == {"name": ["本市已有进行中的同名行动“汛期防汛物资保障”"]}
    assert Campaign.objects.count() == 1 and Supply.objects.count() == 2


def test_a_merged_zone_takes_no_campaign(city_officer, zone_a, zone_b, zone_b_leader):
    zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=dt.date(2026, 1, 1))
    with pytest.raises(DomainError) as e:
        start(city_officer, zone_id=zone_b.pk)
    assert e.value.errors == {"zone": [f"该开发区已并入{zone_a}，请为{zone_a}发起行动"]}
    assert nothing_written()


@pytest.mark.parametrize("who", ["zone_a_leader", "sysadmin", "enterprise_user", "zone_a_investment_officer"])
def test_only_the_city_starts_campaigns(request, who):
    with pytest.raises(PermissionDeniedError) as e:
        start(request.getfixturevalue(who))
    assert e.value.message == "您的角色不能发起应急保障行动"
    assert nothing_written()


def test_another_citys_zone_is_not_found(city_officer, zone_a):
    other = f.user_with_role(Role.CITY_OFFICER, city=f.CityFactory(name="外市"), user__username="other_city")
    with pytest.raises(NotFoundError):
        start(other, zone_id=zone_a.pk)
    assert nothing_written()


# --- the page and the API -------------------------------------------------------------------------------------
def form(**kw) -> dict:
    """The page's form as posted: the usual classes kept, one supply, the rest of the rows left blank."""
    data = {
        "name": "汛期防汛物资保障",
        "kind": "flood",
        "zone": "",
        "starts_on": "",
        "basis": "市防汛抗旱指挥部通知",
        "classes.0.name": "外资企业",
        "classes.0.rule": "外商投资企业（营业执照载明）",
        "classes.1.name": "重点项目企业",
        "classes.2.name": "其他企业",
        "supplies.0.name": "沙袋",
        "supplies.0.unit": "",
        "supplies.0.stock": "",
    }
    return {**data, **kw}


def test_the_city_starts_a_campaign_on_its_page(client_for, city_officer, zone_a_leader):
    c = client_for(city_officer)
    home = c.get(reverse("emergency:home")).content.decode()
    assert 'data-testid="campaign-new"' in home
    page = c.get(reverse("emergency:campaign_new"))
    assert page.status_code == 200
    assert page.context["form"]["classes.0.name"].value() == "外资企业"  # the usual classes, to be changed
    assert page.context["form"]["starts_on"].value() == timezone.localdate()
    r = c.post(
        reverse("emergency:campaign_new"), form(**{"supplies.3.name": "抽水泵", "supplies.3.unit": "台"})
    )
    started = Campaign.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("emergency:campaign", args=[started.pk])
    assert [k.name for k in started.classes.all()] == ["外资企业", "重点项目企业", "其他企业"]
    assert [(s.name, s.unit, s.stock) for s in started.supplies.all()] == [
        ("沙袋", "个", 0),
        ("抽水泵", "台", 0),
    ]
    assert (started.basis, started.starts_on) == ("市防汛抗旱指挥部通知", timezone.localdate())
    shown = c.get(r["Location"]).content.decode()
    assert "行动已发起" in shown and "汛期防汛物资保障" in shown
    assert zone_a_leader.notifications.filter(kind="emergency").exists()


def test_the_page_shows_each_refusal_beside_its_row_and_keeps_what_was_typed(client_for, city_officer):
    c = client_for(city_officer)
    data = form(**{"starts_on": LATER, "supplies.2.name": "沙袋", "supplies.4.stock": "-3"})
    r = c.post(reverse("emergency:campaign_new"), data)
    assert r.status_code == 200
    f_ = r.context["form"]
    assert f_.errors["starts_on"] == ["开始日期不能晚于今天"]
    assert f_.errors["supplies.2.name"] == ["物资名称重复：沙袋"]
    assert f_.errors["supplies.4.stock"] == ["库存须为不小于0的整数"]
    assert f_["supplies.2.name"].value() == "沙袋" and "is-invalid" in str(f_["supplies.2.name"])
    assert nothing_written()
    # every class row cleared: refused on the list, shown above the form
    cleared = {f"classes.{i}.{k}": "" for i in range(5) for k in ("name", "rule")}
    r = c.post(reverse("emergency:campaign_new"), form(**cleared))
    assert r.status_code == 200 and "至少须有一个优先级" in r.content.decode()
    assert nothing_written()


def test_the_api_starts_a_campaign_and_refuses_as_the_page_does(client_for, city_officer, zone_a):
    c = client_for(city_officer)
    body = {
        "name": "汛期防汛物资保障",
        "kind": "flood",
        "zone": zone_a.pk,
        "classes": [{"name": "重点项目企业"}, {"name": "其他企业"}],
        "supplies": [{"name": "沙袋", "stock": 2000}],
    }
    r = c.post_json(API, {**body, "starts_on": LATER, "supplies": [{"name": "沙袋"}, {"name": "沙袋"}]})
    assert r.status_code == 400
    assert r.json()["errors"] == {
        "starts_on": ["开始日期不能晚于今天"],
        "supplies.1.name": ["物资名称重复：沙袋"],
    }
    r = c.post_json(API, {**body, "classes": []})
    assert r.status_code == 422 and "classes" in r.json()["errors"]  # the schema publishes one or more
    assert nothing_written()
    r = c.post_json(API, body)
    assert r.status_code == 201
    got = r.json()
    assert (got["name"], got["kind"], got["status"], got["zone"], got["starts_on"]) == (
        "汛期防汛物资保障",
        "flood",
        "open",
        zone_a.pk,
        timezone.localdate().isoformat(),
    )
    assert [k["name"] for k in got["classes"]] == ["重点项目企业", "其他企业"]
    assert [(s["name"], s["unit"], s["stock"]) for s in got["supplies"]] == [("沙袋", "个", 2000)]
    r = c.post_json(API, body)  # sent twice
    assert r.status_code == 400 and r.json()["errors"] == {
        "name": ["本市已有进行中的同名行动“汛期防汛物资保障”"]
    }
    assert Campaign.objects.count() == 1
