"""市级统筹 in Debian's Chromium: the city officer sets 济北's industry plan on the page, its annual tasks row by
row (a row added with 添加一行, a wrong figure refused on its row, a row removed; 临港's plan, set before, courts
one of the same industries: the page shows the overlap and draws the chain map), writes the city's scheme,
scores both zones and publishes; 济北's leader then reads their zone's result and only theirs. Any console error,
JavaScript error or CSP violation fails the test. Screenshots: ``screenshots/planning-*.png``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.planning.models import Assessment, IndustryPlan
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.browser import assert_no_trouble
from devzone.testing.planning import jibei_and, plan_of

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("planning")


@pytest.fixture
def world(transactional_db):
    jibei, linggang, officer = jibei_and("济南临港经济开发区", "临港经开区")
    f.user_with_role(Role.ZONE_LEADER, zone=jibei, user__username="leader", display_name="济北主任")
    plan_of(officer, linggang, industries=["34", "38"])
    return {"jibei": jibei, "linggang": linggang}


def fill_row(row, *values) -> None:
    """A row of a row editor filled in as a person does, field by field: text boxes typed, drop-downs picked."""
    for field, value in zip(
        row.locator("input:not([type=hidden]):not(.btn-check), select").all(), values, strict=True
    ):
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)


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
    fill_row(
        city.page.get_by_test_id("plan-row-1"), "2026", "工业总产值（万元）", "120000", "30000", "经济发展部"
    )
    fill_row(city.page.get_by_test_id("plan-row-2"), "2026", "规上企业（家）", "12", "3", "企业服务部")
    # the page came with two blank rows; 添加一行 copies in a third and a fourth, the cursor in each
    for n, row in (
        (3, ("2027", "税收（万元）", "-9000", "", "财政金融部")),
        (4, ("2027", "规上企业（家）", "15", "", "企业服务部")),
    ):
        city.page.get_by_test_id("plan-add").click()
        added = city.page.get_by_test_id(f"plan-row-{n}")
        expect(added.get_by_label("年度")).to_be_focused()
        fill_row(added, *row)
    city.page.get_by_test_id("plan-save").click()
    expect(city.page.get_by_test_id("plan-form")).to_contain_text("年度任务有误")
    expect(city.page.get_by_test_id("plan-row-3")).to_contain_text("须为不小于0的数字")  # on its row
    city.page.get_by_test_id("plan-row-3").get_by_label("目标值").fill("9000")
    city.page.get_by_test_id("plan-row-2").get_by_text(
        "删除"
    ).click()  # 3 firms in 2026: not a task after all
    city.page.get_by_test_id("plan-save").click()
    city.expect_message("产业规划已保存")
    expect(city.page.get_by_test_id("overlaps")).to_contain_text("34 通用设备制造业")
    expect(city.page.get_by_test_id("targets")).to_contain_text("经济发展部")
    plan = IndustryPlan.objects.get(zone=world["jibei"])
    assert sorted(plan.targets.values_list("year", "metric")) == [
        (2026, "output"),
        (2027, "firms"),
        (2027, "tax"),
    ]
    expect(city.page.locator("[data-testid=chain-chart] canvas")).to_have_count(1)
    city.shot("home")

    city.page.get_by_test_id("scheme-new").click()
    city.page.get_by_label("年度").fill("2026")
    city.page.get_by_label("开发区类别").select_option("provincial")
    city.page.locator("#id_name").fill(  # the scheme's name (each indicator has one too)
        "2026年度省级开发区考核"
    )
    city.page.get_by_label("满分季度奖金池（元）").fill("3000000")
    fill_row(
        city.page.get_by_test_id("scheme-row-1"), "招商签约项目", "40", "10", "招商签约项目数（平台计算）"
    )
    fill_row(city.page.get_by_test_id("scheme-row-2"), "亩均税收", "50", "30", "填报（须附佐证）")
    city.page.get_by_test_id("scheme-save").click()
    expect(city.page.get_by_test_id("scheme-rows-errors")).to_contain_text("合计为100%")
    city.page.get_by_test_id("scheme-row-2").get_by_label("权重（%）").fill("60")
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
