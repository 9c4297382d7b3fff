"""绩效考核 in Debian's Chromium, the way the people of a zone use it: the tally staff open the round, enter the
paper satisfaction of the service departments and move the steps; a department head uploads the work report and
nominates the delegates; the tally staff print the ballot slips; delegates vote with their codes on the ballot
page that needs no login (one through the QR code's link); a leader scores the departments; the tally staff close
the voting, tally and publish; the department head grades the staff (over quota refused, then within it); a staff
member sees their own grade; the tally staff export the pay sheet, and the workbook's figures add up to the fen.

The zone (five departments of six staff, three of 副科级 or above in each) is built with the ORM and committed so
pytest-django's ``live_server`` sees it; the other departments' reports, delegates and grades are done through the
services between browser steps (the same code the pages call). Every context collects console errors, uncaught
JavaScript errors and CSP violations: the test fails on any. Screenshots go to ``screenshots/performance-*.png``."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.performance import services as svc
from devzone.performance.models import BallotCode, Round, SealedBallot, StaffGrade
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.browser import assert_no_trouble
from devzone.testing.performance import PDF, Org, build_org

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BALLOTS = 8  # in the browser; the scheme needs 6 valid ballots


# The shared live-server machinery (devzone/testing/browser.py): Chromium, one browser context per person.
chromium, person = browser.chromium, browser.person


class Person(browser.Person):
    shot_prefix = "performance"

    def log_in(self, user) -> None:  # the user, not (username, display name)
        super().log_in(user.username, user.profile.display_name)

    def status(self):
        return self.page.get_by_test_id("status")

    def row(self, department):
        return self.page.locator(f"tr[data-department='{department.name}']")

    def advance(self, to: str) -> None:
        self.page.get_by_test_id("advance").click()
        expect(self.status()).to_have_text(to)


@pytest.fixture
def person_class():
    return Person


@pytest.fixture
def world(transactional_db) -> Org:
    city = f.CityFactory(name="济南市", code="370100")
    zone = f.ZoneFactory(city=city, name="济南济北经济开发区", short_name="济北经济开发区")
    org = build_org(zone, "")
    for user, name in [(org.tally, "计分员孙丽"), (org.leader, "主任王强")]:
        user.profile.display_name = name
        user.profile.save()
    head = org.heads[org.depts[0].pk]
    head.profile.display_name = "综合服务部部长"
    head.profile.save()
    return org


def fen(value) -> int:
    return int((Decimal(str(value)) * 100).to_integral_value())


GRADE_LABELS = {"excellent": "优秀", "good": "良好", "pass": "合格", "improve": "待改进"}


def test_a_round_goes_from_opening_to_the_pay_sheet_for_the_finance_office(
    world: Org, person, chromium, tmp_path
):
    _browser, people = chromium
    org = world
    tally, head, leader = person("tally"), person("department head"), person("leader")
    rnd = _tally_opens_the_round(tally, org)
    round_path = rnd.get_absolute_url()
    _tally_enters_paper_satisfaction(tally, org)
    _head_uploads_the_work_report(head, tally, org, rnd)
    _head_nominates_delegates(head, org, rnd)
    codes = _tally_prints_the_slips(tally, rnd)
    _delegates_vote(person("delegates"), org, rnd, codes)
    _leader_scores_every_department(leader, org, round_path)
    _tally_closes_tallies_and_publishes(tally, rnd)
    grades = _head_grades_the_staff(head, leader, org, rnd)
    _staff_member_sees_their_grade(person("staff member"), org, grades)
    _tally_exports_the_pay_sheet(tally, round_path, tmp_path)
    assert_no_trouble(people)


def _tally_opens_the_round(tally: Person, org: Org) -> Round:
    """The tally staff open the round for the third quarter."""
    tally.log_in(org.tally)
    tally.goto("/performance/")
    expect(tally.page.locator("h2.page-title")).to_have_text("季度考核")
    form = tally.page.get_by_test_id("open-round")
    form.get_by_label("年度").fill("2026")
    form.get_by_label("季度").select_option(label="第3季度")
    form.get_by_role("button", name="开启考核").click()
    tally.expect_message("已开启2026年第3季度考核")
    expect(tally.status()).to_have_text("企业满意度")
    return Round.objects.get(zone=org.zone, year=2026, quarter=3)


def _tally_enters_paper_satisfaction(tally: Person, org: Org) -> None:
    """Paper satisfaction of the two service departments; the step cannot be left before both are in."""
    service, economy, *_rest = org.depts
    tally.row(service).get_by_label("纸质问卷得分").fill("92.5")
    tally.row(service).get_by_role("button", name="录入").click()
    tally.expect_message("已录入")
    tally.page.get_by_test_id("advance").click()
    tally.expect_message(f"以下服务部门尚无企业满意度：{economy.name}")
    expect(tally.status()).to_have_text("企业满意度")
    entry = tally.row(economy).get_by_label("纸质问卷得分")
    entry.fill("120")  # the browser itself refuses it (0–100); the server would too (test_bad_input)
    tally.row(economy).get_by_role("button", name="录入").click()
    assert entry.evaluate("e => e.validity.rangeOverflow")
    tally.row(economy).get_by_label("纸质问卷得分").fill("88")
    tally.row(economy).get_by_role("button", name="录入").click()
    tally.expect_message("已录入")
    expect(tally.row(service)).to_contain_text("92.50")
    tally.shot("01-tally-satisfaction")
    tally.advance("部门述职")


def _head_uploads_the_work_report(head: Person, tally: Person, org: Org, rnd: Round) -> None:
    """A department head uploads the work report (the other departments' through the service)."""
    service = org.depts[0]
    head.log_in(org.heads[service.pk])
    head.goto(rnd.get_absolute_url())
    head.row(service).get_by_label("述职报告").set_input_files(
        {"name": "综合服务部2026年三季度述职报告.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    head.row(service).get_by_role("button", name="上传").click()
    head.expect_message("述职报告已上传")
    expect(head.row(service)).to_contain_text("述职报告")
    for d in org.depts[1:]:
        svc.report_upload(actor=org.heads[d.pk], round=rnd, department_id=d.pk, name="述职报告.pdf", data=PDF)
    tally.goto(rnd.get_absolute_url())
    tally.advance("推荐测评代表")


def _head_nominates_delegates(head: Person, org: Org, rnd: Round) -> None:
    """... and nominates three delegates of 副科级 or above (a 科员 is not even offered)."""
    service = org.depts[0]
    head.goto(rnd.get_absolute_url())
    nominate = head.row(service).get_by_label("推荐测评代表")
    expect(nominate.locator("option")).to_have_count(3)
    expect(nominate).not_to_contain_text("科员")
    for _i in range(3):
        head.row(service).get_by_role("button", name="推荐").click()
        head.expect_message("已推荐")
    for s in org.delegates_of(service):
        expect(head.row(service)).to_contain_text(s.name)
    head.shot("02-head-delegates")
    for d in org.depts[1:]:
        for s in org.delegates_of(d):
            svc.delegate_nominate(actor=org.heads[d.pk], round=rnd, staff=s)


def _tally_prints_the_slips(tally: Person, rnd: Round) -> list[tuple[str, str]]:
    """The tally staff print the slips: the codes exist on this page only. Returns (department, code)."""
    tally.goto(rnd.get_absolute_url())
    tally.page.get_by_test_id("generate-codes").click()
    expect(tally.page.locator("h2.page-title")).to_contain_text("民主测评选票")
    slips = tally.page.locator(".slip")
    expect(slips).to_have_count(15)
    codes = [(s.get_attribute("data-department"), s.get_by_test_id("code").inner_text()) for s in slips.all()]
    expect(slips.first.locator("img")).to_have_attribute("src", re.compile(r"^data:image/svg\+xml"))
    tally.shot("03-tally-slips")
    stored = set(BallotCode.objects.filter(round=rnd).values_list("digest", flat=True))
    key = Round.objects.get(pk=rnd.pk).code_key
    assert {svc.digest(c, key) for _d, c in codes} == stored  # only keyed digests are kept
    tally.page.get_by_role("link", name="返回考核").click()
    tally.advance("民主测评")
    # no totals before the minimum number of ballots, not even for the tally staff
    expect(tally.page.locator("th", has_text="综合得分")).to_have_count(0)
    return codes


def _delegates_vote(delegate: Person, org: Org, rnd: Round, codes: list[tuple[str, str]]) -> None:
    """Delegates vote with their codes, no login: one opens the QR code's link; a used code is refused."""
    by_name = {d.name: d for d in org.depts}
    for k, (dept_name, code) in enumerate(codes[:BALLOTS]):
        if k == 0:
            delegate.goto(f"/performance/vote/#{code.replace('-', '')}")
            expect(delegate.page.get_by_label("测评码")).to_have_value(code.replace("-", ""))
            expect(delegate.page).to_have_url(re.compile(r"/performance/vote/$"))  # the code left the URL
        else:
            delegate.goto("/performance/vote/")
            delegate.page.get_by_label("测评码").fill(code.lower() if k == 1 else code)
        delegate.page.get_by_role("button", name="开始打分").click()
        ballot = delegate.page.get_by_test_id("ballot")
        own = by_name[dept_name]
        expect(ballot.get_by_label(own.name, exact=True)).to_have_count(0)  # not their own department
        for i, d in enumerate(org.depts):
            if d != own:
                ballot.get_by_label(d.name, exact=True).fill(str(95 - 3 * i - (k % 3)))
        if k == 0:
            delegate.shot("04-delegate-ballot")
        ballot.get_by_role("button", name="提交选票").click()
        expect(delegate.page.get_by_test_id("vote-done")).to_have_text("选票已提交，谢谢！")
    delegate.shot("05-delegate-done")
    delegate.goto("/performance/vote/")  # the same code twice
    delegate.page.get_by_label("测评码").fill(codes[0][1])
    delegate.page.get_by_role("button", name="开始打分").click()
    expect(delegate.page.get_by_role("alert")).to_have_text("测评码无效、已使用，或测评不在进行中")
    assert delegate.console_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    delegate.console_errors.clear()  # the refused code answers 400 by design; nothing else went wrong
    rnd.refresh_from_db()
    assert (rnd.ballots_cast, rnd.ballots_invalid) == (BALLOTS, 0)
    assert SealedBallot.objects.filter(round=rnd).count() == BALLOTS  # sealed until the box closes


def _leader_scores_every_department(leader: Person, org: Org, round_path: str) -> None:
    """A leader scores every department (during the meeting) and sees no scores."""
    leader.log_in(org.leader)
    leader.goto(round_path)
    scores = leader.page.get_by_test_id("leader-form")
    for i, d in enumerate(org.depts):
        scores.get_by_label(d.name, exact=True).fill(str(96 - 2 * i))
    leader.shot("06-leader-scores")
    scores.get_by_role("button", name="保存评分").click()
    leader.expect_message("已保存5个部门的评分")
    expect(leader.page.locator("th", has_text="综合得分")).to_have_count(0)  # leaders see no scores


def _tally_closes_tallies_and_publishes(tally: Person, rnd: Round) -> None:
    """The tally staff close the voting, tally and publish; unused slips become void."""
    tally.goto(rnd.get_absolute_url())
    expect(tally.page.locator("th", has_text="民主测评")).to_have_count(
        0
    )  # the box is open: no running means
    tally.advance("领导评分")
    expect(tally.page.locator("th", has_text="民主测评")).to_have_count(1)  # closed, the minimum is in
    tally.advance("已计分")
    expect(tally.page.get_by_test_id("coefficient")).to_have_count(5)
    tally.shot("07-tally-tallied")
    tally.advance("已公布")
    tally.expect_message("已进入“已公布”")
    assert BallotCode.objects.filter(round=rnd, used=False).count() == 0  # unused slips are void
    tally.shot("08-tally-published")


def _head_grades_the_staff(head: Person, leader: Person, org: Org, rnd: Round) -> dict:
    """The department head grades the staff but themselves (回避): over the quota refused, then within it; the
    leader grades the head on the same page (the other departments through the service). Returns the service
    department's grades by staff id."""
    service = org.depts[0]
    rnd.refresh_from_db()
    head.goto(rnd.get_absolute_url())
    head.row(service).get_by_role("link", name="个人等次").click()
    expect(head.page.locator("h2.page-title")).to_contain_text("个人等次")
    own, *staff = org.staff[service.pk]
    expect(head.page.get_by_label(own.name, exact=True)).to_have_count(0)  # no control on the head's own row
    expect(head.page.get_by_test_id("by-leader")).to_have_count(1)
    for s in staff:
        head.page.get_by_label(s.name, exact=True).select_option(label="优秀")
    head.page.get_by_role("button", name="保存等次").click()
    head.expect_message("超出等次名额")
    assert not StaffGrade.objects.filter(round=rnd).exists()
    grades = _within_quota(rnd.results.get(department=service).quota, [own, *staff])
    for s in staff:
        head.page.get_by_label(s.name, exact=True).select_option(label=GRADE_LABELS[grades[s.pk]])
    head.page.get_by_role("button", name="保存等次").click()
    head.expect_message(f"已保存{len(staff)}人的等次")
    head.shot("09-head-grades")
    leader.goto(rnd.get_absolute_url())
    leader.row(service).get_by_role("link", name="个人等次").click()
    expect(leader.page.get_by_label(staff[0].name, exact=True)).to_have_count(0)  # the head's to grade
    leader.page.get_by_label(own.name, exact=True).select_option(label=GRADE_LABELS[grades[own.pk]])
    leader.page.get_by_role("button", name="保存等次").click()
    leader.expect_message("已保存1人的等次")
    leader.shot("09b-leader-grades-the-head")
    for d in org.depts[1:]:
        head_staff, *others = org.staff[d.pk]
        by_quota = _within_quota(rnd.results.get(department=d).quota, org.staff[d.pk])
        svc.grades_set(
            actor=org.heads[d.pk],
            round=rnd,
            department_id=d.pk,
            grades={s.pk: by_quota[s.pk] for s in others},
        )
        svc.grades_set(
            actor=org.leader, round=rnd, department_id=d.pk, grades={head_staff.pk: by_quota[head_staff.pk]}
        )
    return grades


def _staff_member_sees_their_grade(own: Person, org: Org, grades: dict) -> None:
    member = org.staff[org.depts[0].pk][3]
    member_user = f.user_with_role(
        Role.AGENT, zone=org.zone, staff=member, user__username="daiban", display_name=member.name
    )
    own.log_in(member_user)
    own.goto("/performance/my/")
    expect(own.page.get_by_test_id("my-grade")).to_have_text(GRADE_LABELS[grades[member.pk]])
    own.shot("10-staff-my-grade")


def _tally_exports_the_pay_sheet(tally: Person, round_path: str, tmp_path) -> None:
    """The tally staff export the pay sheet for the finance office."""
    tally.goto(round_path)
    tally.page.get_by_role("link", name="绩效工资").click()
    expect(tally.page.locator("h2.page-title")).to_contain_text("绩效工资")
    expect(tally.page.locator(".alert-warning")).to_have_count(0)  # ready: everyone graded, every profile in
    tally.shot("11-tally-pay-sheet")
    with tally.page.expect_download() as info:
        tally.page.get_by_test_id("pay-export").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    _check_pay_workbook(load_workbook(saved))


def _check_pay_workbook(wb) -> None:
    """The workbook's figures add up to the fen: guaranteed + performance = paid per line, the performance
    parts share out the pool, the total pay equals the total standard pay, and results moved some pay."""
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) for name in header if name}
    lines = [row for row in ws.iter_rows(min_row=2, values_only=True) if row[0] and row[0] != "合计"]
    total = next(row for row in ws.iter_rows(min_row=2, values_only=True) if row[0] == "合计")
    assert len(lines) == 30
    standard = sum(fen(r[col["季度标准工资（元）"]]) for r in lines)
    guaranteed = sum(fen(r[col["保底部分（元）"]]) for r in lines)
    performance = sum(fen(r[col["绩效部分（元）"]]) for r in lines)
    paid = sum(fen(r[col["季度应发（元）"]]) for r in lines)
    for r in lines:
        assert fen(r[col["保底部分（元）"]]) + fen(r[col["绩效部分（元）"]]) == fen(r[col["季度应发（元）"]])
        assert fen(r[col["标准月薪（元）"]]) * 3 == fen(r[col["季度标准工资（元）"]])
    pool = sum(fen(v) for _k, v in wb["奖金池"].iter_rows(min_row=2, values_only=True))
    assert performance == pool == standard - guaranteed  # the pool is shared out to the fen
    assert paid == standard  # nothing made or lost, only moved by results
    assert fen(total[col["季度应发（元）"]]) == paid and fen(total[col["绩效部分（元）"]]) == pool
    assert len({fen(r[col["季度应发（元）"]]) - fen(r[col["季度标准工资（元）"]]) for r in lines}) > 1


def _within_quota(quota: dict, staff: list) -> dict:
    """Grades by staff id that fill the quota exactly: the excellent and good ones first, improve last."""
    seq = ["excellent"] * quota["excellent"] + ["good"] * quota["good"]
    seq += ["pass"] * (len(staff) - len(seq) - quota["improve"]) + ["improve"] * quota["improve"]
    return {s.pk: g for s, g in zip(staff, seq, strict=True)}


def test_a_paid_quarter_is_closed_and_corrected_by_a_supplement_and_a_recovery(
    world: Org, person, chromium, tmp_path
):
    """The tally staff close the quarter's pay, record a 补发 and a 扣回 for a later payroll, and download the
    finance sheet; the head's grades page no longer saves. Screenshot: /tmp/perf-adjustments.png."""
    from django.utils import timezone

    from devzone.testing.performance import grade_all, run_round

    _browser, people = chromium
    org = world
    rnd, _codes = run_round(org)
    grade_all(org, rnd)
    member = org.staff[org.depts[1].pk][3]
    today = timezone.localdate()
    month = f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}"

    tally = person("tally")
    tally.log_in(org.tally)
    tally.goto(f"/performance/rounds/{rnd.pk}/pay/")
    tally.page.get_by_test_id("adjustments-link").click()
    tally.page.get_by_test_id("close-pay").click()
    tally.expect_message("已结算")
    expect(tally.page.get_by_test_id("pay-closed")).to_have_text("已结算")
    form = tally.page.locator("form").filter(has=tally.page.get_by_test_id("adjust"))
    for kind, amount, reason in (
        ("补发", "1,234.56", "岗位价值系数录入错误，补发差额"),
        ("扣回", "200.01", "重复计发"),
    ):
        form.get_by_label("工作人员").select_option(label=f"{member.employee_no} {member.name}")
        form.get_by_label("类别").select_option(label=kind)
        form.get_by_label("金额（元）").fill(amount)
        form.get_by_label("随哪月工资发放").fill(month)
        form.get_by_label("事由（记入审计）").fill(reason)
        tally.page.get_by_test_id("adjust").click()
        tally.expect_message(f"已登记{kind}")
    # three decimals: refused in Chinese, nothing recorded
    form.get_by_label("金额（元）").fill("1.005")
    form.get_by_label("随哪月工资发放").fill(month)
    form.get_by_label("事由（记入审计）").fill("x")
    tally.page.get_by_test_id("adjust").click()
    tally.expect_message("金额最多两位小数")
    expect(tally.page.get_by_test_id("net")).to_have_text("1,034.55")
    expect(tally.page.get_by_test_id("adjustments")).to_contain_text("计分员孙丽")
    browser.screenshot(tally.page, browser.SCREENSHOTS / "perf-adjustments.png")
    with tally.page.expect_download() as dl:
        tally.page.get_by_test_id("adjustment-export").click()
    saved = tmp_path / dl.value.suggested_filename
    dl.value.save_as(saved)
    wb = load_workbook(saved)
    rows = [[c.value for c in row] for row in wb.worksheets[0].iter_rows()]
    assert [x[4:7] for x in rows[1:3]] == [["补发", 1234.56, 1234.56], ["扣回", 200.01, -200.01]]
    assert rows[-1][6] == 1034.55

    # the head of the department: the quarter's grades no longer change
    head = person("department head")
    head.log_in(org.heads[org.depts[1].pk])
    head.goto(f"/performance/rounds/{rnd.pk}/grades/{org.depts[1].pk}/")
    browser.screenshot(head.page, browser.SCREENSHOTS / "perf-grades-closed.png")
    before = dict(StaffGrade.objects.filter(round=rnd).values_list("staff_id", "grade"))
    expect(head.page.get_by_test_id("grades-locked")).to_be_visible()
    expect(head.page.get_by_role("button", name=re.compile("保存"))).to_have_count(0)
    assert dict(StaffGrade.objects.filter(round=rnd).values_list("staff_id", "grade")) == before
    assert_no_trouble(people)
