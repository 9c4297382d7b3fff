"""市级统筹 in Debian's Chromium: the city officer sets 济北's industry plan on the page (临港's, set before,
courts one of the same industries: the page shows the overlap and draws the chain map), writes the city's scheme,
scores both zones and publishes; 济北's leader then reads their zone's result and only theirs. Any console error,
JavaScript error or CSP violation fails the test. Screenshots: ``screenshots/planning-*.png``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.planning import services
from devzone.planning.models import Assessment
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.browser import assert_no_trouble

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("planning")


@pytest.fixture
def world(transactional_db):
    jibei = browser.jibei_zone()
    linggang = f.ZoneFactory(city=jibei.city, name="济南临港经济开发区", short_name="临港经开区")
    officer = f.user_with_role(
        Role.CITY_OFFICER, city=jibei.city, user__username="city", display_name="市投促局"
    )
    f.user_with_role(Role.ZONE_LEADER, zone=jibei, user__username="leader", display_name="济北主任")
    services.plan_set(
        actor=officer, zone_id=linggang.pk, start_year=2026, end_year=2028, industries=["34", "38"]
    )
    return {"jibei": jibei, "linggang": linggang}


def test_city_officer_plans_and_scores_zone_leader_reads(world, person):
    city = person("city")
    city.log_in("city", "市投促局")
    city.goto("/planning/")
    expect(city.page.get_by_test_id("overlaps")).to_contain_text("尚未制定产业规划")
    city.page.get_by_test_id(f"plan-edit-{world['jibei'].pk}").click()
    city.page.get_by_label("起始年度").fill("2026")
    city.page.get_by_label("截止年度").fill("2028")
    city.page.get_by_label("主导产业（GB/T 4754 代码）").fill("14 34 39 40")
    city.page.get_by_test_id("plan-save").click()
    expect(city.page.get_by_test_id("plan-form")).to_contain_text("主导产业须为2–3个")
    city.page.get_by_label("主导产业（GB/T 4754 代码）").fill("14 34")
    city.page.get_by_label("年度任务").fill("2026 output 120000 经济发展部 30000\n2026 firms 12 企业服务部 3")
    city.page.get_by_test_id("plan-save").click()
    city.expect_message("产业规划已保存")
    expect(city.page.get_by_test_id("overlaps")).to_contain_text("34 通用设备制造业")
    expect(city.page.get_by_test_id("targets")).to_contain_text("经济发展部")
    expect(city.page.locator("[data-testid=chain-chart] canvas")).to_have_count(1)
    city.shot("home")

    city.page.get_by_test_id("scheme-new").click()
    city.page.get_by_label("年度").fill("2026")
    city.page.get_by_label("开发区类别").select_option("provincial")
    city.page.get_by_label("名称").fill("2026年度省级开发区考核")
    city.page.get_by_label("满分季度奖金池（元）").fill("3000000")
    city.page.get_by_label("考核指标").fill("招商签约项目|40|10|contracts\n亩均税收|50|30|entered")
    city.page.get_by_test_id("scheme-save").click()
    expect(city.page.get_by_test_id("scheme-form")).to_contain_text("合计为100%")
    city.page.get_by_label("考核指标").fill("招商签约项目|40|10|contracts\n亩均税收|60|30|entered")
    city.page.get_by_test_id("scheme-save").click()
    city.expect_message("考核方案已保存")
    for zone, value in ((world["jibei"], "30"), (world["linggang"], "15")):
        form = city.page.get_by_test_id(f"score-{zone.pk}")
        form.get_by_label("亩均税收").fill(value)
        form.get_by_label("佐证").fill("市税务局核定表")
        form.get_by_role("button", name="计算得分").click()
        city.expect_message("得分")
    city.page.get_by_test_id("publish").get_by_role("button").click()
    city.expect_message("已公布2个开发区的考核结果")
    expect(city.page.get_by_test_id("scores")).to_contain_text("60.00")
    city.shot("scheme")
    a = Assessment.objects.get(zone=world["jibei"])
    assert (a.score, a.rank, a.pool_fen) == (60, 1, 180_000_000)

    leader = person("leader")
    leader.log_in("leader", "济北主任")
    leader.goto("/planning/")
    results = leader.page.get_by_test_id("results")
    expect(results).to_contain_text("济北经济开发区")
    expect(results).to_contain_text("180万元")  # the pool in 万元, for each quarter of the year
    expect(results).not_to_contain_text("临港")
    expect(leader.page.get_by_test_id("plan-edit-" + str(world["jibei"].pk))).to_have_count(0)
    leader.shot("leader")
    assert_no_trouble(person.people)
