"""A paid quarter is closed (结算): grades, appeals, reopening and pay are locked; a correction is an audited
补发/扣回 paid in a later payroll, with its own sheet. Bad input is a Chinese refusal that changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core import audit
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.performance import selectors
from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.performance.models import PayAdjustment, PayProfile, Round, StaffGrade
from devzone.testing import factories as f
from devzone.testing.performance import adjust, adjustment, grade_all, next_month, run_round

pytestmark = pytest.mark.django_db
API = "/api/v1/performance"
JSON = "application/json"


@pytest.fixture
def closed(org):
    r, _ = run_round(org)
    grade_all(org, r)
    r = svc.round_close_pay(actor=org.tally, round=r)
    return r


def test_closing_needs_the_tally_staff_and_a_complete_pay_sheet(org):
    r, _ = run_round(org)
    with pytest.raises(DomainError, match="尚不能结算"):  # nobody graded yet
        svc.round_close_pay(actor=org.tally, round=r)
    grade_all(org, r)
    with pytest.raises(PermissionDeniedError):
        svc.round_close_pay(actor=org.leader, round=r)
    assert Round.objects.get(pk=r.pk).pay_closed_at is None
    r = svc.round_close_pay(actor=org.tally, round=r)
    assert r.pay_closed_at is not None and r.pay_closed_by == org.tally
    with pytest.raises(DomainError, match="已结算"):
        svc.round_close_pay(actor=org.tally, round=r)


def test_closing_is_only_for_a_published_round(org):
    r, _ = run_round(org, until=RoundStatus.TALLIED)
    with pytest.raises(DomainError, match="当前状态"):
        svc.round_close_pay(actor=org.tally, round=r)


def test_a_closed_quarter_refuses_grades_appeals_and_reopening(closed, org, sysadmin):
    r = closed
    d = org.depts[0]
    member = org.staff[d.pk][-1]
    before = dict(StaffGrade.objects.filter(round=r).values_list("staff_id", "grade"))
    with pytest.raises(DomainError, match="已结算"):
        svc.grades_set(actor=org.heads[d.pk], round=r, department_id=d.pk, grades={member.pk: "pass"})
    with pytest.raises(DomainError, match="已结算"):
        svc.round_reopen(actor=sysadmin, round=r, reason="更正")
    user = f.user_with_role("reviewer", zone=org.zone, staff=member, user__username="member_x")
    grade = StaffGrade.objects.get(round=r, staff=member)
    with pytest.raises(DomainError, match="已结算"):
        svc.appeal_submit(actor=user, grade=grade, reason="不服")
    assert dict(StaffGrade.objects.filter(round=r).values_list("staff_id", "grade")) == before
    assert Round.objects.get(pk=r.pk).status == RoundStatus.PUBLISHED


def test_closing_freezes_the_pay_so_a_later_profile_change_does_not_move_it(closed, org):
    r = closed
    before = {x.staff.pk: x.line.total_fen for x in selectors.pay_sheet(r).rows}
    # grades saved before pay inputs were frozen: the closing wrote them
    assert not StaffGrade.objects.filter(round=r, monthly_standard_fen__isnull=True).exists()
    s = org.staff[org.depts[0].pk][0]
    svc.payprofile_set(actor=org.tally, staff=s, monthly_yuan="99999")
    assert PayProfile.objects.get(staff=s).monthly_standard_fen == 9_999_900
    after = {x.staff.pk: x.line.total_fen for x in selectors.pay_sheet(r).rows}
    assert after == before


def test_adjustments_are_fen_exact_audited_and_summed(closed, org):
    r = closed
    s = org.staff[org.depts[1].pk][2]
    month = next_month()
    a = adjust(
        org, r, staff=s.pk, amount_yuan="1,234.56", reason="岗位系数录入错误，补发差额", payroll_month=month
    )
    b = adjust(org, r, staff=s.pk, kind="recovery", amount_yuan="200.01", reason="多发", payroll_month=month)
    assert (a.amount_fen, a.signed_fen) == (123_456, 123_456)
    assert (b.amount_fen, b.signed_fen) == (20_001, -20_001)
    assert a.created_by == org.tally and a.payroll_month.strftime("%Y-%m") == month
    # 1,234.56 − 200.01 = 1,034.55 元 on top of the quarter's pay line
    line = next(x for x in selectors.pay_sheet(r).rows if x.staff.pk == s.pk).line.total_fen
    assert svc.net_paid_fen(r, s.pk) == line + 103_455
    events = [*audit.trail_for(a), *audit.trail_for(b)]
    assert len(events) == 2 and all(e.actor == org.tally for e in events)
    assert "补发" in events[0].note and "1234.56" in events[0].note and "岗位系数录入错误" in events[0].note


def test_a_recovery_never_takes_back_more_than_the_person_received(closed, org):
    r = closed
    s = org.staff[org.depts[0].pk][3]
    have = svc.net_paid_fen(r, s.pk)
    with pytest.raises(DomainError, match="超过") as e:
        adjust(org, r, staff=s.pk, kind="recovery", amount_yuan=f"{(have + 1) / 100:.2f}", reason="多发")
    assert "amount_yuan" in e.value.errors
    assert not PayAdjustment.objects.exists()
    adjust(org, r, staff=s.pk, kind="recovery", amount_yuan=f"{have / 100:.2f}", reason="全额扣回")
    assert svc.net_paid_fen(r, s.pk) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "bonus"}, "kind"),
        ({"amount_yuan": "0"}, "amount_yuan"),
        ({"amount_yuan": "-5"}, "amount_yuan"),
        ({"amount_yuan": "12.345"}, "amount_yuan"),
        ({"amount_yuan": "一百"}, "amount_yuan"),
        ({"amount_yuan": "NaN"}, "amount_yuan"),
        ({"amount_yuan": "1000000.01"}, "amount_yuan"),
        ({"reason": "  "}, "reason"),
        ({"reason": "x" * 501}, "reason"),
        ({"payroll_month": "2027/01"}, "payroll_month"),
        ({"payroll_month": "2027-13"}, "payroll_month"),
        ({"payroll_month": "2020-01"}, "payroll_month"),  # before the closing: not a later payroll
        ({"staff": 0}, "staff"),
    ],
)
def test_bad_adjustments_are_refused_in_chinese_and_change_nothing(closed, org, change, field):
    r = closed
    data = adjustment(org, **change)
    version = Round.objects.get(pk=r.pk).version
    with pytest.raises(DomainError) as e:
        svc.adjustment_create(actor=org.tally, round=r, **data)
    assert field in e.value.errors
    assert any("\u4e00" <= ch <= "\u9fff" for ch in e.value.message)
    assert not PayAdjustment.objects.exists()
    assert Round.objects.get(pk=r.pk).version == version


def test_the_payroll_month_is_after_the_month_of_closing(closed, org):
    this = timezone.localdate().strftime("%Y-%m")
    with pytest.raises(DomainError, match="以后"):
        adjust(org, closed, amount_yuan="1", payroll_month=this)


def test_adjustments_need_a_closed_quarter_and_the_tally_staff(org):
    r, _ = run_round(org)
    grade_all(org, r)
    data = adjustment(org)
    with pytest.raises(DomainError, match="尚未结算"):
        svc.adjustment_create(actor=org.tally, round=r, **data)
    svc.round_close_pay(actor=org.tally, round=r)
    for user in (org.leader, org.heads[org.depts[0].pk]):
        with pytest.raises(PermissionDeniedError):
            svc.adjustment_create(actor=user, round=r, **data)
    assert not PayAdjustment.objects.exists()


def test_the_page_closes_records_and_exports_the_sheet(org, client_for):
    r, _ = run_round(org)
    grade_all(org, r)
    c = client_for(org.tally)
    page = reverse("performance:adjustment_list", args=[r.pk])
    assert "结算本季度绩效工资" in c.get(page).content.decode()
    resp = c.post(reverse("performance:round_action", args=[r.pk, "close_pay"]), {"version": r.version})
    assert resp.status_code == 302 and resp["Location"] == page
    assert Round.objects.get(pk=r.pk).pay_closed_at is not None
    s = org.staff[org.depts[2].pk][4]
    url = reverse("performance:round_action", args=[r.pk, "adjust"])
    body = {
        "staff": s.pk,
        "kind": "supplement",
        "amount_yuan": "88.08",
        "reason": "漏计加班",
        "payroll_month": next_month(),
    }
    c.post(url, {**body, **_adjust_form(c, r), "amount_yuan": "8.888"})  # refused: three decimals
    assert not PayAdjustment.objects.exists()
    c.post(url, {**body, **_adjust_form(c, r)})
    c.post(
        url, {**body, **_adjust_form(c, r), "kind": "recovery", "amount_yuan": "8.08", "reason": "重复计算"}
    )
    html = c.get(page).content.decode()
    assert "漏计加班" in html and "80.00" in html  # 88.08 − 8.08
    xlsx = c.get(reverse("performance:adjustment_export", args=[r.pk]))
    assert xlsx.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    ws = wb.worksheets[0]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][:7] == ["随哪月工资发放", "工号", "姓名", "部门", "类别", "金额（元）", "计入工资（元）"]
    assert [r_[4:7] for r_ in rows[1:3]] == [["补发", 88.08, 88.08], ["扣回", 8.08, -8.08]]
    assert rows[-1][0] == "合计" and rows[-1][6] == 80.0
    assert [[c.value for c in row] for row in wb.worksheets[1].iter_rows()][1] == [next_month(), 80.0]


def test_the_api_closes_and_records_with_the_same_rules(org, client_for):
    r, _ = run_round(org)
    grade_all(org, r)
    c = client_for(org.tally)
    version = Round.objects.get(pk=r.pk).version  # required: a retried 结算 is refused as stale
    resp = c.post(f"{API}/rounds/{r.pk}/close_pay", json.dumps({"version": version}), content_type=JSON)
    assert resp.status_code == 200 and resp.json()["pay_closed_at"]
    s = org.staff[org.depts[0].pk][5]
    body = {
        "staff": s.pk,
        "kind": "recovery",
        "amount_yuan": "10.5",
        "reason": "多发",
        "payroll_month": next_month(),
        "version": Round.objects.get(pk=r.pk).version,
    }
    bad = c.post(f"{API}/rounds/{r.pk}/adjustments", json.dumps({**body, "kind": "x"}), content_type=JSON)
    # the description publishes the two kinds: an unknown one is refused by the schema, on its field
    assert bad.status_code == 422 and bad.json()["errors"] == {"kind": ["不是可选的值"]}
    extra = c.post(f"{API}/rounds/{r.pk}/adjustments", json.dumps({**body, "zone": 1}), content_type=JSON)
    assert extra.status_code in (400, 422)
    assert not PayAdjustment.objects.exists()
    ok = c.post(f"{API}/rounds/{r.pk}/adjustments", json.dumps(body), content_type=JSON)
    assert ok.status_code == 201, ok.content
    out = ok.json()
    assert (out["kind"], out["amount_fen"], out["signed_fen"]) == ("recovery", 1050, -1050)
    assert out["employee_no"] == s.employee_no and out["payroll_month"] == next_month()
    listed = c.get(f"{API}/rounds/{r.pk}/adjustments").json()
    assert [x["id"] for x in listed] == [out["id"]]
    assert c.get(f"{API}/adjustments/{out['id']}").json()["reason"] == "多发"
    # the head of a department may not record one (403) and grades stay locked through the API too
    head = client_for(org.heads[org.depts[0].pk])
    assert (
        head.post(f"{API}/rounds/{r.pk}/adjustments", json.dumps(body), content_type=JSON).status_code == 403
    )
    g = head.post(
        f"{API}/rounds/{r.pk}/grades",
        json.dumps({"department": org.depts[0].pk, "grades": {str(s.pk): "pass"}}),
        content_type=JSON,
    )
    assert g.status_code == 400 and "已结算" in g.json()["title"]
    assert PayAdjustment.objects.count() == 1


def test_payroll_month_accepts_a_date(closed, org):
    month = dt.date.today().replace(day=1) + dt.timedelta(days=40)
    a = adjust(org, closed, amount_yuan=1, payroll_month=month)
    assert a.payroll_month == month.replace(day=1)


def test_garbage_on_the_adjustment_api_is_a_chinese_4xx_and_changes_nothing(closed, org, client_for):
    r = closed
    c = client_for(org.tally)
    version = Round.objects.get(pk=r.pk).version
    good = {**adjustment(org, amount_yuan="1"), "version": version}
    for body in [
        "{",
        "[]",
        {},
        {**good, "staff": "abc"},
        {**good, "staff": 99999999999999999999},
        {**good, "amount_yuan": []},
        {**good, "amount_yuan": "1e400"},
        {**good, "amount_yuan": "Infinity"},
        {**good, "payroll_month": 202701},
        {**good, "payroll_month": "9999-99"},
        {**good, "reason": "a\x00b"},
        {**good, "kind": None},
        {**good, "version": "abc"},
        {**good, "version": -1},
    ]:
        raw = body if isinstance(body, str) else json.dumps(body)
        resp = c.post(f"{API}/rounds/{r.pk}/adjustments", raw, content_type=JSON)
        assert 400 <= resp.status_code < 500, (body, resp.content[:300])
        text = json.dumps(resp.json(), ensure_ascii=False)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), (body, text)
    resp = c.post(f"{API}/rounds/{r.pk}/close_pay", json.dumps({"version": "abc"}), content_type=JSON)
    assert 400 <= resp.status_code < 500
    assert not PayAdjustment.objects.exists()
    assert Round.objects.get(pk=r.pk).version == version


def test_the_adjustment_list_costs_the_same_queries_for_2_and_12_rows(closed, org, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    r = closed
    c = client_for(org.tally)
    people = [s for d in org.depts for s in org.staff[d.pk]]

    def add(n):
        for s in people[:n]:
            adjust(org, r, staff=s.pk, amount_yuan="1")

    def counts():
        out = []
        for url in (
            reverse("performance:adjustment_list", args=[r.pk]),
            reverse("performance:adjustment_export", args=[r.pk]),
            f"{API}/rounds/{r.pk}/adjustments",
        ):
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url).status_code == 200
            out.append(len(ctx))
        return out

    add(2)
    few = counts()
    add(10)
    assert counts() == few


def test_a_person_sees_their_own_adjustments_on_their_pay_page(closed, org, client_for):
    r = closed
    member, other = org.staff[org.depts[0].pk][4], org.staff[org.depts[0].pk][5]
    for s, reason in ((member, "漏发加班补贴"), (other, "别人的补发")):
        adjust(org, r, staff=s.pk, amount_yuan="66.60", reason=reason)
    user = f.user_with_role("reviewer", zone=org.zone, staff=member, user__username="member_z")
    c = client_for(user)
    html = c.get(reverse("performance:pay_person", args=[r.pk, member.pk])).content.decode()
    assert "漏发加班补贴" in html and "66.60" in html and "别人的补发" not in html
    assert c.get(reverse("performance:pay_person", args=[r.pk, other.pk])).status_code == 403


def test_publishing_the_next_quarter_settles_the_earlier_one_and_locks_its_grades(org):
    """The issue: a department head could re-save grades of a round published months ago. Grades are given
    after a quarter's publication, so the lock comes when the next quarter is published: the earlier quarter
    is settled with it, its grades refuse any change, and a correction is a 补发/扣回."""
    q1, _ = run_round(org, quarter=1)
    grade_all(org, q1)
    d = org.depts[0]
    s = org.staff[d.pk][1]
    paid = {x.staff.pk: x.line.total_fen for x in selectors.pay_sheet(q1).rows}
    # before the next quarter is published the head may still correct q1's grades (audited)
    g = StaffGrade.objects.get(round=q1, staff=s)
    svc.grades_set(actor=org.heads[d.pk], round=q1, department_id=d.pk, grades={s.pk: g.grade})
    q2, _ = run_round(org, quarter=2)
    q1.refresh_from_db()
    assert q1.pay_closed_at is not None and q1.pay_closed_by == org.tally
    assert Round.objects.get(pk=q2.pk).pay_closed_at is None  # the newest quarter still takes grades
    event = audit.trail_for(q1).filter(note__contains="随2026年第2季度考核公布自动结算").first()
    assert event is not None
    with pytest.raises(DomainError, match="已结算"):
        svc.grades_set(actor=org.heads[d.pk], round=q1, department_id=d.pk, grades={s.pk: "pass"})
    PayProfile.objects.filter(staff=s).update(monthly_standard_fen=2_000_000)
    assert {x.staff.pk: x.line.total_fen for x in selectors.pay_sheet(q1).rows} == paid
    adj = svc.adjustment_create(
        actor=org.tally,
        round=q1,
        staff=s.pk,
        kind="supplement",
        amount_yuan="12.34",
        reason="一季度等次更正",
        payroll_month=next_month(),
    )
    assert adj.amount_fen == 1234


def test_a_quarter_that_cannot_be_settled_holds_up_the_next_publication(org):
    q1, _ = run_round(org, quarter=1)  # published, nobody graded
    q2, _ = run_round(org, until=RoundStatus.TALLIED, quarter=2)
    with pytest.raises(DomainError, match="2026年第1季度考核尚未结算且不能结算"):
        svc.round_advance(actor=org.tally, round=q2)
    assert Round.objects.get(pk=q2.pk).status == RoundStatus.TALLIED
    assert Round.objects.get(pk=q1.pk).pay_closed_at is None
    grade_all(org, Round.objects.get(pk=q1.pk))
    svc.round_advance(actor=org.tally, round=Round.objects.get(pk=q2.pk))
    assert Round.objects.get(pk=q1.pk).pay_closed_at is not None


def _city_pool(city_officer, zone, pool_fen: int, *, scheme=None, quarter: int = 0, value: str = "5"):
    """The city's assessment of the zone for 2026 (the year's, quarter 0, or a quarter's) published: it sets
    the zone's pay pool (planning, through ``core.registry.zone_pool``). Returns the city's scheme."""
    from devzone.planning import services as plan

    if scheme is None:
        scheme = plan.scheme_set(
            actor=city_officer,
            year=2026,
            category=zone.level,
            name="园区考核",
            full_pool_fen=pool_fen,
            indicators=[{"name": "亩均税收", "weight": "100", "target": "10", "source": "entered"}],
        )
    indicator = str(scheme.indicators.get().pk)
    plan.zone_score(
        actor=city_officer,
        scheme_id=scheme.pk,
        zone_id=zone.pk,
        quarter=quarter,
        entered={indicator: {"value": value, "evidence": "统计表"}},
    )
    plan.publish(actor=city_officer, scheme_id=scheme.pk, quarter=quarter)
    return scheme


def test_a_closed_quarters_pay_does_not_move_when_the_city_publishes_a_pool_later(org, city_officer):
    """结算 locks the quarter's pay: a zone pool the city's assessment publishes afterwards (the year's result
    covers every quarter of the year) leaves what was paid — and what a 扣回 may take back — as it was, while
    a quarter still open is paid from the city's pool."""
    from devzone.core import registry

    r, _ = run_round(org)  # 2026 Q3
    grade_all(org, r)
    r = svc.round_close_pay(actor=org.tally, round=r)
    before = selectors.pay_sheet(r)
    paid = {row.staff.pk: row.total_fen for row in before.rows}
    _city_pool(city_officer, org.zone, 3 * before.pool_fen)
    city = registry.zone_pool_for(zone_id=org.zone.pk, year=2026, quarter=3)
    assert city is not None and city.fen != before.pool_fen
    after = selectors.pay_sheet(r)
    assert (after.pool_fen, after.total_fen, after.zone_pool) == (before.pool_fen, before.total_fen, None)
    assert {row.staff.pk: row.total_fen for row in after.rows} == paid
    sid = org.staff[org.depts[0].pk][1].pk
    assert svc.net_paid_fen(r, sid) == paid[sid]
    # the next quarter, still open, is paid from the city's pool
    q4, _ = run_round(org, quarter=4)
    grade_all(org, q4)
    assert selectors.pay_sheet(q4).pool_fen == city.fen


