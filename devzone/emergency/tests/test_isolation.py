"""应急保障's isolation, pages and API: the city officer reaches every zone of their city and no other city's
campaign; a zone's leader sees their own zone's needs, allocations and plans, never another zone's, and cannot
allocate; an enterprise user sees only its own rows; anonymous visitors are sent to log in."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.emergency import services
from devzone.emergency.models import Allocation, Campaign, Delivery, FirmPlan, Need
from devzone.emergency.tests.conftest import need_body, run_on, set_plan, submit
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/emergency"
JSON = "application/json"


@pytest.fixture
def world(campaign, firms, enterprise_user, zone_b_leader, city_officer):
    na = submit(enterprise_user, campaign, quantity=600)
    nb = submit(zone_b_leader, campaign, firms["b"], quantity=800, rank=1)
    run = run_on(services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk))
    aa, ab = Allocation.objects.get(need=na), Allocation.objects.get(need=nb)
    services.deliver(actor=city_officer, allocation_id=aa.pk, quantity=100, delivered_on="2020-02-04")
    firm_plan = set_plan(city_officer, campaign, firms["a"], text="协调供应", contact="王")
    other_city = f.CityFactory(name="外市", code="370200")
    other = f.user_with_role(Role.CITY_OFFICER, city=other_city, user__username="other_officer")
    return {"run": run, "aa": aa, "ab": ab, "na": na, "nb": nb, "plan": firm_plan, "other": other}


def test_city_officer_pages_and_api(world, client_for, city_officer, campaign):
    c = client_for(city_officer)
    assert c.get(reverse("emergency:home")).status_code == 200
    page = c.get(reverse("emergency:campaign", args=[campaign.pk]))
    assert page.status_code == 200
    assert "甲企业有限公司" in page.content.decode() and "乙企业有限公司" in page.content.decode()
    assert c.get(reverse("emergency:run", args=[world["run"].pk])).status_code == 200
    assert c.get(f"{API}/needs").json()["count"] == 2
    assert c.get(f"{API}/campaigns").json()["count"] == 1
    assert c.get(f"{API}/allocations").json()["count"] == 2
    assert c.get(f"{API}/deliveries").json()["count"] == 1
    assert c.get(f"{API}/plans").json()["count"] == 1
    supply = campaign.supplies.get()
    # refusals: over the stock, over the allocation — a message, nothing changed, never a 500
    r = c.post(reverse("emergency:allocate", args=[supply.pk]), {"quantity": "5"})
    assert r.status_code == 302
    r = c.post_json(f"{API}/supplies/{supply.pk}/allocate", {"quantity": 5})
    assert r.status_code == 400 and "超过可分配库存（0）" in r.json()["title"]
    r = c.post_json(f"{API}/allocations/{world['aa'].pk}/deliveries", {"quantity": 10_000})
    assert r.status_code == 400 and "超过尚未送达的分配数量" in r.json()["title"]
    r = c.post(reverse("emergency:deliver", args=[world["aa"].pk]), {"quantity": "-1"})
    assert r.status_code == 302
    assert Delivery.objects.count() == 1
    r = c.post(reverse("emergency:stock", args=[supply.pk]), {"quantity": "200"})
    assert r.status_code == 302
    r = c.post_json(f"{API}/supplies/{supply.pk}/allocate", {})
    assert r.status_code == 201 and r.json()["quantity"] == 200
    r = c.post(
        reverse("emergency:deliver", args=[world["ab"].pk]), {"quantity": "50", "delivered_on": "2020-02-05"}
    )
    assert r.status_code == 302 and Delivery.objects.count() == 2


def test_another_city_sees_nothing(world, client_for, campaign):
    c = client_for(world["other"])
    assert c.get(reverse("emergency:campaign", args=[campaign.pk])).status_code == 404
    assert c.get(reverse("emergency:run", args=[world["run"].pk])).status_code == 404
    assert c.get(reverse("emergency:home")).context["campaigns"].count() == 0
    supply = campaign.supplies.get()
    assert c.post(reverse("emergency:allocate", args=[supply.pk]), {}).status_code == 404
    assert c.post(reverse("emergency:stock", args=[supply.pk]), {"quantity": "9"}).status_code == 404
    assert c.post(reverse("emergency:deliver", args=[world["aa"].pk]), {"quantity": "1"}).status_code == 404
    assert c.post(reverse("emergency:staff_need", args=[campaign.pk]), {}).status_code == 404
    assert c.post(reverse("emergency:plan", args=[campaign.pk]), {}).status_code == 404
    for action in ("withdraw", "trim", "adjust", "reclassify"):
        url = reverse("emergency:need_action", args=[world["na"].pk, action])
        assert c.post(url, {"quantity": "1", "priority": "1"}).status_code == 404
        body = {"quantity": 1, "priority": 1}
        assert c.post_json(f"{API}/needs/{world['na'].pk}/{action}", body).status_code == 404
    for path in ("campaigns", "needs", "allocations", "deliveries", "plans"):
        assert c.get(f"{API}/{path}").json()["count"] == 0
    assert c.post_json(f"{API}/supplies/{supply.pk}/allocate", {}).status_code == 404
    assert c.post_json(f"{API}/allocations/{world['aa'].pk}/deliveries", {"quantity": 1}).status_code == 404
    body = {"campaign": campaign.pk, "supply": supply.pk, "quantity": 1, "use": "x", "priority": 1}
    assert c.post_json(f"{API}/needs", {**body, "enterprise": world["na"].enterprise_id}).status_code == 404
    plan = {"campaign": campaign.pk, "enterprise": world["na"].enterprise_id, "text": "x", "contact": "x"}
    assert c.put(f"{API}/plans", json.dumps(plan), content_type=JSON).status_code == 404
    assert Delivery.objects.count() == 1 and Need.objects.count() == 2
    assert Need.objects.get(pk=world["na"].pk).status == "active"


def test_zone_leader_own_zone_only(world, client_for, zone_a_leader, campaign, firms):
    c = client_for(zone_a_leader)
    page = c.get(reverse("emergency:campaign", args=[campaign.pk]))
    assert page.status_code == 200
    assert [n.pk for n in page.context["needs"]] == [world["na"].pk]
    assert "乙企业有限公司" not in page.content.decode()
    assert [n["id"] for n in c.get(f"{API}/needs").json()["items"]] == [world["na"].pk]
    assert [a["id"] for a in c.get(f"{API}/allocations").json()["items"]] == [world["aa"].pk]
    supply = campaign.supplies.get()
    assert c.post(reverse("emergency:allocate", args=[supply.pk]), {}).status_code == 403
    assert c.post_json(f"{API}/supplies/{supply.pk}/allocate", {}).status_code == 403
    assert c.post(reverse("emergency:deliver", args=[world["ab"].pk]), {"quantity": "1"}).status_code == 404
    assert c.post_json(f"{API}/allocations/{world['ab'].pk}/deliveries", {"quantity": 1}).status_code == 404
    # another zone's need: neither its quantity nor its class, on the page or in the API
    for action, body in (
        ("adjust", {"quantity": 900}),
        ("reclassify", {"priority": world["na"].priority_id}),
    ):
        url = reverse("emergency:need_action", args=[world["nb"].pk, action])
        assert c.post(url, {k: str(v) for k, v in body.items()}).status_code == 404
        assert c.post_json(f"{API}/needs/{world['nb'].pk}/{action}", body).status_code == 404
    nb = Need.objects.get(pk=world["nb"].pk)
    assert (nb.quantity, nb.priority_id) == (800, world["nb"].priority_id)
    r = c.post(reverse("emergency:deliver", args=[world["aa"].pk]), {"quantity": "20"})
    assert r.status_code == 302 and Delivery.objects.count() == 2
    # a need for the other zone's firm, by credit code: not found, nothing written
    form = {
        "need-credit_code": firms["b"].credit_code,
        "need-supply": supply.pk,
        "need-quantity": "5",
        "need-use": "防护",
        "need-priority": campaign.classes.get(rank=1).pk,
    }
    r = c.post(reverse("emergency:staff_need", args=[campaign.pk]), form, follow=True)
    assert "您管辖范围内没有该统一社会信用代码的企业" in r.content.decode()
    assert Need.objects.count() == 2
    form["need-credit_code"] = firms["a"].credit_code
    c.post(reverse("emergency:staff_need", args=[campaign.pk]), form)
    assert Need.objects.count() == 3
    plan = {
        "plan-credit_code": firms["a"].credit_code,
        "plan-text": "复工指导",
        "plan-contact": "李",
        "plan-status": "done",
    }
    assert c.post(reverse("emergency:plan", args=[campaign.pk]), plan).status_code == 302
    world["plan"].refresh_from_db()
    assert world["plan"].status == "done"
    body = {"campaign": campaign.pk, "enterprise": firms["b"].pk, "text": "x", "contact": "x"}
    assert c.put(f"{API}/plans", json.dumps(body), content_type=JSON).status_code == 404


def test_enterprise_sees_its_own_rows_only(world, client_for, enterprise_user, campaign, firms):
    c = client_for(enterprise_user)
    assert c.get(reverse("emergency:home")).status_code == 302
    page = c.get(reverse("emergency:mine"))
    assert page.status_code == 200
    assert [n.pk for n in page.context["needs"]] == [world["na"].pk]
    assert [p.pk for p in page.context["plans"]] == [world["plan"].pk]
    assert c.get(reverse("emergency:campaign", args=[campaign.pk])).status_code == 404
    assert c.get(reverse("emergency:run", args=[world["run"].pk])).status_code == 404
    assert c.get(reverse("emergency:my_need", args=[campaign.pk])).status_code == 200
    assert c.get(reverse("emergency:my_need", args=[campaign.pk + 99])).status_code == 404
    assert [a["id"] for a in c.get(f"{API}/allocations").json()["items"]] == [world["aa"].pk]
    assert c.get(f"{API}/deliveries").json()["count"] == 1
    assert c.get(f"{API}/campaigns").json()["count"] == 1
    assert c.post_json(f"{API}/allocations/{world['aa'].pk}/deliveries", {"quantity": 1}).status_code == 403
    supply = campaign.supplies.get()
    assert (
        c.post_json(f"{API}/supplies/{supply.pk}/allocate", {}).status_code == 403
    )  # its role, whatever the id
    body = {
        "campaign": campaign.pk,
        "supply": supply.pk,
        "quantity": 0,
        "use": "x",
        "priority": campaign.classes.get(rank=1).pk,
    }
    r = c.post_json(f"{API}/needs", body)
    assert r.status_code == 422 and "quantity" in r.json()["errors"]  # the schema publishes 1 or more
    body["quantity"] = 30
    r = c.post_json(f"{API}/needs", {**body, "enterprise": firms["b"].pk})  # its own firm, whatever it names
    assert r.status_code == 201 and r.json()["enterprise"] == firms["a"].pk
    form = {
        f"c{campaign.pk}-supply": supply.pk,
        f"c{campaign.pk}-quantity": "-3",
        f"c{campaign.pk}-use": "防护",
        f"c{campaign.pk}-priority": campaign.classes.get(rank=1).pk,
    }
    r = c.post(reverse("emergency:my_need", args=[campaign.pk]), form)
    assert r.status_code == 200 and "数量须大于0" in r.content.decode()


def test_anonymous_sent_to_log_in(world, client, campaign):
    for url in (
        reverse("emergency:home"),
        reverse("emergency:mine"),
        reverse("emergency:campaign", args=[campaign.pk]),
    ):
        r = client.get(url)
        assert r.status_code == 302 and "login" in r["Location"]
    assert client.get(f"{API}/needs").status_code == 401


def test_two_editors_of_a_plan_do_not_overwrite_each_other(
    world, client_for, zone_a_leader, city_officer, firms
):
    """The plan's form on the page carries the version it shows: a save over a newer one is refused."""
    campaign, plan = world["plan"].campaign, world["plan"]
    url = reverse("emergency:plan", args=[campaign.pk])
    first, second = client_for(city_officer), client_for(zone_a_leader)
    form = {
        "plan-credit_code": firms["a"].credit_code,
        "plan-contact": "王",
        "plan-status": "active",
        "plan-version": plan.version,
    }
    assert first.post(url, {**form, "plan-text": "协调供应与物流"}).status_code == 302
    r = second.post(url, {**form, "plan-text": "复工指导"}, follow=True)
    assert "刚被他人修改" in r.content.decode()
    # the form for a new plan saw none: it does not replace the firm's plan either
    second.post(url, {**form, "plan-text": "复工指导", "plan-version": 0})
    assert FirmPlan.objects.get().text == "协调供应与物流"
    page = second.get(reverse("emergency:campaign", args=[campaign.pk]))
    assert page.context["plan_forms"][plan.pk]["version"].value() == plan.version + 1


