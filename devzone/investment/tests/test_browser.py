"""大招商 in Debian's Chromium: an officer of the 长三角 team logs the fair they worked, registers a firm met there,
moves it through the funnel (of, by the form, one stage skipped with its date), signs the contract; the
leaderboard and the funnel count it, and the project appears in the zone's project list, handed to the build
phase. The zone's leader then sees the same figures.

The zone, its team and the people are built with the ORM and committed (``live_server``); everything after
that happens on the real pages. Console errors, uncaught JavaScript errors and CSP violations fail the test.
Screenshots go to ``screenshots/investment-*.png`` (gitignored)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.core.models import Project
from devzone.investment.models import Contract, Lead, TeamMember
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.browser import assert_no_trouble
from devzone.testing.investment import browser_team, pearl_team, real_today  # noqa: F401  (the real day)

pytestmark = browser.MARKS

FIRM = "上海味源食品科技有限公司"

# The shared live-server machinery (devzone/testing/browser.py): Chromium, one browser context per person.
chromium, person, person_class = browser.fixtures_for("investment")
Person = browser.Person


@pytest.fixture
def world(transactional_db):
    team = browser_team()
    zone = team.zone
    pearl_team(zone)
    staff = f.StaffFactory(zone=zone, name="陈招商")
    TeamMember.objects.create(zone=zone, team=team, staff=staff, capacity=30)
    officer = f.staff_user(Role.INVESTMENT_OFFICER, staff, "zhaoshang")
    leader = f.user_with_role(Role.ZONE_LEADER, zone=zone, user__username="zhuren", display_name="管委会主任")
    return {"zone": zone, "team": team, "officer": officer, "leader": leader}


def move(officer: Person, target: str, **skipped) -> None:
    form = officer.page.locator("form[data-action=move]")
    form.get_by_label("推进到").select_option(label=target)
    for label, day in skipped.items():
        form.get_by_label(f"“{label}”日期（被跳过时）").fill(day)
    form.get_by_role("button", name="推进").click()
    officer.expect_message("阶段已推进")
    expect(officer.page.locator("h2.page-title [data-stage]")).to_have_text(target)


def test_an_officer_takes_a_firm_met_at_a_fair_to_a_signed_project(world, person, chromium):
    _browser, people = chromium
    today = timezone.localdate()
    officer = person("officer")
    officer.log_in("zhaoshang", "陈招商")
    log_the_fair(officer, today)
    register_a_firm_met_there(officer)
    register_it_again_and_be_shown_the_first(officer)
    move_it_through_the_funnel(officer, today)
    sign_the_contract(officer)
    see_it_counted_on_the_leaderboard_and_funnel(officer, today)
    leader = person("leader")
    leader.log_in("zhuren", "管委会主任")
    see_the_project_and_the_figures(leader, today)

    lead = Lead.objects.get(company_name=FIRM)
    contract = Contract.objects.get(lead=lead)
    assert lead.stage == "signed" and lead.invited_on == today and lead.aware_on == today
    assert Project.objects.get(pk=contract.project_id).zone == world["zone"]
    assert lead.activities.filter(title="长三角食品产业招商推介会").exists()
    assert_no_trouble(people)


def log_the_fair(officer: Person, today) -> None:
    """The fair, on the activity calendar."""
    officer.goto("/investment/")
    expect(officer.page).to_have_url(re.compile(r"/investment/leads/$"))
    officer.page.locator(".module-nav").get_by_role("link", name="活动日历").click()
    officer.page.get_by_role("link", name="登记活动").click()
    officer.page.get_by_label("类型").select_option(label="展会")
    officer.page.get_by_label("标题").fill("长三角食品产业招商推介会")
    officer.page.get_by_label("小分队").select_option(label="长三角小分队")
    officer.page.get_by_label("日期", exact=True).fill(today.isoformat())
    officer.page.get_by_label("地点").fill("上海国家会展中心")
    officer.page.get_by_role("button", name="保存").click()
    officer.expect_message("已登记活动")


def register_a_firm_met_there(officer: Person) -> None:
    """A firm met at the fair, registered from the activity's page (its source is the fair)."""
    officer.page.get_by_role("link", name="登记在此结识的线索").click()
    expect(officer.page.get_by_label("来源")).to_have_value("fair")
    officer.page.get_by_label("企业名称").fill(FIRM)
    officer.page.get_by_label("统一社会信用代码").fill(f.credit_code_for(778899))
    officer.page.get_by_label("行业（GB/T 4754大类）").select_option(label="14 食品制造业")
    officer.page.get_by_label("意向投资额（万元）").fill("120000")
    officer.page.get_by_label("小分队").select_option(label="长三角小分队")
    officer.page.get_by_label("当前阶段").select_option(label="了解")
    officer.shot("01-new-lead")
    officer.page.get_by_role("button", name="保存").click()
    officer.expect_message("已登记线索")
    expect(officer.page.locator("[data-fit=yes]")).to_be_visible()
    expect(officer.page.locator(".lead-timeline")).to_contain_text("登记线索")