def test_closing_keeps_the_citys_pool_and_its_reference_as_paid(org, city_officer, client_for):
    """A quarter closed while the city's pool applies keeps that pool and the decision it rests on, whatever
    the city publishes later (a quarter's own result replaces the year's for an open quarter)."""
    from devzone.core import registry

    r, _ = run_round(org)  # 2026 Q3
    grade_all(org, r)
    scheme = _city_pool(city_officer, org.zone, 5_000_000)  # the year's result
    open_sheet = selectors.pay_sheet(r)
    assert open_sheet.zone_pool is not None and open_sheet.pool_fen == open_sheet.zone_pool.fen
    r = svc.round_close_pay(actor=org.tally, round=r)
    paid = {row.staff.pk: row.total_fen for row in open_sheet.rows}
    _city_pool(city_officer, org.zone, 0, scheme=scheme, quarter=3, value="9")  # then Q3's own result
    assert registry.zone_pool_for(zone_id=org.zone.pk, year=2026, quarter=3).fen != open_sheet.pool_fen
    sheet = selectors.pay_sheet(r)
    assert sheet.zone_pool == open_sheet.zone_pool  # the pool paid and the decision it rested on
    assert {row.staff.pk: row.total_fen for row in sheet.rows} == paid
    html = client_for(org.tally).get(reverse("performance:pay_sheet", args=[r.pk])).content.decode()
    assert open_sheet.zone_pool.reference in html