def test_the_run_page_shows_a_zone_its_own_claims_and_one_line_for_the_rest(
    world, client_for, zone_a_leader, city_officer
):
    url = reverse("emergency:run", args=[world["run"].pk])
    page = client_for(zone_a_leader).get(url)
    assert [x["need"] for x in page.context["rows"]] == [world["na"].pk]
    assert page.context["others"] == {"needs": 1, "open": 800, "got": 400}
    claims = page.content.decode().split('data-testid="claims"')[1]
    assert "乙企业有限公司" not in claims and f"<td>{world['nb'].pk}</td>" not in claims
    page = client_for(city_officer).get(url)
    assert [x["need"] for x in page.context["rows"]] == [world["na"].pk, world["nb"].pk]
    assert page.context["others"] is None


def test_the_city_closes_a_campaign_on_its_page_and_in_the_api(
    world, client_for, city_officer, zone_a_leader, enterprise_user, campaign
):
    """The 结束行动 button and ``POST campaigns/{id}/close`` call one service: a zone's staff may not (403),
    another city and an enterprise do not reach the campaign (404), a stale version is 409."""
    page = reverse("emergency:campaign_action", args=[campaign.pk, "close"])
    api = f"{API}/campaigns/{campaign.pk}/close"
    version = campaign.version
    assert client_for(zone_a_leader).post(page, {"version": version}).status_code == 403
    assert client_for(zone_a_leader).post_json(api, {"version": version}).status_code == 403
    assert client_for(world["other"]).post(page, {"version": version}).status_code == 404
    assert client_for(world["other"]).post_json(api, {}).status_code == 404
    assert client_for(enterprise_user).post(page, {}).status_code == 404
    assert client_for(enterprise_user).post_json(api, {}).status_code == 404
    c = client_for(city_officer)
    assert c.get(page).status_code == 405
    assert c.post(reverse("emergency:campaign_action", args=[campaign.pk, "open"]), {}).status_code == 404
    shown = c.get(reverse("emergency:campaign", args=[campaign.pk])).content.decode()
    assert 'data-testid="campaign-close"' in shown
    r = c.post_json(api, {"version": version + 1, "ends_on": "2020-03-01"})
    assert r.status_code == 409
    r = c.post(page, {"version": version, "ends_on": "2020-03-01"}, follow=True)
    assert "行动已结束" in r.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == "closed" and str(campaign.ends_on) == "2020-03-01"
    assert 'data-testid="campaign-close"' not in r.content.decode()
    assert 'data-testid="staff-need"' not in r.content.decode()
    assert f'data-testid="allocate-{campaign.supplies.get().pk}"' not in r.content.decode()
    r = c.post_json(api, {})
    assert r.status_code == 400 and "当前状态为“已结束”" in r.json()["title"]
    # the enterprise no longer finds it to submit to, and the API says why a need is refused
    e = client_for(enterprise_user)
    assert e.get(reverse("emergency:my_need", args=[campaign.pk])).status_code == 404
    assert e.get(f"{API}/campaigns").json()["count"] == 0
    body = need_body(campaign, quantity=3, use="防护")
    r = e.post_json(f"{API}/needs", body)
    assert r.status_code == 400 and "该行动已于2020年3月1日结束，不能再填报需求" in r.json()["title"]
    got = c.get(f"{API}/campaigns").json()["items"][0]
    assert (got["status"], got["ends_on"]) == ("closed", "2020-03-01")


