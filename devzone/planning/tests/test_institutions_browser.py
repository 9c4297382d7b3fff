"""机构改革 in Debian's Chromium over the demo city: the city officer opens the city page (109 → 64, −41.3 %
beside the printed 42 %, the 26.3-point rise, Laiwu's merge), sets up a body in 济北 and abolishes it, and is
refused a park contract that ends before it starts; 济北's leader reads their own zone only. Any console error,
JavaScript error or CSP violation fails the test. Screenshots: ``screenshots/institutions-*.png``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.planning.models import InternalBody, Park
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.browser import assert_no_trouble

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("institutions")


@pytest.fixture
def world(transactional_db):
    from devzone.core.demo import loader

    demo = loader.load(2019, steps=("institutions",))
    f.user_with_role(Role.CITY_OFFICER, city=demo["city"], user__username="officer", display_name="市委编办")
    jibei = demo["zones"]["济北经济开发区"]
    f.user_with_role(Role.ZONE_LEADER, zone=jibei, user__username="chief", display_name="济北主任甲")
    return {"jibei": jibei, "steel": demo["zones"]["钢铁经开区"]}


def abolish(person, body, on: str, document: str) -> None:
    """Open the body's row and post its abolish form."""
    person.page.get_by_test_id(f"body-{body.pk}").locator("summary").click()
    form = person.page.get_by_test_id(f"abolish-{body.pk}")
    form.get_by_label("日期").fill(on)
    form.get_by_label("文号").fill(document)
    form.get_by_role("button").click()


def test_city_officer_reads_counts_and_edits(world, person):
    city = person("officer")
    city.log_in("officer", "市委编办")
    city.goto("/planning/")
    city.page.get_by_test_id("institutions-link").click()
    expect(city.page.get_by_test_id("city-totals")).to_contain_text("109 → 64")
    expect(city.page.get_by_test_id("change")).to_have_text("-41.3%")
    expect(city.page.get_by_test_id("city-totals")).to_contain_text("42%")
    expect(city.page.get_by_test_id("rise")).to_have_text("26.3")
    expect(city.page.get_by_test_id("merges")).to_contain_text("原莱芜经济开发区")
    city.shot("city")

    city.page.get_by_role("link", name="济北经济开发区").click()
    form = city.page.get_by_test_id("body-form")
    form.get_by_label("机构名称").fill("数字经济部")
    form.get_by_label("职能类别").select_option("service")
    form.get_by_label("人员数").fill("6")
    form.get_by_label("设立日期").fill("2023-03-01")
    form.get_by_label("设立文号").fill("济北管发〔2023〕5号")
    form.get_by_role("button").click()
    city.expect_message("已设立数字经济部")
    body = InternalBody.objects.get(zone=world["jibei"], name="数字经济部")
    abolish(city, body, "2023-01-01", "济北管发〔2023〕9号")
    city.expect_message("须晚于设立日期")
    assert InternalBody.objects.get(pk=body.pk).ended_on is None
    abolish(city, body, "2024-12-31", "济北管发〔2024〕9号")
    city.expect_message("已撤销数字经济部")
    expect(city.page.get_by_test_id("bodies")).to_contain_text("济北管发〔2024〕9号")
    city.shot("zone")

    city.goto("/planning/companies/")
    expect(city.page.get_by_test_id("parties")).to_contain_text("山钢股份")
    expect(city.page.get_by_test_id("parties")).to_contain_text("钢城区人民政府")
    park = city.page.get_by_test_id("park-form")
    park.get_by_label("开发区").select_option(str(world["steel"].pk))
    park.get_by_label("园区名称").fill("精品钢材产业园")
    park.get_by_label("运营企业").fill("山钢股份")
    park.get_by_label("合同起始日期").fill("2030-01-01")
    park.get_by_label("合同截止日期").fill("2020-01-01")
    park.get_by_role("button", name="保存").click()
    expect(city.page.get_by_test_id("park-form")).to_contain_text("合同截止日期须晚于起始日期")
    assert not Park.objects.filter(name="精品钢材产业园").exists()
    city.page.get_by_test_id("park-form").get_by_label("合同截止日期").fill("2039-12-31")
    city.page.get_by_test_id("park-form").get_by_role("button", name="保存").click()
    city.expect_message("已保存：精品钢材产业园")
    city.shot("companies")
    assert_no_trouble([city])

    leader = person("chief")
    leader.log_in("chief", "济北主任甲")
    leader.goto("/planning/institutions/")
    expect(leader.page.get_by_test_id("zones")).to_contain_text("济北经济开发区")
    expect(leader.page.get_by_test_id("zones")).not_to_contain_text("钢铁经开区")
    expect(leader.page.get_by_test_id("change")).to_have_text("-41.2%")  # 17 → 10
    assert_no_trouble([leader])
    response = leader.page.goto(leader.url(f"/planning/institutions/{world['steel'].pk}/"))
    assert response.status == 404  # another zone's bodies
