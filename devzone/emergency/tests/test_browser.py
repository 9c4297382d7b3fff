"""应急保障 in Debian's Chromium: the city officer starts a campaign on its page (a supply named twice is refused
first, beside its row), an enterprise submits its need for masks on its phone (390 px; a zero quantity is
refused first), the city officer allocates by the rule (more than the stock is refused), and records a partial
delivery; the enterprise then reads its allocation and the delivery on its phone. Any console error,
JavaScript error or CSP violation fails the test. Screenshots: ``screenshots/emergency-*.png``."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.emergency import services
from devzone.emergency.models import Allocation, Campaign, Delivery
from devzone.emergency.tests.conftest import set_plan
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.browser import assert_no_trouble

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("emergency")
PHONE = (390, 844)


@pytest.fixture
def world(transactional_db):
    jibei = browser.jibei_zone()
    officer = f.user_with_role(
        Role.CITY_OFFICER, city=jibei.city, user__username="city", display_name="市投促局"
    )
    firm = f.EnterpriseFactory(zone=jibei, name="山东旺旺食品有限公司", foreign_invested=True)
    other = f.EnterpriseFactory(zone=jibei, name="济北本地食品有限公司")
    f.user_with_role(Role.ENTERPRISE_USER, enterprise=firm, user__username="ent", display_name="旺旺行政")
    return {"officer": officer, "firm": firm, "other": other}


def start_campaign_on_its_page(city) -> Campaign:
    """The officer's 发起行动: the usual classes kept, masks in stock; a second row of masks is refused first."""
    city.goto("/emergency/")
    expect(city.page.get_by_test_id("campaigns")).to_contain_text("尚无应急保障行动")
    city.page.get_by_test_id("campaign-new").click()
    form = city.page.get_by_test_id("campaign-form")
    form.get_by_label("名称", exact=True).fill("疫情防控企业复工保障")
    form.get_by_label("类型", exact=True).select_option(label="疫情防控")
    form.get_by_label("依据", exact=True).fill("市疫情防控指挥部通知")
    expect(form.get_by_label("第1级优先级", exact=True)).to_have_value("外资企业")
    form.get_by_label("物资1名称", exact=True).fill("口罩")
    form.get_by_label("物资1现有库存", exact=True).fill("5000")
    form.get_by_label("物资2名称", exact=True).fill("口罩")
    city.shot("campaign-form")
    form.get_by_role("button", name="发起行动").click()
    form = city.page.get_by_test_id("campaign-form")
    expect(form.get_by_test_id("campaign-supplies")).to_contain_text("物资名称重复：口罩")
    expect(form.get_by_label("物资1现有库存", exact=True)).to_have_value("5000")  # what was typed is kept
    assert not Campaign.objects.exists()
    city.shot("campaign-form-refused")
    form.get_by_label("物资2名称", exact=True).fill("")
    form.get_by_role("button", name="发起行动").click()
    city.expect_message("行动已发起")
    expect(city.page.get_by_test_id("classes")).to_contain_text("外资企业")
    expect(city.page.get_by_test_id("supplies")).to_contain_text("口罩（个）")
    return Campaign.objects.get()


def test_officer_starts_enterprise_submits_officer_allocates_and_delivers(world, person):
    city = person("city")
    city.log_in("city", "市投促局")
    # today's campaign: the officer allocates now, and a delivery is never dated before its run
    c = start_campaign_on_its_page(city)
    assert (c.starts_on, c.kind, c.supplies.get().stock) == (timezone.localdate(), "epidemic", 5000)
    officer = world["officer"]
    services.need_submit(
        actor=officer,
        campaign_id=c.pk,
        supply_id=c.supplies.get().pk,
        quantity=4000,
        use="复工防护",
        priority_id=c.classes.get(name="其他企业").pk,
        enterprise_id=world["other"].pk,
    )
    set_plan(officer, c, world["firm"], contact="王科长 0531-84230000")

    ent = person("ent", viewport=PHONE)
    ent.log_in("ent", "旺旺行政")
    ent.goto("/emergency/")
    expect(ent.page.get_by_test_id("my-plans")).to_contain_text("协调原材料供应")
    ent.page.get_by_test_id(f"need-new-{c.pk}").click()
    ent.page.get_by_label("需求数量").fill("0")
    ent.page.get_by_label("用途").fill("复工员工每日防护")
    ent.page.get_by_label("优先级", exact=True).select_option(label="外资企业")
    ent.page.get_by_label("优先级佐证").fill("外商投资企业批准证书")
    ent.page.get_by_test_id("need-save").click()
    expect(ent.page.get_by_test_id("need-form")).to_contain_text("数量须大于0")
    ent.shot("need-form")
    ent.page.get_by_label("需求数量").fill("3000")
    ent.page.get_by_test_id("need-save").click()
    ent.expect_message("需求已提交")
    expect(ent.page.get_by_test_id("my-needs")).to_contain_text("口罩 3000个")
    assert ent.page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]

    city.goto("/emergency/")
    expect(city.page.get_by_test_id("campaigns")).to_contain_text("疫情防控企业复工保障")
    city.shot("home")
    city.page.get_by_test_id("campaigns").get_by_role("link").first.click()
    form = city.page.get_by_test_id(f"allocate-{c.supplies.get().pk}")
    form.get_by_label("本次分配数量").fill("6000")
    form.get_by_role("button").click()
    city.expect_message("超过可分配库存")
    form = city.page.get_by_test_id(f"allocate-{c.supplies.get().pk}")
    form.get_by_label("本次分配数量").fill("")
    form.get_by_role("button").click()
    city.expect_message("已分配5000个口罩")
    a = Allocation.objects.get(need__enterprise=world["firm"])
    assert a.quantity == 3000  # the foreign-invested class first, in full; 2000 to the others
    row = city.page.get_by_test_id(f"deliver-{a.pk}")
    row.get_by_label("送达数量").fill("1800")
    row.get_by_label("送达日期").fill(timezone.localdate().isoformat())
    row.get_by_role("button").click()
    city.expect_message("送达已登记")
    expect(city.page.get_by_test_id("masks-figure")).to_contain_text("1,800")
    city.shot("campaign")
    city.page.get_by_test_id("runs").get_by_role("link").first.click()
    expect(city.page.get_by_test_id("run")).to_contain_text("最大余额法")
    expect(city.page.get_by_test_id("run")).to_contain_text("市投促局")
    expect(city.page.get_by_test_id("claims")).to_contain_text("山东旺旺食品有限公司")
    city.shot("run")
    assert Delivery.objects.get().quantity == 1800

    ent.goto("/emergency/mine/")
    expect(ent.page.get_by_test_id("my-needs")).to_contain_text("已分配 3000个")
    expect(ent.page.get_by_test_id("my-deliveries")).to_contain_text("口罩 1800个")
    ent.shot("mine")
    assert_no_trouble(person.people)