def _adjust_form(c, r) -> dict:
    """The 补发/扣回 form as the page gives it (its hidden fields: the round's version the page showed)."""
    html = c.get(reverse("performance:adjustment_list", args=[r.pk])).content.decode()
    assert 'data-testid="adjust"' in html
    return {"version": re.search(r'name="version" value="(\d+)"', html).group(1)}


def test_the_same_supplement_form_posted_twice_records_it_once(closed, org, client_for):
    """A double click, or a reload that posts the form again, sends the same 补发 twice: the second is refused
    with a message (not a 500, nothing recorded) because the form carries the round's version it was filled
    on; the page then offers a fresh form, which records the next one."""
    r = closed
    c = client_for(org.tally)
    url = reverse("performance:round_action", args=[r.pk, "adjust"])
    data = {**adjustment(org, amount_yuan="1500", reason="补发2026年三季度绩效"), **_adjust_form(c, r)}
    first = c.post(url, data)
    second = c.post(url, data, follow=True)
    assert first.status_code == 302 and second.status_code == 200
    assert PayAdjustment.objects.filter(round=r).count() == 1
    assert "本次未登记" in second.content.decode()
    # the page's new form (the version moved on) records the next adjustment
    c.post(url, {**data, **_adjust_form(c, r), "reason": "另一笔补发"})
    assert PayAdjustment.objects.filter(round=r).count() == 2


def test_the_api_refuses_an_adjustment_sent_twice(closed, org, client_for):
    r = closed
    c = client_for(org.tally)
    body = {**adjustment(org, amount_yuan="20"), "version": Round.objects.get(pk=r.pk).version}
    url = f"{API}/rounds/{r.pk}/adjustments"
    assert c.post(url, json.dumps(body), content_type=JSON).status_code == 201
    again = c.post(url, json.dumps(body), content_type=JSON)
    assert again.status_code == 409 and "本次未登记" in again.json()["title"]
    # without the version it is refused by the schema, on its field
    bare = {k: v for k, v in body.items() if k != "version"}
    resp = c.post(url, json.dumps(bare), content_type=JSON)
    assert resp.status_code == 422 and "version" in resp.json()["errors"]
    assert PayAdjustment.objects.filter(round=r).count() == 1
