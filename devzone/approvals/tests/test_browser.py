"""大审批 in Debian's Chromium, the way its people use it: an enterprise submits an intake with two items, the
window clerk accepts them, the reviewer asks for a supplement, the enterprise uploads it, the reviewer grants,
the enterprise downloads the certificate PDF, and the public verification page says 有效 — and 无效 for the
same PDF with one byte changed.

The zone, its demo catalog (``load_catalog``), the enterprise with its project and the three people are built
with the ORM and committed, so pytest-django's ``live_server`` sees them; everything after that happens on the
real pages. Each person works in a browser context of their own (their own computer, their own session); the
verification page is opened by a visitor who is not logged in.

Every context collects console errors, uncaught JavaScript errors and ``securitypolicyviolation`` events: the
test fails on any of them. Screenshots go to ``screenshots/approvals-*.png`` (gitignored) for a person to look
at."""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import expect

from devzone.approvals.choices import Status
from devzone.approvals.demo_catalog import load_catalog
from devzone.approvals.models import Application, ApprovalItem, Certificate
from devzone.core.choices import Role
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.browser import assert_no_trouble

pytestmark = browser.MARKS

# Two items a new project starts with; neither waits for a prerequisite.
SITE_SELECTION, LAND_PREVIEW = "ZJ-001", "GT-001"
MISSING = "请补充项目总平面布置图（加盖设计单位出图章），并说明用地红线范围。"


