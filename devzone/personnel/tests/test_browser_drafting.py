"""Starting a recruitment and a competition in Debian's Chromium: the city's personnel officer drafts a campaign
(the window in Beijing time), adds an opening on the draft's page, is refused a second opening with the same code
(the form kept), publishes, and the campaign is on the public portal; a zone leader puts two posts up for
competition, enters an application by 工号 and records and assesses a term target on the person's page. Any
console error, JavaScript error or CSP violation fails the test. Screenshots: ``screenshots/personnel-draft-*``."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Rank, Role
from devzone.personnel.models import CompetitionEntry, RecruitmentCampaign, TermTarget
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.browser import assert_no_trouble

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("personnel-draft")
NEXT_YEAR = dt.date.today().year + 1


@pytest.fixture
def world(transactional_db):
    city = f.CityFactory(name="济南市", code="370100")
    zone = f.ZoneFactory(city=city, name="济南济北经济开发区", short_name="济北经济开发区")
    dept = f.DepartmentFactory(zone=zone, name="投资促进部")
    f.PostFactory(zone=zone, department=dept, name="部长", rank=Rank.SECTION_CHIEF)
    f.PostFactory(zone=zone, department=dept, name="副部长", rank=Rank.DEPUTY_SECTION)
    staff = f.StaffFactory(
        zone=zone, department=dept, name="周敏", employee_no="JB0101", rank=Rank.DEPUTY_SECTION
    )
    f.user_with_role(Role.CITY_OFFICER, city=city, user__username="city", display_name="市人事处王琳")
    f.user_with_role(Role.ZONE_LEADER, zone=zone, user__username="leader", display_name="济北主任")
    return {"zone": zone, "staff": staff}


def test_the_city_drafts_and_publishes_and_a_zone_opens_a_competition(person, world):
    city = person("city")
    city.log_in("city", "市人事处王琳")
    city.page.get_by_role("link", name="人事", exact=True).first.click()
    city.page.get_by_role("link", name="新建招聘公告").click()
    city.page.get_by_label("公告名称").fill(f"{NEXT_YEAR}年开发区专业人才公开招聘")
    city.page.get_by_label("报名开始（北京时间）").fill(f"{NEXT_YEAR}-03-01T09:00")
    city.page.get_by_label("报名截止（北京时间）").fill(f"{NEXT_YEAR}-03-10T17:00")
    city.page.get_by_label("笔试成绩占比（%）").fill("60")
    # what 暂行规定第十三条 asks the announcement to state before it is published: its text and the exam's date
    city.page.get_by_label("笔试日期").fill(f"{NEXT_YEAR}-04-11")
    city.page.get_by_label("公告正文").fill(
        "招聘单位情况、岗位及条件、招聘办法、考试时间和报名方法详见本公告。"
    )
    city.page.get_by_role("button", name="保存草稿").click()
    city.expect_message("招聘公告草稿已保存")
    expect(city.page.get_by_text(f"{NEXT_YEAR}年3月1日 09:00")).to_be_visible()  # Beijing time, as entered
    opening = city.page.get_by_test_id("opening-form")
    opening.get_by_label("开发区").select_option(label="济南济北经济开发区")
    opening.get_by_label("岗位代码").fill("A01")
    opening.get_by_label("岗位名称").fill("招商专员")
    opening.get_by_label("学历要求").select_option(label="硕士研究生")
    opening.get_by_label("年龄上限").fill("35")
    opening.get_by_role("button", name="添加岗位").click()
    city.expect_message("已添加招聘岗位 A01 招商专员")
    opening = city.page.get_by_test_id("opening-form")
    opening.get_by_label("开发区").select_option(label="济南济北经济开发区")
    opening.get_by_label("岗位代码").fill("A01")
    opening.get_by_label("岗位名称").fill("项目专员")
    opening.get_by_role("button", name="添加岗位").click()
    expect(city.page.get_by_test_id("opening-form").get_by_label("岗位名称")).to_have_value("项目专员")
    city.shot("opening-refused")
    city.page.get_by_role("button", name="发布公告").click()
    city.expect_message("公告已发布")
    expect(city.page.get_by_test_id("opening-form")).to_have_count(0)
    campaign = RecruitmentCampaign.objects.get()
    assert (campaign.status, campaign.openings.count()) == ("published", 1)
    visitor = person("visitor")
    visitor.goto("/personnel/portal/")
    expect(visitor.page.get_by_text(campaign.title).first).to_be_visible()

    leader = person("leader")
    leader.log_in("leader", "济北主任")
    leader.goto("/personnel/competitions/")
    leader.page.get_by_role("link", name="发起竞聘").click()
    leader.page.get_by_label("名称", exact=True).fill("中层岗位竞聘")
    leader.page.get_by_label("竞聘岗位1").select_option(label="投资促进部·部长（正科级）")
    # 逐级晋升: a 正科 post is opened to 副科级 at the lowest (``PromotionRule``)
    leader.page.locator('[name="posts.0.min_rank"]').select_option("deputy_section")
    leader.page.get_by_label("竞聘岗位2").select_option(label="投资促进部·副部长（副科级）")
    leader.page.get_by_role("button", name="发布竞聘").click()
    leader.expect_message("已发布竞聘")
    entry = leader.page.get_by_test_id("entry-form")
    entry.get_by_label("工号").fill("JB0101")
    entry.get_by_label("竞聘岗位").select_option(label="投资促进部·部长")
    entry.get_by_role("button", name="登记报名").click()
    leader.expect_message("已登记周敏的报名")
    leader.shot("competition")
    assert CompetitionEntry.objects.get().staff == world["staff"]

    leader.page.get_by_role("link", name="周敏").click()
    target = leader.page.get_by_test_id("target-form")
    target.get_by_label("聘期届满").fill(f"{NEXT_YEAR}-12-31")
    target.get_by_label("聘期目标").fill("引进亿元以上项目2个")
    target.get_by_role("button", name="登记").click()
    leader.expect_message("已登记周敏的聘期目标")
    row = leader.page.get_by_test_id("staff-targets")
    row.get_by_label("未完成").check()
    row.get_by_placeholder("考核意见").fill("仅引进1个")
    row.get_by_role("button", name="考核").click()
    leader.expect_message("已考核周敏的聘期目标：未完成")
    leader.shot("person")
    assert TermTarget.objects.get().met is False
    assert_no_trouble([city, visitor, leader])
