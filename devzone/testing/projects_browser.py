"""The reusable pieces of the key-project browser test, for it and for the tests built on it (好差评's agency
rating starts where the problem is resolved): a PNG photo, the projects ``Person``, the world builder (a zone,
its 综合服务部 and 经济发展部, the agent, the officer, the leader, an enterprise and its signed key project,
committed so the live server sees them) and the visit → problem → dispatch → resolve flow as a plain function."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.projects import png


class Person(browser.Person):
    shot_prefix = "projects"


# The fixtures of a browser test on the flow: ``chromium, person, person_class = flow.FIXTURES`` and
# ``world = flow.world``.
FIXTURES = browser.fixtures_for(Person)


@pytest.fixture
def world(transactional_db):
    return build_world()


def build_world() -> dict:
    """The rows of the flow: ``project`` (handed over to construction with 赵代办 as its agent), ``leader``,
    ``agent`` and ``officer`` (users whose password is ``factories.PASSWORD``)."""
    from devzone.projects.services import handover_to_build

    zone = browser.jibei_zone()
    service = f.DepartmentFactory(zone=zone, name="综合服务部")
    economy = f.DepartmentFactory(zone=zone, name="经济发展部")
    agent_staff = f.StaffFactory(zone=zone, department=service, name="赵代办")
    officer_staff = f.StaffFactory(zone=zone, department=economy, name="钱科长")
    enterprise = f.EnterpriseFactory(zone=zone, name="山东金晔农法食品有限公司")
    signed = timezone.localdate() - dt.timedelta(days=40)
    project = f.ProjectFactory(zone=zone, enterprise=enterprise, name="金晔食品项目", signed_on=signed)
    leader = f.user_with_role(Role.ZONE_LEADER, zone=zone, user__username="zhuren", display_name="孙主任")
    handover_to_build(actor=leader, project=project, agent=agent_staff, on=signed)
    return {
        "project": project,
        "leader": leader,
        "agent": f.user_with_role(
            Role.AGENT, zone=zone, staff=agent_staff, user__username="daiban", display_name="赵代办"
        ),
        "officer": f.user_with_role(
            Role.REVIEWER, zone=zone, staff=officer_staff, user__username="kezhang", display_name="钱科长"
        ),
    }


def visit_problem_dispatch_resolve(world: dict, person, tmp_path) -> None:
    """The agent logs a site visit with a photo and raises a problem from it for 钱科长 → the leader issues the
    weekly dispatch (the problem under its owner) and downloads the Word document → the officer records
    progress and resolves it → the project's page shows it solved; the issued dispatch stays as it was."""
    from devzone.projects.models import Problem, WeeklyDispatch

    project = world["project"]
    agent, leader, officer = person("agent"), person("leader"), person("officer")

    # --- the agent logs a site visit with a photo, then raises a problem from it ---------------------------
    agent.log_in("daiban", "赵代办")
    agent.goto("/projects/")
    expect(agent.page).to_have_url(re.compile(r"/projects/portfolio/$"))
    agent.page.get_by_role("link", name=project.name).click()
    expect(agent.page.locator("h2.page-title")).to_have_text(project.name)
    agent.page.get_by_role("link", name="登记走访").click()
    agent.page.get_by_label("会见人员").fill("项目经理周先生")
    agent.page.get_by_label("走访情况").fill("生产线安装完成，待正式供电后试生产。")
    agent.page.locator("#id_photos").set_input_files(
        [{"name": "现场.png", "mimeType": "image/png", "buffer": png()}]
    )
    agent.shot("01-visit")
    agent.page.get_by_role("button", name="保存并提出问题").click()
    expect(agent.page.locator("h2.page-title")).to_have_text("提出问题")
    agent.page.get_by_label("类别").select_option(label="用电")
    agent.page.get_by_label("问题", exact=True).fill("正式供电线路尚未接入")
    agent.page.get_by_label("责任部门").select_option(label="经济发展部")
    agent.page.get_by_label("责任人").select_option(label="钱科长（经济发展部）")
    agent.page.get_by_label("办理时限（工作日）").fill("3")
    agent.page.get_by_role("button", name="提交").click()
    agent.expect_message("问题已登记")
    expect(agent.page.locator("[data-owner]")).to_have_text("钱科长")
    agent.shot("02-problem")
    problem = Problem.objects.get(title="正式供电线路尚未接入")
    assert problem.source == "visit" and problem.visit.photos.count() == 1

    # --- the leader issues the weekly dispatch: the problem is there, under its owner ---------------------
    leader.log_in("zhuren", "孙主任")
    leader.goto("/projects/dispatches/")
    leader.page.get_by_role("button", name="立即生成本周调度").click()
    leader.expect_message("周调度已生成")
    problems = leader.page.locator('[data-section="problems"]')
    expect(problems).to_contain_text("钱科长")
    expect(problems).to_contain_text("金晔食品项目：正式供电线路尚未接入")
    leader.shot("03-dispatch")
    with leader.page.expect_download() as info:
        leader.page.get_by_role("link", name="下载Word").click()
    path = tmp_path / "dispatch.docx"
    info.value.save_as(path)
    from docx import Document

    cells = [c.text for t in Document(str(path)).tables for row in t.rows for c in row.cells]
    assert any("正式供电线路尚未接入" in c for c in cells)

    # --- the responsible officer records progress and resolves it ------------------------------------------
    officer.log_in("kezhang", "钱科长")
    officer.goto("/projects/problems/?status=open")
    officer.page.get_by_role("link", name="正式供电线路尚未接入").click()
    officer.page.get_by_label("办理进展").fill("已协调供电公司，明日接火。")
    officer.page.get_by_role("button", name="记录进展").click()
    officer.expect_message("进展已记录")
    officer.page.get_by_label("解决情况").fill("正式供电已接入，企业当日试生产。")
    officer.page.get_by_role("button", name="问题已解决").click()
    officer.expect_message("问题已解决")
    expect(officer.page.locator(".resolution")).to_contain_text("正式供电已接入")
    officer.shot("04-resolved")
    problem.refresh_from_db()
    assert problem.status == "resolved" and problem.resolved_by == world["officer"]

    # --- the project's page shows the problem as solved; an issued dispatch stays as it was -----------------
    agent.goto(f"/projects/p/{project.pk}/")
    expect(agent.page.get_by_role("link", name=re.compile("正式供电线路尚未接入"))).to_contain_text("已解决")
    issued = WeeklyDispatch.objects.get()
    assert "正式供电线路尚未接入" in str(issued.content)