def register_it_again_and_be_shown_the_first(officer: Person) -> None:
    """A second registration of the same firm is shown the first, which the officer opens."""
    officer.goto("/investment/leads/new/")
    officer.page.get_by_label("企业名称").fill("上海 味源食品科技（有限公司）")
    officer.page.get_by_label("行业（GB/T 4754大类）").select_option(label="14 食品制造业")
    officer.page.get_by_label("小分队").select_option(label="长三角小分队")
    officer.page.get_by_role("button", name="保存").click()
    expect(officer.page.locator("[data-duplicate]")).to_contain_text(FIRM)
    officer.page.get_by_role("link", name=FIRM).click()


def move_it_through_the_funnel(officer: Person, today) -> None:
    """One step, a jump refused without a date, the jump with it."""
    move(officer, "关注")
    form = officer.page.locator("form[data-action=move]")
    form.get_by_label("推进到").select_option(label="洽谈")
    form.get_by_role("button", name="推进").click()
    expect(officer.page.get_by_role("alert").filter(has_text="须填写被跳过阶段")).to_be_visible()
    move(officer, "洽谈", **{"请进（考察）": today.isoformat()})
    officer.shot("02-negotiating")


def sign_the_contract(officer: Person) -> None:
    officer.page.get_by_role("link", name="登记签约").click()
    officer.page.get_by_label("项目名称").fill("味源食品华北生产基地项目")
    officer.page.get_by_label("合同投资额（万元）").fill("120000")
    officer.page.get_by_label("计划用地（亩）").fill("200")
    officer.page.get_by_role("button", name="签约").click()
    officer.expect_message("已签约")
    expect(officer.page.locator("main, body")).to_contain_text("600 万元/亩")
    officer.shot("03-contract")


def see_it_counted_on_the_leaderboard_and_funnel(officer: Person, today) -> None:
    officer.goto(f"/investment/leaderboard/?period=month&on={today.isoformat()}")
    row = officer.page.locator("tr[data-row='长三角小分队']")
    expect(row.locator("[data-signed]")).to_have_text("1")
    expect(row.locator("[data-investment]")).to_have_text("12亿元")  # money as it reads everywhere (wan)
    expect(officer.page.locator("table[data-table=leaderboard] tbody tr").first).to_have_attribute(
        "data-row", "长三角小分队"
    )
    officer.shot("04-leaderboard")
    officer.goto("/investment/funnel/")
    expect(officer.page.locator("tr[data-stage=signed] [data-reached]")).to_have_text("1")
    expect(officer.page.locator("tr[data-stage=invited] [data-reached]")).to_have_text("1")
    expect(officer.page.locator("canvas")).to_be_visible()  # the ECharts funnel drew
    officer.shot("05-funnel")


def see_the_project_and_the_figures(leader: Person, today) -> None:
    """The zone's leader finds the project in the zone's project list and the signing in the figures."""
    leader.goto("/core/project/")
    expect(leader.page.get_by_role("link", name="味源食品华北生产基地项目")).to_be_visible()
    leader.goto(f"/investment/figures/?start={today.year}-01-01&end={today.isoformat()}")
    expect(leader.page.locator("[data-figure=signed]")).to_have_text("1")
    expect(leader.page.locator("[data-figure=over-10]")).to_have_text("1")
