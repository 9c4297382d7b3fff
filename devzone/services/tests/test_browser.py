"""企业服务 in Debian's Chromium: the enterprise raises a request, 综合服务部 accepts it and the officer answers,
the enterprise rates the service 不满意 → a follow-up opens → the head rectifies and calls the enterprise back
→ the enterprise rates the rectification; the rating page shows the rated officer no enterprise name.

The zone and its people are built with the ORM and committed (``live_server`` sees them); everything after
happens on the real pages, each person in a browser context of their own. Console errors, uncaught
JavaScript errors and CSP violations fail the test. Screenshots: ``screenshots/services-*.png``."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.services.choices import FollowUpStatus
from devzone.services.models import FollowUp, Rating, ServiceRequest
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.browser import assert_no_trouble

pytestmark = browser.MARKS

# The shared live-server machinery (devzone/testing/browser.py): Chromium, one browser context per person.
chromium, person, person_class = browser.fixtures_for("services")


@dataclass
class World:
    enterprise: object


@pytest.fixture
def world(transactional_db) -> World:
    zone = browser.jibei_zone()
    service = f.DepartmentFactory(zone=zone, name="综合服务部")
    f.DepartmentFactory(zone=zone, name="经济发展部")
    enterprise = f.EnterpriseFactory(
        zone=zone, name="山东旺旺食品有限公司", contact_name="王经理", contact_phone="0531-84226688"
    )
    f.user_with_role(
        Role.ENTERPRISE_USER, enterprise=enterprise, user__username="wangwang", display_name="旺旺办事员"
    )
    f.staff_user(Role.DEPARTMENT_HEAD, f.StaffFactory(zone=zone, department=service, name="赵部长"), "zhaobz")
    f.staff_user(Role.AGENT, f.StaffFactory(zone=zone, department=service, name="钱专员"), "qianzy")
    f.user_with_role(Role.ZONE_LEADER, zone=zone, user__username="zhuren", display_name="孙主任")
    return World(enterprise=enterprise)


def _the_enterprise_raises_a_request(company):
    """The enterprise raises a request; it stands 已提交."""
    company.log_in("wangwang", "旺旺办事员")
    company.goto("/services/")
    company.page.get_by_role("link", name="提出诉求").first.click()
    company.page.get_by_label("诉求类别").select_option(label="水电气暖")
    company.page.get_by_label("标题").fill("冷库用电专线")
    company.page.get_by_label("诉求内容").fill("新建冷库需要双回路供电，请协调供电公司。")
    company.shot("01-enterprise-request")
    company.page.get_by_role("button", name="提交诉求").click()
    company.expect_message("诉求已提交")
    expect(company.page.locator("[data-status]").first).to_have_text("已提交")
    return ServiceRequest.objects.get()


def _the_head_accepts_and_the_officer_answers(head, officer, req):
    """综合服务部: the head accepts and gives it to the officer, who answers."""
    head.log_in("zhaobz", "赵部长")
    head.goto("/services/")
    head.page.get_by_role("link", name="冷库用电专线").click()
    head.page.locator("[data-action=accept] select").select_option(label="钱专员")
    head.page.locator("[data-action=accept]").get_by_role("button", name="受理").click()
    head.expect_message("已受理")
    officer.log_in("qianzy", "钱专员")
    officer.goto(req.get_absolute_url())
    officer.page.locator("[data-action=answer] textarea").fill("已协调供电公司，专线将于两周后架设。")
    officer.page.locator("[data-action=answer]").get_by_role("button", name="答复").click()
    officer.expect_message("已答复")
    officer.shot("02-officer-answered")


def _the_enterprise_rates_badly(company, req):
    """The enterprise rates the service badly (a bad rating must say why); a follow-up opens for the head."""
    company.goto(req.get_absolute_url())
    expect(company.page.locator("[data-thread]")).to_contain_text("专线将于两周后架设")
    company.page.locator("[data-action=rate]").get_by_role("link", name="去评价").click()
    company.page.get_by_label("整体满意度").select_option(label="不满意")
    company.page.get_by_role("button", name="提交评价").click()
    company.expect_message("差评请写明不满意的原因")  # a bad rating must say why
    company.page.get_by_label("整体满意度").select_option(label="不满意")
    company.page.get_by_label("服务效率").select_option(label="非常不满意")
    company.page.get_by_label("评价意见").fill("两周太久，冷库下周就要试运行")
    company.shot("03-enterprise-rates")
    company.page.get_by_role("button", name="提交评价").click()
    company.expect_message("我们已启动整改")
    rating = Rating.objects.get()
    follow = FollowUp.objects.get(rating=rating)
    assert follow.status == FollowUpStatus.OPEN and follow.handler.username == "zhaobz"
    return follow, rating


def _the_rated_officer_sees_no_enterprise(officer, rating):
    """The officer rated sees the rating without the enterprise's name, nor the request's title (review C)."""
    officer.goto(rating.get_absolute_url())
    expect(officer.page.locator("h2.page-title")).to_have_text("诉求")
    expect(officer.page.locator("main, body").first).not_to_contain_text("冷库用电专线")
    expect(officer.page.locator("main, body").first).not_to_contain_text("山东旺旺食品有限公司")
    expect(officer.page.locator("[data-enterprise]")).to_have_count(0)


def _the_head_rectifies_and_calls_back(head, follow):
    """The head rectifies and calls the enterprise back."""
    head.goto("/services/")
    head.page.get_by_role("link", name="诉求：冷库用电专线").click()
    expect(head.page.locator("[data-enterprise]")).to_contain_text("0531-84226688")  # whom to call
    form = head.page.locator("[data-action=callback]")
    form.get_by_label("整改措施").fill("协调供电公司提前施工，先以临时线路保障试运行。")
    form.get_by_label("回访日期").fill(str(follow.opened_on))
    form.get_by_label("回访对象").fill("王经理")
    form.get_by_label("回访记录").fill("企业认可临时线路方案")
    head.shot("04-head-callback")
    form.get_by_role("button", name="登记回访").click()
    head.expect_message("已登记整改回访")
    expect(head.page.locator("[data-status]").first).to_have_text("已回访，待企业评价")


def _the_enterprise_rates_the_rectification(company, follow):
    """The enterprise rates the rectification; the follow-up closes and the request is 已办结."""
    company.goto("/services/")
    company.page.locator(".card.border-warning").get_by_role("link", name="诉求：冷库用电专线").click()
    expect(company.page.locator("[data-rectification]")).to_contain_text("临时线路")
    rate = company.page.locator("[data-action=rate-rectification]")
    rate.get_by_label("对整改结果的评价").select_option(label="满意")
    rate.get_by_label("意见").fill("解决了燃眉之急")
    rate.get_by_role("button", name="提交").click()
    company.expect_message("感谢您对整改结果的评价")
    expect(company.page.locator("[data-result]")).to_contain_text("满意")
    company.shot("05-enterprise-rates-rectification")
    follow.refresh_from_db()
    assert (follow.status, follow.result_level) == (FollowUpStatus.CLOSED, 4)
    assert re.search("已办结", company.page.locator("[data-status]").first.inner_text())


def test_a_bad_rating_opens_a_follow_up_that_ends_with_the_enterprises_verdict(world, person):
    company, head, officer = person("enterprise"), person("head"), person("officer")
    req = _the_enterprise_raises_a_request(company)
    _the_head_accepts_and_the_officer_answers(head, officer, req)
    follow, rating = _the_enterprise_rates_badly(company, req)
    _the_rated_officer_sees_no_enterprise(officer, rating)
    _the_head_rectifies_and_calls_back(head, follow)
    _the_enterprise_rates_the_rectification(company, follow)

    assert_no_trouble(person.people)


def test_the_quarterly_survey_from_the_enterprises_portal_to_an_anonymous_answer(world, person):
    """The leader opens the survey and reads to whom it was delivered, never a link (review C); the enterprise's
    user finds it on the portal and answers; the link a second time is refused."""
    from devzone.core.models import Profile
    from devzone.services.models import SealedAnswer, SurveyLink
    from devzone.services.services import requests as request_svc

    company = Profile.objects.get(user__username="wangwang").user
    head = Profile.objects.get(user__username="zhaobz").user
    req = request_svc.request_submit(
        actor=company, category="policy", title="政策咨询", description="人才政策"
    )
    req = request_svc.request_accept(actor=head, request=req)
    request_svc.request_answer(actor=head, request=req, body="已答复")  # served this quarter

    leader, enterprise = person("leader"), person("enterprise")
    leader.log_in("zhuren", "孙主任")
    leader.goto("/services/surveys/")
    form = leader.page.locator("[data-form=survey]")
    expect(form.get_by_label("测评部门")).to_have_values(
        [
            str(d)
            for d in sorted(
                __import__("devzone.core.models", fromlist=["Department"])
                .Department.objects.filter(name__in=["综合服务部", "经济发展部"])
                .values_list("pk", flat=True)
            )
        ]
    )
    form.get_by_role("button", name="发起测评并通知企业").click()
    sent = leader.page.locator("[data-list=delivery] tr", has_text="山东旺旺食品有限公司")
    expect(sent.locator("[data-delivered]")).to_be_visible()
    expect(sent).to_contain_text("旺旺办事员")  # to whom it was delivered
    expect(leader.page.locator("body")).not_to_contain_text("/services/s/")  # and no link
    leader.shot("05-survey-send-out-list")

    # the enterprise's user opens the survey from the portal, as the notice says
    enterprise.log_in("wangwang", "旺旺办事员")
    enterprise.goto("/services/")
    enterprise.page.get_by_role("button", name="参加测评").click()
    expect(enterprise.page.locator("h2.page-title")).to_contain_text("企业满意度测评")
    link = enterprise.page.url
    assert "/services/s/" in link
    for select in enterprise.page.locator("[data-form=survey-answer] select").all():
        select.select_option(label="满意")
    enterprise.page.get_by_label("意见建议").fill("代办专员很负责")
    enterprise.shot("06-survey-answer")
    enterprise.page.get_by_role("button", name="提交").click()
    expect(enterprise.page.locator("[data-survey-done]")).to_be_visible()
    enterprise.page.goto(link)  # a second time: refused
    expect(enterprise.page.locator("[data-survey-refused]")).to_contain_text("已使用过")
    assert SurveyLink.objects.get().used and SealedAnswer.objects.count() == 1  # sealed until closing
    # the refusal answers 410 Gone, which Chromium logs; nothing else may
    enterprise.console_errors[:] = [e for e in enterprise.console_errors if "410" not in e]

    leader.page.goto(leader.base + "/services/surveys/")
    leader.page.get_by_role("link", name=re.compile("企业满意度测评")).click()
    expect(leader.page.locator("[data-figure=used]")).to_have_text("1")
    expect(leader.page.locator("[data-sealed]")).to_contain_text("测评结束后汇总公布")
    leader.page.once("dialog", lambda dialog: dialog.accept())
    leader.page.get_by_role("button", name="结束测评").click()
    # one answer is below the minimum: the departments show their count, no figure that would name the answerer
    expect(leader.page.locator("[data-table=results] [data-hidden]").first).to_contain_text("不足5份，不公布")
    expect(leader.page.locator("[data-address-report]")).to_contain_text("1份答卷来自1个网络地址")
    expect(leader.page.locator("body")).not_to_contain_text(
        "代办专员很负责"
    )  # one answer: its comment waits too
    leader.shot("07-survey-results")
    assert_no_trouble(person.people)