def small_pdf(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), BytesIO()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def pdf_file(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": small_pdf()}


class Person(browser.Person):
    shot_prefix = "approvals"

    def status(self):
        return self.page.locator(".status[data-status]").first

    def open_from_queue(self, title: str, rows: int, shot: str, app: Application) -> None:
        """The queue (its title, ``rows`` files in it), then ``app``'s page from its row."""
        self.goto("/approvals/")
        expect(self.page.locator("h2.page-title")).to_contain_text(title)
        expect(self.page.locator("tr[data-application]")).to_have_count(rows)
        self.shot(shot)
        self.page.locator(f"tr[data-application='{app.pk}']").get_by_role("link").click()
        expect(self.page).to_have_url(self.base + app.get_absolute_url())


# The shared live-server machinery (devzone/testing/browser.py): Chromium, one browser context per person.
chromium, person, person_class = browser.fixtures_for(Person)


@dataclass
class World:
    zone: object
    project: object
    items: list
    company: object
    clerk: object
    reviewer: object


@pytest.fixture
def world(transactional_db) -> World:
    zone = browser.jibei_zone()
    load_catalog(zone)
    enterprise = f.EnterpriseFactory(zone=zone, name="济南智造新材料有限公司", contact_phone="0531-88886666")
    project = f.ProjectFactory(zone=zone, enterprise=enterprise, name="年产5万吨高性能复合材料项目")
    return World(
        zone=zone,
        project=project,
        items=[ApprovalItem.objects.get(zone=zone, code=code) for code in (SITE_SELECTION, LAND_PREVIEW)],
        company=f.user_with_role(
            Role.ENTERPRISE_USER, enterprise=enterprise, user__username="zhizao", display_name="王经办"
        ),
        clerk=f.user_with_role(Role.WINDOW_CLERK, zone=zone, user__username="chuangkou", display_name="李明"),
        reviewer=f.user_with_role(Role.REVIEWER, zone=zone, user__username="shencha", display_name="张华"),
    )


# --- the steps, in order: each person's part on the real pages ------------------------------------------------
def enterprise_submits_one_intake_for_two_items(company: Person, world: World) -> tuple[Application, ...]:
    site, land = world.items
    company.log_in("zhizao", "王经办")
    company.goto("/approvals/")
    expect(company.page).to_have_url(re.compile(r"/approvals/intakes/$"))
    expect(company.page.locator(".module-nav .active")).to_have_text("我的申请")
    company.page.get_by_role("link", name="新申请").click()
    expect(company.page.locator("h2.page-title")).to_have_text("新申请：选择项目和审批事项")
    project = company.page.get_by_label("项目", exact=True)
    expect(project.locator(f"option[value='{world.project.pk}']")).to_contain_text(world.project.project_code)
    project.select_option(value=str(world.project.pk))
    company.page.get_by_label(site.name).check()
    company.page.get_by_label(land.name).check()
    company.shot("01-enterprise-choose-items")
    company.page.get_by_role("button", name="下一步：填写申请表").click()

    # Step 2: the shared fields once, one file per material of each item.
    expect(company.page.locator("h2.page-title")).to_contain_text(world.project.name)
    expect(company.page.get_by_label("经办人")).to_have_value("王经办")
    expect(company.page.get_by_label("联系电话")).to_have_value("0531-88886666")
    company.page.get_by_label("建设地点").fill("济北经济开发区智造新城纬三路以北、经二路以东")
    company.page.get_by_label("建设规模及内容").fill(
        "总用地面积80亩，总建筑面积42000平方米，建设生产车间及配套用房"
    )
    for item in (site, land):
        card = company.page.locator("div.card", has=company.page.get_by_role("heading", name=str(item)))
        materials = list(item.materials.all())
        expect(card.locator("input[type=file]")).to_have_count(len(materials) + 1)  # + 其他材料
        for m in materials:
            card.locator(f"input[name=f_{item.pk}_{m.pk}]").set_input_files(pdf_file(f"{m.name}.pdf"))
    company.shot("02-enterprise-intake-form")
    company.page.get_by_role("button", name="提交申请").click()
    company.expect_message("已提交，请等待窗口受理")
    expect(company.page.locator(".application[data-application]")).to_have_count(2)
    for status in company.page.locator(".application .status").all():
        expect(status).to_have_attribute("data-status", Status.SUBMITTED)
    company.shot("03-enterprise-intake-submitted")
    app_site = Application.objects.get(item=site, project=world.project)
    app_land = Application.objects.get(item=land, project=world.project)
    assert app_site.uploads.count() == site.materials.count()
    return app_site, app_land


def clerk_accepts_both_naming_the_reviewer(
    clerk: Person, app_site: Application, app_land: Application
) -> None:
    clerk.log_in("chuangkou", "李明")
    clerk.open_from_queue("待受理", 2, "04-clerk-queue", app_site)
    expect(clerk.page.locator(".page-pretitle")).not_to_contain_text(
        app_site.intake.number
    )  # nothing accepted
    clerk.page.get_by_role("link", name="本次申报").click()
    expect(clerk.page).to_have_url(clerk.base + app_site.intake.get_absolute_url())
    clerk.shot("05-clerk-intake")
    for app in (app_site, app_land):
        card = clerk.page.locator(f".application[data-application='{app.pk}']")
        expect(card.locator("[data-materials=complete]")).to_have_text("必需材料已齐全")
        card.get_by_label("审批人员").select_option(label="张华")
        card.get_by_role("button", name="受理", exact=True).click()
        clerk.expect_message("已受理")
        expect(card.locator(".status")).to_have_attribute("data-status", Status.IN_REVIEW)
    expect(clerk.page.locator("[data-clock]")).to_have_count(2)
    clerk.shot("06-clerk-accepted")


def reviewer_asks_for_a_supplement(reviewer: Person, app: Application) -> None:
    reviewer.log_in("shencha", "张华")
    reviewer.open_from_queue("我的审查件", 2, "07-reviewer-queue", app)
    expect(reviewer.status()).to_have_attribute("data-status", Status.IN_REVIEW)
    reviewer.shot("08-reviewer-application")
    form = reviewer.page.locator("form[data-action=supplement]")
    form.get_by_label("需补正的全部材料及要求（一次性告知）").fill(MISSING)
    form.get_by_role("button", name="要求补正", exact=True).click()
    reviewer.expect_message("已一次性告知补正")
    expect(reviewer.status()).to_have_attribute("data-status", Status.REVIEW_SUPPLEMENT)
    expect(reviewer.page.locator(".supplement-missing")).to_have_text(MISSING)
    reviewer.shot("09-reviewer-supplement-requested")


def enterprise_reads_what_is_missing_and_uploads_it(company: Person, app: Application) -> None:
    company.goto("/approvals/intakes/")
    company.page.get_by_role("link", name=app.intake.number).click()
    company.page.get_by_role("link", name=str(app.item)).click()
    expect(company.page).to_have_url(company.base + app.get_absolute_url())
    expect(company.status()).to_have_attribute("data-status", Status.REVIEW_SUPPLEMENT)
    expect(company.page.locator(".supplement-missing")).to_have_text(MISSING)
    answer = company.page.locator("form[data-action=answer]")
    expect(answer.locator("[data-asked=supplement]")).to_contain_text(MISSING)  # asked where it is answered
    answer.get_by_label("其他材料").set_input_files(pdf_file("项目总平面布置图.pdf"))
    company.shot("10-enterprise-supplement-form")
    answer.get_by_role("button", name="提交补正材料").click()
    company.expect_message("已提交补正材料")
    expect(company.status()).to_have_attribute("data-status", Status.IN_REVIEW)
    expect(company.page.get_by_role("link", name="项目总平面布置图.pdf")).to_be_visible()
    company.shot("11-enterprise-supplement-sent")


def reviewer_grants(reviewer: Person, app: Application) -> Certificate:
    reviewer.goto(app.get_absolute_url())
    expect(reviewer.status()).to_have_attribute("data-status", Status.IN_REVIEW)
    grant = reviewer.page.locator("form[data-action=grant]")
    grant.get_by_label("审查意见").fill("材料齐全，符合规划要求，准予核发。")
    grant.get_by_role("button", name="准予许可").click()
    reviewer.expect_message("已准予许可，电子证照已签发")
    expect(reviewer.status()).to_have_attribute("data-status", Status.GRANTED)
    reviewer.shot("12-reviewer-granted")
    return Certificate.objects.get(application=app)


def enterprise_downloads_its_certificate(company: Person, app: Application, certificate, tmp_path) -> Path:
    """The signed PDF, saved where the visitor will pick it up; byte for byte the original."""
    company.goto(app.get_absolute_url())
    expect(company.status()).to_have_attribute("data-status", Status.GRANTED)
    expect(company.page.locator(".card.border-success")).to_contain_text(certificate.number)
    expect(company.page.locator("[data-clock]").first).to_have_attribute(
        "data-clock", "stopped"
    )  # no countdown
    company.shot("13-enterprise-certificate")
    with company.page.expect_download() as info:
        company.page.locator("[data-download=certificate]").click()
    download = info.value
    assert download.suggested_filename == f"{certificate.number}.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    pdf = saved.read_bytes()
    assert pdf.startswith(b"%PDF-")
    with certificate.pdf.open("rb") as fh:
        assert pdf == fh.read()  # byte for byte the signed original

    company.goto("/approvals/intakes/")
    expect(company.page.locator("h2.page-title")).to_contain_text("我的申请")
    expect(company.page.locator("tbody tr")).to_have_count(1)
    company.shot("14-enterprise-intake-list")
    return saved


def anyone_verifies_it_on_the_public_page(visitor: Person, saved: Path, certificate, tmp_path) -> None:
    """有效 for the downloaded PDF; 无效 for the same PDF with one byte changed."""
    visitor.goto("/verify/")
    expect(visitor.page.locator("h1")).to_have_text("电子证照核验")
    visitor.page.get_by_label("证照PDF文件").set_input_files(str(saved))
    visitor.page.get_by_role("button", name="上传并核验").click()
    verdict = visitor.page.locator("[data-verdict]")
    expect(verdict).to_have_attribute("data-verdict", "valid")
    expect(verdict.locator(".badge")).to_have_text("有效")
    expect(verdict).to_contain_text(certificate.number)
    expect(verdict).to_contain_text("济南智造新材料有限公司")
    visitor.shot("15-verify-valid")

    changed = bytearray(saved.read_bytes())
    changed[len(changed) // 2] ^= 0x01
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(bytes(changed))
    visitor.page.get_by_label("证照PDF文件").set_input_files(str(forged))
    visitor.page.get_by_role("button", name="上传并核验").click()
    expect(verdict).to_have_attribute("data-verdict", "invalid")
    expect(verdict.locator(".badge")).to_have_text("无效")
    expect(verdict).not_to_contain_text(certificate.number)
    visitor.shot("16-verify-invalid")


def test_an_intake_goes_from_two_items_to_a_verified_certificate(world: World, person, chromium, tmp_path):
    _browser, people = chromium
    company, clerk, reviewer = person("enterprise"), person("clerk"), person("reviewer")

    app_site, app_land = enterprise_submits_one_intake_for_two_items(company, world)
    clerk_accepts_both_naming_the_reviewer(clerk, app_site, app_land)
    reviewer_asks_for_a_supplement(reviewer, app_site)
    enterprise_reads_what_is_missing_and_uploads_it(company, app_site)
    certificate = reviewer_grants(reviewer, app_site)
    saved = enterprise_downloads_its_certificate(company, app_site, certificate, tmp_path)
    anyone_verifies_it_on_the_public_page(person("visitor"), saved, certificate, tmp_path)

    # The database agrees with the pages.
    app_site.refresh_from_db()
    app_land.refresh_from_db()
    assert (app_site.status, app_site.supplements, app_site.reviewer) == (Status.GRANTED, 1, world.reviewer)
    assert (app_land.status, app_land.reviewer) == (Status.IN_REVIEW, world.reviewer)
    assert list(app_site.events.values_list("action", flat=True)) == [
        "提交",
        "受理",
        "审查中要求补正",
        "审查中已补正",
        "准予许可",
    ]

    assert_no_trouble(people)


def test_the_file_page_shows_both_clocks_and_a_file_past_the_law(world: World, person, chromium):
    """Accepted 22 working days ago on a 20-day statutory / 5-day promised item, with a 补正 in review that
    stopped only the promised clock: on time against the promise, two working days past the law. Today is the
    real today (the live server's clock), so the dates are counted back on the real calendar."""
    from django.utils import timezone

    from devzone.approvals.demo_applications import _workdays_before
    from devzone.approvals.services import applications as svc
    from devzone.core.workdays import get_calendar

    _browser, people = chromium
    cal, today = get_calendar(), timezone.localdate()
    site = world.items[0]
    accepted_on = _workdays_before(today, site.legal_limit_days + 2)
    intake = svc.intake_submit(
        actor=world.clerk,
        project=world.project,
        items=[site],
        applicant_name="王经办",
        applicant_phone="0531-88886666",
        on=accepted_on,
        uploads={site.pk: [(m.pk, f"{m.name}.pdf", small_pdf()) for m in site.materials.all()]},
    )
    app = svc.application_accept(
        actor=world.clerk, application=intake.applications.get(), reviewer=world.reviewer, on=accepted_on
    )
    svc.application_request_supplement(
        actor=world.reviewer, application=app, missing=MISSING, on=cal.add_workdays(accepted_on, 1)
    )
    svc.application_answer_supplement(
        actor=world.clerk,
        application=app,
        uploads=[(None, "总平面布置图.pdf", small_pdf())],
        on=_workdays_before(today, 1),
    )

    reviewer = person("reviewer")
    reviewer.log_in("shencha", "张华")
    reviewer.goto(app.get_absolute_url())
    clocks = reviewer.page.locator("[data-clocks='both']")
    expect(clocks.locator("[data-clock-row='promised'] [data-clock]")).to_contain_text("剩余")
    expect(clocks.locator("[data-clock-row='legal'] [data-clock='red']")).to_contain_text("超期2个工作日")
    expect(clocks.locator("[data-legal-breach]")).to_contain_text("已超过法定时限")
    reviewer.shot("clocks-detail")
    browser.screenshot(reviewer.page, browser.SCREENSHOTS / "clocks-detail.png")
    reviewer.goto("/approvals/")
    expect(
        reviewer.page.locator(f"tr[data-application='{app.pk}'] [data-clock-kind='legal']")
    ).to_be_visible()
    browser.screenshot(reviewer.page, browser.SCREENSHOTS / "clocks-queue.png")
    assert_no_trouble(people)
