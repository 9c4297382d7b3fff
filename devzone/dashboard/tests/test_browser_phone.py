"""The enterprise's phone: every page an enterprise user opens fits a 390-px and a 360-px screen without
sideways scrolling (``document.documentElement.scrollWidth <= window.innerWidth``), with the longest names a
zone's register holds — a 50-character company name, a long project name, file names of 40 characters with no
space to break at.

The pages: the home, 我的申请, the new application's two steps (with the files chosen), the intake page, the
application page with its supplement form, the service requests (list, new, detail), the rating pages, the
survey, the notifications, the enterprise's own page and the public verification page. Screenshots at 390 px go
to ``docs/screenshots/enterprise-*.png`` (the README shows them) when DEVZONE_DOCS_SCREENSHOTS=1."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from devzone.approvals.demo_catalog import load_catalog
from devzone.approvals.models import ApprovalItem
from devzone.approvals.services import applications as app_svc
from devzone.core.choices import Role
from devzone.services.services import requests as request_svc
from devzone.services.services import surveys as survey_svc
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.approvals import PDF
from devzone.testing.browser import assert_no_trouble

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The pictures the docs show are refreshed on request (DEVZONE_DOCS_SCREENSHOTS=1), so that a test run does not
# rewrite tracked files; otherwise they go to the gitignored screenshots/ with the other browser tests' pictures.
DOCS_SHOTS = Path(settings.BASE_DIR) / (
    "docs/screenshots" if os.environ.get("DEVZONE_DOCS_SCREENSHOTS") else "screenshots"
)
LONG_COMPANY = "济南市历城区高新技术产业开发区智能制造装备与先进复合新材料研发生产销售有限责任公司"
LONG_PROJECT = "年产5万吨高性能碳纤维增强热塑性复合材料及智能制造装备产业化基地建设项目（一期）"
LONG_FILE = "项目总平面布置图_加盖设计单位出图章_含用地红线范围说明_第三次修订版本_最终定稿.pdf"
MISSING = (
    "请补充项目总平面布置图（加盖设计单位出图章），并说明用地红线范围；"
    "附件http://example.com/a-very-long-link-without-any-space-to-break-at/总平面布置图.pdf"
)
SITE_SELECTION, LAND_PREVIEW = "ZJ-001", "GT-001"

chromium, person = browser.chromium, browser.person
TOO_WIDE: list[str] = []


class Person(browser.Person):
    shot_prefix = "phone"

    def width(self) -> tuple[int, int]:
        return self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")

    def hidden_columns(self) -> int:
        """Tables that scroll sideways inside their box: the page fits, but a column is out of sight."""
        return self.page.evaluate(
            "Array.from(document.querySelectorAll('.table-responsive'))"
            ".filter((el) => el.scrollWidth > el.clientWidth + 1).length"
        )

    def fits(self, name: str, path: str | None = None, *, docs: bool = False) -> None:
        """The page fits the screen; at 390 px its picture goes into the docs."""
        if path is not None:
            self.goto(path)
        # the page has loaded (goto and clicks wait for it); its web fonts decide the last widths
        self.page.wait_for_load_state()
        self.page.evaluate("document.fonts.ready.then(() => true)")
        scroll, inner = self.width()
        if scroll > inner:
            TOO_WIDE.append(f"{name} ({self.page.url}) is {scroll} px wide on a {inner}-px screen")
        if hidden := self.hidden_columns():
            TOO_WIDE.append(
                f"{name} ({self.page.url}): {hidden} table(s) scroll sideways on a {inner}-px screen"
            )
        if docs:
            browser.screenshot(self.page, DOCS_SHOTS / f"enterprise-{name}.png")


@pytest.fixture
def person_class():
    return Person


@dataclass
class World:
    project: object
    items: list
    intake: object
    supplement_app: object
    request: object
    rated_request: object
    rating: object


@pytest.fixture
def world(transactional_db) -> World:
    city = f.CityFactory(name="济南市", code="370100")
    zone = f.ZoneFactory(
        city=city, name="济南高新技术产业开发区智能制造与新材料产业园", short_name="济南高新区"
    )
    load_catalog(zone)
    enterprise = f.EnterpriseFactory(
        zone=zone, name=LONG_COMPANY, contact_name="王经办", contact_phone="0531-88886666"
    )
    project = f.ProjectFactory(zone=zone, enterprise=enterprise, name=LONG_PROJECT)
    company = f.user_with_role(
        Role.ENTERPRISE_USER, enterprise=enterprise, user__username="zhizao", display_name="王经办"
    )
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone, user__username="chuangkou", display_name="李明")
    reviewer = f.user_with_role(Role.REVIEWER, zone=zone, user__username="shencha", display_name="张华")
    leader = f.user_with_role(Role.ZONE_LEADER, zone=zone, user__username="lingdao", display_name="赵主任")
    dept = f.DepartmentFactory(zone=zone, name="综合服务部")
    head = f.user_with_role(
        Role.DEPARTMENT_HEAD,
        zone=zone,
        staff=f.StaffFactory(zone=zone, department=dept, name="孙部长"),
        user__username="buzhang",
    )
    officer = f.user_with_role(
        Role.AGENT, zone=zone, staff=f.StaffFactory(zone=zone, department=dept, name="周专员")
    )
    items = [ApprovalItem.objects.get(zone=zone, code=code) for code in (SITE_SELECTION, LAND_PREVIEW)]

    # An intake of two items: one asks for a supplement (the enterprise answers it on its phone).
    intake = app_svc.intake_submit(
        actor=company,
        project=project,
        items=items,
        applicant_name="王经办",
        applicant_phone="0531-88886666",
        uploads={i.pk: [(m.pk, f"{m.name}{LONG_FILE}", PDF) for m in i.materials.all()] for i in items},
    )
    first, second = intake.applications.order_by("id")
    first = app_svc.application_accept(actor=clerk, application=first, reviewer=reviewer)
    app_svc.application_accept(actor=clerk, application=second, reviewer=reviewer)
    first = app_svc.application_request_supplement(actor=reviewer, application=first, missing=MISSING)

    # Two service requests: one open, one answered and rated.
    open_request = request_svc.request_submit(
        actor=company,
        category="utilities",
        title="新建厂房用电增容至2000千伏安并新建10千伏专用线路及配套开闭所的协调申请",
        description=MISSING,
    )
    answered = request_svc.request_submit(
        actor=company, category="utilities", title="厂区道路照明及雨污分流管网接驳协调", description="见附件"
    )
    answered = request_svc.request_accept(actor=head, request=answered, assignee_id=officer.pk)
    answered = request_svc.request_answer(actor=officer, request=answered, body=MISSING)
    from devzone.services.services import ratings as rating_svc

    to_rate = request_svc.request_submit(
        actor=company, category="utilities", title="供水管网压力不足协调", description="厂区水压不足"
    )
    to_rate = request_svc.request_accept(actor=head, request=to_rate, assignee_id=officer.pk)
    to_rate = request_svc.request_answer(actor=officer, request=to_rate, body="已协调水务公司")
    rating = rating_svc.rate(actor=company, kind="request", pk=answered.pk, level=2, comment=MISSING)

    today = timezone.localdate()
    survey_svc.survey_open(
        actor=leader,
        year=today.year,
        quarter=(today.month - 1) // 3 + 1,
        closes_on=today + dt.timedelta(days=10),
        department_ids=[dept.pk],
    )
    return World(
        project=project,
        items=items,
        intake=intake,
        supplement_app=first,
        request=open_request,
        rated_request=to_rate,
        rating=rating,
    )


def walk(company: Person, world: World, *, docs: bool) -> None:
    company.fits("home", "/", docs=docs)
    company.fits("intakes", "/approvals/intakes/", docs=docs)

    # The new application, step by step: the items, then the form with every file chosen.
    company.goto("/approvals/intakes/new/")
    company.page.get_by_label("项目", exact=True).select_option(value=str(world.project.pk))
    for item in world.items:  # on a phone the stages are folded: the item is found by its name (search first)
        company.page.get_by_label("搜索事项").fill(item.name)
        company.page.get_by_label(item.name).check()
    company.page.get_by_label("搜索事项").fill("")
    for item in world.items:
        expect(company.page.get_by_label(item.name)).to_be_checked()
    company.fits("new-1-items", docs=docs)
    company.page.get_by_role("button", name="下一步：填写申请表").click()
    expect(company.page.get_by_label("经办人")).to_have_value("王经办")
    for item in world.items:
        for m in item.materials.all():
            company.page.locator(f"input[name=f_{item.pk}_{m.pk}]").set_input_files(
                {"name": f"{m.name}{LONG_FILE}", "mimeType": "application/pdf", "buffer": PDF}
            )
    company.fits("new-2-form", docs=docs)

    company.fits("intake", world.intake.get_absolute_url(), docs=docs)
    company.fits("supplement", world.supplement_app.get_absolute_url(), docs=docs)
    expect(company.page.locator("form[data-action=answer]")).to_be_visible()
    company.page.locator("form[data-action=answer]").get_by_label("其他材料").set_input_files(
        {"name": LONG_FILE, "mimeType": "application/pdf", "buffer": PDF}
    )
    company.fits("supplement-file-chosen")

    company.fits("services", "/services/", docs=docs)
    company.fits("requests", "/services/requests/", docs=docs)
    company.fits("request-new", "/services/requests/new/", docs=docs)
    company.fits("request", world.request.get_absolute_url(), docs=docs)
    company.fits("rate", f"/services/rate/request/{world.rated_request.pk}/", docs=docs)
    company.fits("ratings", "/services/ratings/", docs=docs)
    company.fits("rating", f"/services/ratings/{world.rating.pk}/", docs=docs)
    company.fits("notifications", "/core/notifications/", docs=docs)
    company.fits("profile", world.project.enterprise.get_absolute_url(), docs=docs)
    company.fits("project", world.project.get_absolute_url(), docs=docs)


def test_every_enterprise_page_fits_a_phone(world: World, person, chromium):
    _browser, people = chromium
    TOO_WIDE.clear()
    for width, docs in ((390, True), (360, False)):
        company = person(f"enterprise-{width}", viewport=(width, 844))
        company.log_in("zhizao", "王经办")
        walk(company, world, docs=docs)
        # The survey: opened from the portal (a fresh one-use link), answered on the phone.
        company.goto("/services/")
        company.page.locator("form[action='/services/surveys/take/'] button").click()
        expect(company.page).to_have_url(re.compile(r"/services/s/"))
        company.fits("survey", docs=docs)

        visitor = person(f"visitor-{width}", viewport=(width, 844))
        visitor.fits("verify", "/verify/", docs=docs)
    assert not TOO_WIDE, "\n".join(TOO_WIDE)
    assert_no_trouble(people)
