"""The issue's whole path in Chromium: engineer A's half (devzone/testing/projects_browser.py: the agent's
visit raises a problem → the weekly dispatch → the officer resolves it), then 好差评's half: the resolution
invites the enterprise to rate the agency service; it rates it 不满意 and a follow-up opens for 综合服务部."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.core.models import Notification
from devzone.services.models import FollowUp, Rating
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing import projects_browser as flow
from devzone.testing.browser import assert_no_trouble

chromium, person, person_class = flow.FIXTURES
world = flow.world

pytestmark = browser.MARKS


@pytest.fixture
def company(world):
    enterprise = world["project"].enterprise
    return f.user_with_role(
        Role.ENTERPRISE_USER, enterprise=enterprise, user__username="jinye", display_name="金晔办事员"
    )


def test_the_resolved_problem_leads_to_a_rating_and_a_bad_one_to_a_follow_up(
    world, company, person, chromium, tmp_path
):
    _browser, people = chromium
    flow.visit_problem_dispatch_resolve(world, person, tmp_path)
    project = world["project"]
    invite = Notification.objects.get(user=company, kind="services.rate")
    assert "请评价" in invite.title and str(project.pk) in invite.url

    enterprise = person("enterprise")
    enterprise.log_in("jinye", "金晔办事员")
    enterprise.goto("/services/")
    to_rate = enterprise.page.locator("[data-list=to-rate]")
    expect(to_rate).to_contain_text(project.name)
    to_rate.get_by_role("link", name="去评价").first.click()
    expect(enterprise.page.locator("h2.page-title")).to_have_text(f"全程代办：{project.name}")
    expect(enterprise.page.locator("body")).to_contain_text("赵代办")  # the agent who served
    enterprise.page.get_by_label("整体满意度").select_option(label="不满意")
    enterprise.page.get_by_label("评价意见").fill("供电问题拖了两周才解决")
    enterprise.page.get_by_role("button", name="提交评价").click()
    enterprise.expect_message("我们已启动整改")
    rating = Rating.objects.get(kind="agency", project=project)
    assert rating.served_by_label == "赵代办" and rating.department.name == "综合服务部"
    follow = FollowUp.objects.get(rating=rating)
    assert follow.status == "open" and follow.due_on is not None
    enterprise.page.get_by_role("link", name="查看整改").click()
    expect(enterprise.page.locator("[data-status]").first).to_have_text("待整改回访")
    assert_no_trouble(people)