def test_only_the_city_starts_a_campaign_and_only_in_its_own_zones(
    world, client, client_for, city_officer, zone_a_leader, zone_b_leader, sysadmin, enterprise_user, zone_a
):
    """发起行动 (the page and ``POST campaigns``, one service): a zone's leader — of this zone or another —, an
    administrator and an enterprise may not (403, and no button); another city's officer is not offered this
    city's zone on the page and does not find it in the API (404); nothing is written until the city's officer
    starts it."""
    page, api = reverse("emergency:campaign_new"), f"{API}/campaigns"
    body = {
        "name": "汛期保障",
        "kind": "flood",
        "zone": zone_a.pk,
        "classes": [{"name": "全部企业"}],
        "supplies": [{"name": "沙袋"}],
    }
    form = {
        "name": "汛期保障",
        "kind": "flood",
        "zone": zone_a.pk,
        "classes.0.name": "全部企业",
        "supplies.0.name": "沙袋",
    }
    for user in (zone_a_leader, zone_b_leader, sysadmin, enterprise_user):
        c = client_for(user)
        if user != enterprise_user:  # an enterprise's home is its own page
            assert 'data-testid="campaign-new"' not in c.get(reverse("emergency:home")).content.decode()
        assert c.get(page).status_code == 403
        assert c.post(page, form).status_code == 403
        assert c.post_json(api, body).status_code == 403
    other = client_for(world["other"])
    r = other.post(page, form)
    assert r.status_code == 200 and list(r.context["form"].errors) == ["zone"]
    assert zone_a.name not in r.content.decode()
    assert other.post_json(api, body).status_code == 404
    r = client.get(page)
    assert r.status_code == 302 and "login" in r["Location"]
    assert client.post_json(api, body).status_code == 401
    assert Campaign.objects.count() == 1  # the world's
    c = client_for(city_officer)
    r = c.post(page, form)
    assert r.status_code == 302 and Campaign.objects.get(name="汛期保障").zone == zone_a
    r = c.post_json(api, {**body, "name": "汛期保障（二期）", "zone": None})
    assert r.status_code == 201 and r.json()["zone"] is None
    # the other city does not see this city's new campaigns
    assert other.get(f"{API}/campaigns").json()["count"] == 0
